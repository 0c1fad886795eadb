"""Measure the privacy guard on generated, dev and hand-written hurried texts; print JSON.

Done when every valid BSN, IBAN, phone number and e-mail address is found (recall 1.0), at
most 1 in 20 clean texts is flagged, and on the hurried sentences (tests/privacy/data)
recall is at least 0.95 with at most 5 % of clean sentences flagged. The held-out files are
only measured, never read for errors. Also reports how long loading deduce took (from the
cache in the instance folder, or building it) and the scan time of a 500-character text.
Run: .venv/bin/python benchmarks/privacy_corpus.py
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from learning.privacy import scan, warm_up
from learning.privacy.lexicon import cache_dir, load_times
from tests.privacy.corpus import (
    DEV_CORPUS,
    HURRIED_HELDOUT,
    HURRIED_HELDOUT3,
    HURRIED_HELDOUT4,
    HURRIED_HELDOUT5,
    HURRIED_TUNE,
    HURRIED_TUNE2,
    HURRIED_TUNE3,
    clean_samples,
    context_samples,
    evaluate,
    evaluate_hurried,
    load_dev_texts,
    load_hurried,
    structured_samples,
)

TYPICAL = (
    "Mevrouw woont sinds maart in de wijk en krijgt geen bijzondere bijstand omdat de "
    "aanvraag twee dagen te laat binnen was. Het wijkteam en de consulent van het UWV "
    "verwijzen naar elkaar; de Belastingdienst vordert intussen toeslagen terug over 2023. "
    "Zoon (17) zit thuis, leerplicht reageert niet. Per 1 januari is de regeling gewijzigd "
    "en de kredietbank neemt pas na 8 weken een besluit. Niemand heeft de regie."
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-kind", type=int, default=500, help="generated texts per kind")
    parser.add_argument("--clean", type=int, default=500, help="generated clean texts")
    parser.add_argument("--dev", type=Path, default=DEV_CORPUS, help="knelpunten jsonl")
    parser.add_argument("--seed", type=int, default=20250601)
    args = parser.parse_args()

    started = time.perf_counter()
    warm_up()
    figures: dict[str, object] = {
        "load_seconds": round(time.perf_counter() - started, 2),
        "load": {
            "cache_dir": str(cache_dir()),
            "engine_seconds": round(load_times.engine, 2),
            "engine_from_cache": load_times.engine_from_cache,
            "lexicon_seconds": round(load_times.lexicon, 2),
            "lexicon_from_cache": load_times.lexicon_from_cache,
        },
    }
    figures["scan_ms_500_chars"] = _scan_milliseconds(TYPICAL[:500])

    dev_texts = load_dev_texts(args.dev)
    generated_clean = clean_samples(args.clean, seed=args.seed + 2)
    started = time.perf_counter()
    figures.update(
        evaluate(
            structured_samples(args.per_kind, seed=args.seed),
            dev_texts + generated_clean,
            scan,
            context_samples(args.per_kind // 5 or 1, seed=args.seed + 1),
        )
    )
    figures["clean_dev_total"] = len(dev_texts)
    figures["clean_dev_flagged"] = sum(1 for text in dev_texts if scan(text))
    figures["hurried_tune"] = evaluate_hurried(load_hurried(HURRIED_TUNE), scan)
    figures["hurried_tune2"] = evaluate_hurried(load_hurried(HURRIED_TUNE2), scan)
    figures["hurried_tune3"] = evaluate_hurried(load_hurried(HURRIED_TUNE3), scan)
    figures["hurried_heldout"] = evaluate_hurried(load_hurried(HURRIED_HELDOUT), scan)
    figures["hurried_heldout3"] = evaluate_hurried(load_hurried(HURRIED_HELDOUT3), scan)
    figures["hurried_heldout4"] = evaluate_hurried(load_hurried(HURRIED_HELDOUT4), scan)
    figures["hurried_heldout5"] = evaluate_hurried(load_hurried(HURRIED_HELDOUT5), scan)
    heldout = [
        figures[f"hurried_{name}"] for name in ("heldout", "heldout3", "heldout4", "heldout5")
    ]
    found, total = (sum(f[key] for f in heldout) for key in ("pii_found", "pii_total"))
    figures["hurried_heldout_pooled_recall"] = round(found / total, 4)
    tune_paths = (HURRIED_TUNE, HURRIED_TUNE2, HURRIED_TUNE3)
    figures["hurried_us_per_sentence"] = _microseconds_per_sentence(
        [sentence.text for path in tune_paths for sentence in load_hurried(path)]
    )
    figures["seconds"] = round(time.perf_counter() - started, 2)
    print(json.dumps(figures, ensure_ascii=False))


def _microseconds_per_sentence(texts: list[str], repeats: int = 3) -> float:
    """Scan time per hand-written sentence: the best of a few passes over all of them."""
    best = float("inf")
    for _ in range(repeats):
        started = time.perf_counter()
        for text in texts:
            scan(text)
        best = min(best, time.perf_counter() - started)
    return round(best / len(texts) * 1e6)


def _scan_milliseconds(text: str, repeats: int = 50) -> dict[str, float]:
    """Median and 95th percentile of scanning one text, after a first warm scan."""
    scan(text)
    timings = []
    for _ in range(repeats):
        started = time.perf_counter()
        scan(text)
        timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    return {
        "median": round(statistics.median(timings), 2),
        "p95": round(timings[int(0.95 * (len(timings) - 1))], 2),
    }


if __name__ == "__main__":
    main()
