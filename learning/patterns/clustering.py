"""Matrix-level grouping: combined similarity, background level, smoothing, average linkage."""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from scipy.cluster.hierarchy import fcluster, linkage
from scipy.spatial.distance import squareform


@dataclass
class Evidence:
    """Pairwise evidence for n knelpunten; `semantic` is None when the model is unavailable."""

    semantic: np.ndarray | None
    lexical: np.ndarray
    same_domain: np.ndarray
    same_organisation: np.ndarray
    has_content: np.ndarray
    # Cosine of the thesaurus concepts two reports name (None: compared without thesaurus).
    concepts: np.ndarray | None = None
    # Character n-gram cosine with n-grams weighted by their rarity in this collection (IDF):
    # the prototypes of confirmed patterns use it, so words every report uses weigh less.
    lexical_weighted: np.ndarray | None = None

    def subset(self, index: np.ndarray) -> Evidence:
        """The evidence restricted to some knelpunten (used by cross-validation)."""
        grid = np.ix_(index, index)
        return Evidence(
            semantic=None if self.semantic is None else self.semantic[grid],
            lexical=self.lexical[grid],
            same_domain=self.same_domain[grid],
            same_organisation=self.same_organisation[grid],
            has_content=self.has_content[index],
            concepts=None if self.concepts is None else self.concepts[grid],
            lexical_weighted=None if self.lexical_weighted is None else self.lexical_weighted[grid],
        )


def rarity_weighted_cosine(lexical: sp.csr_matrix) -> np.ndarray:
    """Cosine of the n-gram rows after weighting each n-gram by its IDF in this collection.

    Depends on the collection (unlike the stored rows), so it is used only where a whole
    collection is grouped at once: for the centroids of confirmed patterns.
    """
    n = lexical.shape[0]
    if n == 0:
        return np.zeros((0, 0))
    present = lexical.copy()
    present.data = np.ones_like(present.data)
    frequency = np.asarray(present.sum(axis=0)).ravel()
    idf = np.log((1.0 + n) / (1.0 + frequency)) + 1.0
    weighted = lexical.multiply(idf[None, :]).tocsr()
    norms = np.sqrt(np.asarray(weighted.multiply(weighted).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    weighted = sp.csr_matrix(weighted.multiply((1.0 / norms)[:, None]))
    return (weighted @ weighted.T).toarray()


def combine(
    evidence: Evidence,
    semantic_weight: float,
    lexical_weight: float,
    domain_weight: float,
    organisation_weight: float,
    concept_weight: float = 0.0,
) -> np.ndarray:
    """Weighted sum of the evidence, clipped to 0..1; texts without content match nothing."""
    score = lexical_weight * evidence.lexical
    if evidence.concepts is not None and concept_weight:
        score = score + concept_weight * evidence.concepts
    if evidence.semantic is not None:
        score = score + semantic_weight * evidence.semantic
    score = score + domain_weight * evidence.same_domain
    score = score + organisation_weight * evidence.same_organisation
    score = np.clip(score, 0.0, 1.0).astype(np.float64)
    empty = ~evidence.has_content
    score[empty, :] = 0.0
    score[:, empty] = 0.0
    np.fill_diagonal(score, 1.0)
    return score


def background(scores: np.ndarray, prior: float, weight: float) -> float:
    """The typical score of two unrelated knelpunten in this collection, shrunk toward `prior`.

    Most pairs in a collection belong to different patterns, so the median pair score is the
    level that means "unrelated" here. It moves with the writers: long, detailed reports on
    neighbouring topics score higher against everything than short ones, by about 0.1 between
    two labelled sets. `scores` is a square matrix (its upper triangle is used) or a flat array
    of pair scores; `weight` pseudo-pairs at `prior` keep a handful of texts from setting it.
    """
    scores = np.asarray(scores, dtype=np.float64)
    if scores.ndim == 2:
        scores = scores[np.triu_indices(len(scores), 1)]
    if scores.size == 0:
        return prior
    return float((scores.size * np.median(scores) + weight * prior) / (scores.size + weight))


def smooth(score: np.ndarray, neighbours: int, floor: float) -> np.ndarray:
    """Average each knelpunt's similarity row with those of its nearest neighbours.

    Two reports of one pattern often share few words with each other but both resemble a
    third: comparing neighbourhoods instead of single pairs lets that third report vouch for
    them (query expansion). Only neighbours scoring at least `floor` count, and k shrinks to
    sqrt(n) on small sets, so a handful of unrelated texts is never blurred into one.
    """
    n = len(score)
    k = min(neighbours, int(np.sqrt(n)), n - 1)
    if k <= 0:
        return score
    others = score.copy()
    np.fill_diagonal(others, -np.inf)
    nearest = np.argsort(-others, axis=1, kind="stable")[:, :k]
    rows = np.repeat(np.arange(n), k)
    cols = nearest.ravel()
    keep = score[rows, cols] >= floor
    # A neighbour slot left empty (its candidate scored below the floor) is filled by the
    # knelpunt itself, so one close text cannot drag in a whole group on its own.
    weights = np.zeros((n, n))
    weights[rows[keep], cols[keep]] = 1.0
    weights[np.arange(n), np.arange(n)] = 1.0 + k - weights.sum(axis=1)
    # The self-similarity (1.0) must not vouch for a pair: average the rows without it.
    off_diagonal = score.copy()
    np.fill_diagonal(off_diagonal, 0.0)
    counts = weights.sum(axis=1, keepdims=True) - weights
    profile = (weights @ off_diagonal) / np.maximum(counts, 1.0)
    smoothed = (profile + profile.T) / 2
    np.fill_diagonal(smoothed, 1.0)
    return smoothed


def average_linkage(score: np.ndarray, threshold: float) -> list[int]:
    """Cut an average-linkage tree where the mean similarity between groups drops below
    `threshold`; labels are numbered in order of first appearance, so output is stable."""
    n = len(score)
    if n == 0:
        return []
    if n == 1:
        return [0]
    distance = 1.0 - (score + score.T) / 2
    np.fill_diagonal(distance, 0.0)
    distance = np.clip(distance, 0.0, None)
    tree = linkage(squareform(distance, checks=False), method="average")
    raw = fcluster(tree, t=1.0 - threshold, criterion="distance")
    return renumber(raw.tolist())


def renumber(labels: Sequence[Hashable]) -> list[int]:
    """Relabel 0, 1, 2, ... in order of first appearance."""
    mapping: dict[Hashable, int] = {}
    return [mapping.setdefault(label, len(mapping)) for label in labels]


def constrained_linkage(score: np.ndarray, threshold: float, fixed: list[int | None]) -> list[int]:
    """Average linkage that starts from groups a chair confirmed and never breaks or fuses them.

    `fixed[i]` is the confirmed group of knelpunt i (any int) or None. Knelpunten of one
    confirmed group start as one cluster (must-link); two clusters that each hold a confirmed
    group never merge (cannot-link). Otherwise it is average_linkage: the closest pair of
    clusters by mean pair score merges while that mean reaches `threshold`. Quadratic memory,
    one vectorised pass per merge: fine for the thousands of knelpunten of one collection.
    """
    n = len(score)
    if n == 0:
        return []
    symmetric = (score + score.T) / 2
    start: dict[object, int] = {}
    owner = np.array(
        [
            start.setdefault(("fixed", f) if f is not None else ("free", i), len(start))
            for i, f in enumerate(fixed)
        ]
    )
    k = len(start)
    membership = np.zeros((k, n))
    membership[owner, np.arange(n)] = 1.0
    sums = membership @ symmetric @ membership.T
    sizes = membership.sum(axis=1)
    locked = np.zeros(k, dtype=bool)
    locked[owner[[i for i, f in enumerate(fixed) if f is not None]]] = True
    alive = np.ones(k, dtype=bool)
    parent = np.arange(k)
    while True:
        mean = sums / np.outer(sizes, sizes)
        blocked = ~np.outer(alive, alive) | np.outer(locked, locked)
        np.fill_diagonal(blocked, True)
        mean[blocked] = -np.inf
        flat = int(np.argmax(mean))
        a, b = divmod(flat, k)
        if mean[a, b] < threshold:
            break
        a, b = min(a, b), max(a, b)
        sums[a, :] += sums[b, :]
        sums[:, a] += sums[:, b]
        sizes[a] += sizes[b]
        locked[a] |= locked[b]
        alive[b] = False
        parent[parent == b] = a
    return renumber(parent[owner].tolist())


def prototype_kernel(
    evidence: Evidence, concept_weight: float, semantic_weight: float = 1.0
) -> np.ndarray:
    """Cosine between knelpunten in one joint space of meaning, character n-grams and concepts.

    Each part is unit length, so the kernel of two texts is the weighted sum of the cosines over
    the product of their norms: centroids of confirmed patterns can be compared without ever
    building the (very wide) joint vectors. The n-grams are weighted by their rarity in the
    collection when the evidence has that: a centroid sums its members, and the n-grams every
    report shares ("gemeente", "aanvraag") would otherwise dominate it.
    """
    lexical = evidence.lexical if evidence.lexical_weighted is None else evidence.lexical_weighted
    kernel = lexical.copy()
    squared_norm = np.ones(len(kernel))
    if evidence.semantic is not None and semantic_weight:
        kernel += semantic_weight * evidence.semantic
        squared_norm += semantic_weight
    if evidence.concepts is not None and concept_weight:
        kernel += concept_weight**2 * evidence.concepts
        squared_norm += concept_weight**2 * (np.diag(evidence.concepts) > 0)
    norm = np.sqrt(squared_norm)
    kernel = kernel / np.outer(norm, norm)
    empty = ~evidence.has_content
    kernel[empty, :] = 0.0
    kernel[:, empty] = 0.0
    return kernel


def prototype_closeness(
    kernel: np.ndarray, fixed: list[int | None]
) -> tuple[list[int], np.ndarray]:
    """(confirmed groups, cosine of every knelpunt to each group's centroid), n x groups."""
    groups = sorted({f for f in fixed if f is not None})
    members = np.zeros((len(groups), len(fixed)))
    column = {g: c for c, g in enumerate(groups)}
    for i, f in enumerate(fixed):
        if f is not None:
            members[column[f], i] = 1.0
    towards = kernel @ members.T  # (n, groups): x_i . sum of the group's members
    norms = np.sqrt(np.maximum(np.einsum("gi,ij,gj->g", members, kernel, members), 1e-12))
    return groups, towards / norms


def prototype_assign(
    kernel: np.ndarray,
    fixed: list[int | None],
    threshold: float,
    margin: float = 0.0,
    excluded: dict[int, list[int]] | None = None,
) -> list[int | None]:
    """Give each unconfirmed knelpunt the confirmed group whose centroid it is closest to,
    when that cosine reaches `threshold` and beats the runner-up group by `margin`.

    What a chair confirmed is the best evidence of what a pattern is: the centroid of its
    members weighs the words and concepts they share, so a report that resembles the pattern
    as a whole joins it even when no single member is close. A report about as close to two
    patterns is not decided by a hair: it stays out (a chair can place it). `excluded[g]`
    lists knelpunten a chair took out of group g (split, detach): a report that resembles one
    of those at least as much as g's centroid does not join g. Confirmed entries stay as given.
    """
    groups, closeness = prototype_closeness(kernel, fixed)
    if not groups:
        return list(fixed)
    if excluded:
        for column, group in enumerate(groups):
            taken_out = [j for j in excluded.get(group, []) if fixed[j] is None]
            if taken_out:
                like_taken_out = kernel[:, taken_out].max(axis=1)
                closeness[like_taken_out >= closeness[:, column], column] = -np.inf
    result = list(fixed)
    for i, f in enumerate(fixed):
        if f is None:
            order = np.argsort(-closeness[i], kind="stable")
            best = float(closeness[i, order[0]])
            runner_up = float(closeness[i, order[1]]) if len(groups) > 1 else -np.inf
            if best >= threshold and best - runner_up >= margin:
                result[i] = groups[int(order[0])]
    return result


def cohesion(score: np.ndarray, fixed: list[int | None]) -> list[float]:
    """Mean pair score inside each group of two or more in `fixed` (None entries ignored)."""
    found: dict[int, list[int]] = {}
    for i, f in enumerate(fixed):
        if f is not None:
            found.setdefault(f, []).append(i)
    values = []
    for members in found.values():
        if len(members) > 1:
            block = score[np.ix_(members, members)]
            values.append(
                float((block.sum() - np.trace(block)) / (len(members) * (len(members) - 1)))
            )
    return values


def place_and_group(
    score: np.ndarray, threshold: float, confirmed: list[int | None], placed: list[int | None]
) -> list[int]:
    """Labels with the confirmed groups (grown by the prototype placement) fixed, and the reports
    that fit none of them grouped among themselves.

    The placement already asked each report whether it belongs to a confirmed pattern; linkage
    must not overrule that "none of these". A group of reports that fit no confirmed pattern is
    a new pattern, and next to what chairs confirmed it must hold together as well as a typical
    confirmed pattern does (the median cohesion of the confirmed groups, at least `threshold`):
    the common topics of the collection are already explained by the known patterns. With fewer
    than three confirmed groups of two or more, `threshold` applies as in batch grouping.
    """
    inside = cohesion(score, confirmed)
    new_pattern = max(threshold, float(np.median(inside))) if len(inside) >= 3 else threshold
    free = [i for i, f in enumerate(placed) if f is None]
    labels: list[tuple[str, int]] = [
        ("fixed", f) if f is not None else ("free", -1) for f in placed
    ]
    if free:
        grouped = average_linkage(score[np.ix_(free, free)], new_pattern)
        for i, label in zip(free, grouped, strict=True):
            labels[i] = ("free", label)
    return renumber(labels)
