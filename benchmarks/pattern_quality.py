"""Grouping quality of the pattern engine against labelled knelpunten, printed as one JSON object.

    python benchmarks/pattern_quality.py [--data NAME=PATH ...] [--repeats N] [--set K=V ...]

For each labelled set it scores, with BCubed precision/recall/F1 and ARI:
- batch: engine.cluster, what `flask patterns cluster` runs;
- incremental: one knelpunt at a time in date order through live.place (the function the app's
  save path uses), never re-grouped;
- live: the same, with the nightly re-grouping (live.regroup) whenever the date changes;
- confirmed: batch with about half of each multi-member pattern's reports confirmed by a
  chair (deterministic: the earliest half by date), scored over the unconfirmed reports, and
  checked that no confirmed group was broken or fused;
- baseline: word TF-IDF + average-linkage agglomerative clustering.

The dev set is scored by cross-validation over patterns: the cluster threshold (and the
baseline's cut) is tuned on half of the patterns and scored on the other half, both ways
round, `--repeats` random halvings. The other sets (written by other people about other
patterns) are scored with the defaults, never tuned on. Embeddings are cached on disk.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from collections import Counter
from dataclasses import replace
from datetime import date
from pathlib import Path

import numpy as np
from sklearn.cluster import AgglomerativeClustering
from sklearn.feature_extraction.text import TfidfVectorizer

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from learning.patterns import engine, live, text  # noqa: E402
from learning.patterns.metrics import bcubed, scores  # noqa: E402

DEV = ROOT.parent / "shared" / "data" / "knelpunten-dev.jsonl"
DATA = ROOT / "benchmarks" / "data"
SETS = {
    "dev": DEV,
    "set_a": DATA / "knelpunten-set-a.jsonl",
    "set_b": DATA / "knelpunten-set-b.jsonl",
    "set_c": DATA / "knelpunten-set-c.jsonl",
}
CACHE = ROOT / "benchmarks" / ".cache" / "vectors.npz"
# The baseline cut for sets not tuned on: its best single value on the whole dev set, so the
# comparison is generous to the baseline.
BASELINE_DISTANCE = 0.95
BASELINE_DISTANCES = tuple(round(d, 2) for d in np.arange(0.5, 1.0, 0.02))
THRESHOLDS = tuple(round(t, 2) for t in np.arange(0.25, 0.51, 0.01))
PROTOTYPE_THRESHOLDS = (0.18, 0.20, 0.22, 0.24, 0.26, 0.28, 0.30, 0.34)


def load(path: Path) -> tuple[list[engine.Item], list[str]]:
    """Items (in file order) and gold pattern labels; `domain` may be a string or a list."""
    items: list[engine.Item] = []
    gold: list[str] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        row = json.loads(line)
        domain = row.get("domain") or ()
        created = row.get("created")
        items.append(
            engine.Item(
                id=str(row.get("id", number)),
                text=row.get("text") or "",
                domains=(domain,) if isinstance(domain, str) else tuple(domain),
                organisation=row.get("reporter"),
                created=date.fromisoformat(created) if created else None,
            )
        )
        gold.append(str(row.get("pattern", f"line-{number}")))
    attach_vectors(items)
    return items, gold


def attach_vectors(items: list[engine.Item]) -> None:
    """Fill item vectors from the on-disk cache, embedding (and caching) only new texts."""
    key = [
        hashlib.sha1(f"{engine.VECTOR_MODEL}\0{text.clip(i.text)}".encode()).hexdigest()
        for i in items
    ]
    store = dict(np.load(CACHE)) if CACHE.exists() else {}
    for item, k in zip(items, key, strict=True):
        if k in store:
            item.vector = store[k]
    todo = [(item, k) for item, k in zip(items, key, strict=True) if item.vector is None]
    if todo and engine.vectorize([item for item, _k in todo]):
        store.update({k: item.vector for item, k in todo})
        CACHE.parent.mkdir(parents=True, exist_ok=True)
        np.savez(CACHE, **store)


def baseline(texts: list[str], distance: float) -> list[int]:
    """Word TF-IDF (library Dutch stop words) + average-linkage agglomerative clustering."""
    if len(texts) < 2:
        return [0] * len(texts)
    vectorizer = TfidfVectorizer(stop_words=sorted(text.stop_words()), sublinear_tf=True)
    model = AgglomerativeClustering(
        n_clusters=None, metric="cosine", linkage="average", distance_threshold=distance
    )
    return model.fit_predict(vectorizer.fit_transform(texts).toarray()).tolist()


def date_order(items: list[engine.Item]) -> list[int]:
    return sorted(range(len(items)), key=lambda i: (items[i].created or date.min, items[i].id))


def replay(items: list[engine.Item], settings: engine.EngineSettings, nightly: bool) -> list[int]:
    """Live grouping over the items in date order; labels returned in input order."""
    order = date_order(items)
    regroup_when = live.nightly if nightly else None
    labels = live.group_live([items[i] for i in order], settings, regroup_when)
    result = [0] * len(items)
    for position, index in enumerate(order):
        result[index] = labels[position]
    return result


def confirmed_half(items: list[engine.Item], gold: list[str]) -> list[str | None]:
    """The earliest half (rounded down) of each multi-member pattern's reports, as a chair
    would have confirmed them; names are opaque so the engine learns nothing from them."""
    by_pattern: dict[str, list[int]] = {}
    for index in date_order(items):
        by_pattern.setdefault(gold[index], []).append(index)
    confirmed: list[str | None] = [None] * len(items)
    for number, members in enumerate(by_pattern.values()):
        for index in members[: len(members) // 2]:
            confirmed[index] = f"c{number}"
    return confirmed


def constraints_kept(labels: list[int], confirmed: list[str | None]) -> bool:
    """Each confirmed name in exactly one group, and no group holding two names."""
    name_to_labels: dict[str, set[int]] = {}
    label_to_names: dict[int, set[str]] = {}
    for label, name in zip(labels, confirmed, strict=True):
        if name is not None:
            name_to_labels.setdefault(name, set()).add(label)
            label_to_names.setdefault(label, set()).add(name)
    return all(len(v) == 1 for v in name_to_labels.values()) and all(
        len(v) == 1 for v in label_to_names.values()
    )


def unconfirmed_scores(labels: list[int], gold: list[str], confirmed: list[str | None]) -> dict:
    """BCubed averaged over the unconfirmed reports only (their groups counted in full)."""
    among = [name is None for name in confirmed]
    precision, recall, f1 = bcubed(labels, gold, among=among)
    return {
        "bcubed_precision": round(precision, 4),
        "bcubed_recall": round(recall, 4),
        "bcubed_f1": round(f1, 4),
        "constraints_kept": constraints_kept(labels, confirmed),
    }


def evaluate(items: list[engine.Item], gold: list[str], settings, distance: float) -> dict:
    """Every method at the given settings, on one collection."""
    result: dict = {"n": len(items), "patterns": len(set(gold))}
    start = time.perf_counter()
    labels = engine.cluster(items, settings)
    result["batch"] = {**scores(labels, gold), "seconds": round(time.perf_counter() - start, 2)}
    result["incremental"] = scores(replay(items, settings, nightly=False), gold)
    result["live"] = scores(replay(items, settings, nightly=True), gold)
    confirmed = confirmed_half(items, gold)
    labels = engine.cluster(items, settings, confirmed)
    result["confirmed"] = {
        **unconfirmed_scores(labels, gold, confirmed),
        "all_reports_f1": scores(labels, gold)["bcubed_f1"],
    }
    result["baseline_tfidf"] = scores(baseline([i.text for i in items], distance), gold)
    return result


def halves(gold: list[str], repeats: int, seed: int = 0):
    """Random splits of the patterns (not the knelpunten) into two halves, both ways round."""
    patterns = sorted(set(gold))
    rng = np.random.default_rng(seed)
    for _ in range(repeats):
        first = set(rng.permutation(patterns)[: len(patterns) // 2])
        a = [i for i, g in enumerate(gold) if g in first]
        b = [i for i, g in enumerate(gold) if g not in first]
        yield a, b
        yield b, a


def cross_validate(items, gold, settings, repeats: int) -> dict:
    """Tune the cluster threshold and the baseline cut on half of the patterns, score on the
    other half; the mean and spread over the held-out halves is what carries to new patterns."""
    runs = []
    for tune, check in halves(gold, repeats):
        sub_items, sub_gold = [items[i] for i in tune], [gold[i] for i in tune]
        found = engine.evidence(sub_items)
        best = max(
            THRESHOLDS,
            key=lambda t: bcubed(
                engine.cluster_evidence(found, replace(settings, cluster_threshold=t)), sub_gold
            )[2],
        )
        tuned = replace(settings, cluster_threshold=best)
        confirmed = confirmed_half(sub_items, sub_gold)
        among = [name is None for name in confirmed]
        # A threshold above 1 switches prototypes off (to measure that lever): keep it so.
        prototype = max(
            PROTOTYPE_THRESHOLDS if settings.prototype_threshold <= 1 else (9.0,),
            key=lambda t: bcubed(
                engine.cluster_evidence(found, replace(tuned, prototype_threshold=t), confirmed),
                sub_gold,
                among=among,
            )[2],
        )
        texts = [i.text for i in sub_items]
        distance = max(BASELINE_DISTANCES, key=lambda d: bcubed(baseline(texts, d), sub_gold)[2])
        tuned = replace(tuned, prototype_threshold=prototype)
        run = evaluate([items[i] for i in check], [gold[i] for i in check], tuned, distance)
        run["chosen"] = {
            "cluster_threshold": best,
            "prototype_threshold": prototype,
            "baseline_distance": distance,
        }
        runs.append(run)
    summary: dict = {"splits": len(runs)}
    for method in ("batch", "incremental", "live", "confirmed", "baseline_tfidf"):
        f1 = [r[method]["bcubed_f1"] for r in runs]
        summary[method] = {"bcubed_f1": round(float(np.mean(f1)), 4), "std": round(np.std(f1), 4)}
    summary["confirmed"]["constraints_kept"] = all(r["confirmed"]["constraints_kept"] for r in runs)
    summary["chosen"] = {
        key: Counter(r["chosen"][key] for r in runs).most_common(3)
        for key in ("cluster_threshold", "prototype_threshold")
    }
    return summary


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", action="append", help="NAME=PATH of a labelled JSONL set")
    parser.add_argument("--repeats", type=int, default=3, help="pattern halvings on dev")
    parser.add_argument("--set", action="append", default=[], help="EngineSettings field=value")
    args = parser.parse_args(argv)
    sets = dict(d.split("=", 1) for d in args.data) if args.data else SETS
    settings = engine.EngineSettings()
    for assignment in args.set:
        name, value = assignment.split("=", 1)
        settings = replace(settings, **{name: type(getattr(settings, name))(value)})
    result: dict = {}
    for name, path in sets.items():
        path = Path(path)
        if not path.exists():
            result[name] = {"missing": str(path)}
            continue
        items, gold = load(path)
        if name == "dev":
            result[name] = cross_validate(items, gold, settings, args.repeats)
        else:
            result[name] = evaluate(items, gold, settings, distance=BASELINE_DISTANCE)
    print(json.dumps(result, ensure_ascii=False))
    return result


if __name__ == "__main__":
    main()
