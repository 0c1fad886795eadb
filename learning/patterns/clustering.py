"""Matrix-level grouping: combined similarity, background level, smoothing, average linkage."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
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

    def subset(self, index: np.ndarray) -> Evidence:
        """The evidence restricted to some knelpunten (used by cross-validation)."""
        grid = np.ix_(index, index)
        return Evidence(
            semantic=None if self.semantic is None else self.semantic[grid],
            lexical=self.lexical[grid],
            same_domain=self.same_domain[grid],
            same_organisation=self.same_organisation[grid],
            has_content=self.has_content[index],
        )


def combine(
    evidence: Evidence,
    semantic_weight: float,
    lexical_weight: float,
    domain_weight: float,
    organisation_weight: float,
) -> np.ndarray:
    """Weighted sum of the evidence, clipped to 0..1; texts without content match nothing."""
    score = lexical_weight * evidence.lexical
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


def renumber(labels: list[int]) -> list[int]:
    """Relabel 0, 1, 2, ... in order of first appearance."""
    mapping: dict[int, int] = {}
    return [mapping.setdefault(label, len(mapping)) for label in labels]
