"""Grouping quality of the pattern engine against labelled knelpunten, printed as one JSON object.

    python benchmarks/pattern_quality.py [--data PATH ...] [--cv] [--repeats N]

Scores the engine's batch grouping (cluster), the live app's one-at-a-time grouping (assign in
order of `created`), the lexical-only fallback, and a plain TF-IDF + agglomerative baseline
with BCubed precision/recall/F1 and ARI. With --cv it also re-tunes the few global settings
on half of the patterns and scores them on the other half, so the figures say how well the
defaults can be expected to carry over to patterns never seen. Given --data more than once
(independently written sets), it prints {"sets": {path: report}, "summary": ...} where the
summary gives each method's worst and mean BCubed F1 and ARI over the sets: defaults should be
chosen on the worst set, not the best.
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
import time
from dataclasses import replace
from datetime import date
from pathlib import Path

import numpy as np
from sklearn.cluster import AgglomerativeClustering
from sklearn.feature_extraction.text import TfidfVectorizer

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from learning.patterns import engine, text
from learning.patterns.metrics import bcubed, scores

DEFAULT_DATA = Path("/work/shared/data/knelpunten-dev.jsonl")
# Cosine distance cut of the baseline; the best single value for it on the dev set, so the
# comparison is generous to the baseline.
BASELINE_DISTANCE = 0.95

SEMANTIC_WEIGHTS = (0.5, 0.7, 0.9)
DOMAIN_WEIGHTS = (0.0, 0.05, 0.1, 0.2)
CLUSTER_THRESHOLDS = tuple(np.round(np.arange(0.25, 0.51, 0.01), 2))
LEXICAL_THRESHOLDS = tuple(np.round(np.arange(0.10, 0.36, 0.01), 2))
ASSIGN_THRESHOLDS = tuple(np.round(np.arange(0.25, 0.47, 0.02), 2))


def load(path: Path) -> tuple[list[engine.Item], list[str]]:
    """Items and gold pattern labels; `domain` may be a string or a list."""
    items: list[engine.Item] = []
    gold: list[str] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        row = json.loads(line)
        domain = row.get("domain") or ()
        domains = (domain,) if isinstance(domain, str) else tuple(domain)
        created = row.get("created")
        items.append(
            engine.Item(
                id=str(row.get("id", number)),
                text=row.get("text") or "",
                domains=domains,
                organisation=row.get("reporter"),
                created=date.fromisoformat(created) if created else None,
            )
        )
        gold.append(str(row.get("pattern", f"line-{number}")))
    return items, gold


def baseline(texts: list[str], distance: float = BASELINE_DISTANCE) -> list[int]:
    """Word TF-IDF (library Dutch stop words) + average-linkage agglomerative clustering."""
    if len(texts) < 2:
        return [0] * len(texts)
    matrix = TfidfVectorizer(stop_words=sorted(text.stop_words()), sublinear_tf=True).fit_transform(
        texts
    )
    model = AgglomerativeClustering(
        n_clusters=None, metric="cosine", linkage="average", distance_threshold=distance
    )
    return model.fit_predict(matrix.toarray()).tolist()


def in_created_order(items: list[engine.Item], settings: engine.EngineSettings) -> list[int]:
    """Incremental grouping over the items sorted by date, labels returned in input order."""
    order = sorted(range(len(items)), key=lambda i: (items[i].created or date.min, i))
    labels = engine.group_incrementally([items[i] for i in order], settings)
    result = [0] * len(items)
    for position, index in enumerate(order):
        result[index] = labels[position]
    return result


def timed(run) -> tuple[list[int], float]:
    start = time.perf_counter()
    labels = run()
    return labels, round(time.perf_counter() - start, 3)


def pattern_halves(gold: list[str], repeats: int, seed: int = 0):
    """Random splits of the patterns (not the knelpunten) into two halves, both ways round."""
    patterns = sorted(set(gold))
    rng = np.random.default_rng(seed)
    labels = np.array(gold)
    for _ in range(repeats):
        shuffled = rng.permutation(patterns)
        first = set(shuffled[: len(shuffled) // 2])
        a = np.array([i for i, g in enumerate(labels) if g in first])
        b = np.array([i for i, g in enumerate(labels) if g not in first])
        yield a, b
        yield b, a


def cross_validate(items: list[engine.Item], gold: list[str], repeats: int) -> dict:
    """Tune on one half of the patterns, score on the other; report both sides."""
    labels = np.array(gold)
    full = engine.evidence(items)
    lexical = engine.evidence(items, semantic=False)
    defaults = engine.EngineSettings()
    grid = [
        replace(defaults, semantic_weight=s, domain_weight=d, cluster_threshold=t)
        for s, d, t in itertools.product(SEMANTIC_WEIGHTS, DOMAIN_WEIGHTS, CLUSTER_THRESHOLDS)
    ]
    lexical_grid = [
        replace(defaults, domain_weight=d, lexical_only_cluster_threshold=t)
        for d, t in itertools.product(DOMAIN_WEIGHTS, LEXICAL_THRESHOLDS)
    ]
    assign_grid = [replace(defaults, assign_threshold=t) for t in ASSIGN_THRESHOLDS]

    def f1_cluster(evidence, index, settings) -> float:
        return bcubed(engine.cluster_evidence(evidence.subset(index), settings), labels[index])[2]

    def f1_incremental(index, settings) -> float:
        subset = [items[i] for i in index]
        return bcubed(in_created_order(subset, settings), labels[index])[2]

    def baseline_f1(index, distance) -> float:
        return bcubed(baseline([items[i].text for i in index], distance), labels[index])[2]

    report: dict[str, dict] = {}
    runs = {
        "engine": (grid, lambda i, s: f1_cluster(full, i, s), _describe_cluster),
        "engine_lexical_only": (
            lexical_grid,
            lambda i, s: f1_cluster(lexical, i, s),
            _describe_lexical,
        ),
        "engine_incremental": (assign_grid, f1_incremental, lambda s: s.assign_threshold),
        "baseline_tfidf_agglomerative": (
            [round(d, 2) for d in np.arange(0.5, 1.0, 0.02)],
            baseline_f1,
            lambda d: d,
        ),
    }
    for name, (candidates, evaluate, describe) in runs.items():
        train, test, chosen = [], [], []
        for tune, check in pattern_halves(gold, repeats):
            values = [evaluate(tune, c) for c in candidates]
            best = candidates[int(np.argmax(values))]
            train.append(max(values))
            test.append(evaluate(check, best))
            chosen.append(describe(best))
        report[name] = {
            "tuned_half_f1": round(float(np.mean(train)), 4),
            "held_out_half_f1": round(float(np.mean(test)), 4),
            "held_out_half_f1_std": round(float(np.std(test)), 4),
            "chosen": chosen,
        }
    return {"splits": 2 * repeats, **report}


def _describe_cluster(settings: engine.EngineSettings) -> list[float]:
    return [settings.semantic_weight, settings.domain_weight, settings.cluster_threshold]


def _describe_lexical(settings: engine.EngineSettings) -> list[float]:
    return [settings.domain_weight, settings.lexical_only_cluster_threshold]


def report(path: Path, cv: bool, repeats: int) -> dict:
    """All figures for one labelled set."""
    items, gold = load(path)
    settings = engine.EngineSettings()
    result: dict = {"n": len(items), "patterns": len(set(gold))}

    labels, seconds = timed(lambda: engine.cluster(items, settings))  # includes embedding
    result["engine"] = {**scores(labels, gold), "seconds": seconds, "groups": len(set(labels))}
    labels, seconds = timed(lambda: in_created_order(items, settings))
    result["engine_incremental"] = {**scores(labels, gold), "seconds": seconds}
    lexical = engine.evidence(items, semantic=False)
    labels, seconds = timed(lambda: engine.cluster_evidence(lexical, settings))
    result["engine_lexical_only"] = {**scores(labels, gold), "seconds": seconds}
    labels, seconds = timed(lambda: baseline([item.text for item in items]))
    result["baseline_tfidf_agglomerative"] = {**scores(labels, gold), "seconds": seconds}
    singletons = list(range(len(items)))
    result["all_singletons"] = scores(singletons, gold)
    if cv:
        result["cross_validation"] = cross_validate(items, gold, repeats)
    return result


METHODS = ("engine", "engine_incremental", "engine_lexical_only", "baseline_tfidf_agglomerative")


def summary(reports: list[dict]) -> dict:
    """Worst and mean BCubed F1 and ARI of each method over several labelled sets."""
    result = {}
    for method in METHODS:
        f1 = [r[method]["bcubed_f1"] for r in reports]
        ari = [r[method]["ari"] for r in reports]
        result[method] = {
            "worst_f1": round(min(f1), 4),
            "mean_f1": round(float(np.mean(f1)), 4),
            "worst_ari": round(min(ari), 4),
            "mean_ari": round(float(np.mean(ari)), 4),
        }
    return result


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--data", type=Path, action="append", help="labelled JSONL; repeat for several sets"
    )
    parser.add_argument("--cv", action="store_true", help="cross-validate over patterns")
    parser.add_argument("--repeats", type=int, default=5, help="pattern splits for --cv")
    args = parser.parse_args(argv)

    paths = args.data or [DEFAULT_DATA]
    reports = [report(path, args.cv, args.repeats) for path in paths]
    if len(reports) == 1:
        result = reports[0]
    else:
        result = {
            "sets": {str(path): r for path, r in zip(paths, reports, strict=True)},
            "summary": summary(reports),
        }
    print(json.dumps(result, ensure_ascii=False))
    return result


if __name__ == "__main__":
    main()
