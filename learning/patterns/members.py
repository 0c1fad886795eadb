"""What the engine says about the members of one pattern: the central one, the ones that fit
less well, and near-duplicates of a new report.

The app titles a pattern after its most central knelpunt (a sentence a professional wrote)
until a chair sets a title, flags members far from the rest ("Past minder goed") so dossiers
quote only reports that carry the pattern, and asks "is dit dezelfde?" for a near-duplicate.
"""

from __future__ import annotations

import numpy as np

from learning.patterns import engine

# A challenger must be this much more central (mean score to the others) before the title
# moves: members come and go, and a title that changes with each of them confuses chairs.
TITLE_MARGIN = 0.05
# A member fits less well when its mean score to the others is this far below the median
# member's, and below the assign threshold: it would not have joined the pattern today.
LOW_FIT_MARGIN = 0.12
# Near-duplicate: nearly the same words, or the same meaning in largely the same words.
DUPLICATE_LEXICAL = 0.75
DUPLICATE_SEMANTIC = 0.9
DUPLICATE_SEMANTIC_LEXICAL = 0.45


def cohesion(items: list[engine.Item], settings: engine.EngineSettings | None = None) -> np.ndarray:
    """Each member's mean score to the other members (0 for a pattern of one)."""
    settings = settings or engine.EngineSettings()
    if len(items) < 2:
        return np.zeros(len(items))
    scores = engine.score_matrix(engine.evidence(items), settings)
    np.fill_diagonal(scores, 0.0)
    return scores.sum(axis=1) / (len(items) - 1)


def central_member(
    items: list[engine.Item],
    current: str | None = None,
    settings: engine.EngineSettings | None = None,
) -> str | None:
    """Id of the member whose text best stands for the pattern, stable while members change.

    The medoid (highest mean score to the others) wins, but the `current` central member
    keeps its place while it is still a member and within TITLE_MARGIN of the medoid.
    """
    if not items:
        return None
    mean = cohesion(items, settings)
    best = int(np.argmax(mean))
    ids = [item.id for item in items]
    if current in ids and mean[ids.index(current)] >= mean[best] - TITLE_MARGIN:
        return current
    return ids[best]


def low_fit(
    items: list[engine.Item],
    kept: frozenset[str] = frozenset(),
    settings: engine.EngineSettings | None = None,
) -> list[str]:
    """Ids of members far from the rest of the pattern, except those a chair chose to keep.

    Needs three members: with two, neither is "the rest".
    """
    settings = settings or engine.EngineSettings()
    if len(items) < 3:
        return []
    mean = cohesion(items, settings)
    cut = min(float(np.median(mean)) - LOW_FIT_MARGIN, settings.assign_threshold)
    return [item.id for item, m in zip(items, mean, strict=True) if m < cut and item.id not in kept]


def near_duplicate(match: engine.Match) -> bool:
    """Whether a match is (almost) the same report logged again."""
    if match.too_short:
        return False
    if match.lexical >= DUPLICATE_LEXICAL:
        return True
    return (
        match.semantic is not None
        and match.semantic >= DUPLICATE_SEMANTIC
        and match.lexical >= DUPLICATE_SEMANTIC_LEXICAL
    )
