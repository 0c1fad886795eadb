"""Measure the privacy guard on a generated corpus plus the shared dev knelpunten; print JSON.

Done when every valid BSN, IBAN, phone number and e-mail address is found (recall 1.0) and
at most 1 in 20 clean texts is flagged. Run: .venv/bin/python benchmarks/privacy_corpus.py
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from learning.privacy import scan, warm_up
from tests.privacy.corpus import (
    DEV_CORPUS,
    clean_samples,
    context_samples,
    evaluate,
    load_dev_texts,
    structured_samples,
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-kind", type=int, default=500, help="generated texts per kind")
    parser.add_argument("--clean", type=int, default=500, help="generated clean texts")
    parser.add_argument("--dev", type=Path, default=DEV_CORPUS, help="knelpunten jsonl")
    parser.add_argument("--seed", type=int, default=20250601)
    args = parser.parse_args()

    warm_up()
    dev_texts = load_dev_texts(args.dev)
    generated_clean = clean_samples(args.clean, seed=args.seed + 2)
    started = time.perf_counter()
    figures = evaluate(
        structured_samples(args.per_kind, seed=args.seed),
        dev_texts + generated_clean,
        scan,
        context_samples(args.per_kind // 5 or 1, seed=args.seed + 1),
    )
    figures["clean_dev_total"] = len(dev_texts)
    figures["clean_dev_flagged"] = sum(1 for text in dev_texts if scan(text))
    figures["seconds"] = round(time.perf_counter() - started, 2)
    print(json.dumps(figures, ensure_ascii=False))


if __name__ == "__main__":
    main()
