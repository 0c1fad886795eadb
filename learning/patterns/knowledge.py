"""Placing one new knelpunt among the patterns chairs decided about, as batch grouping does.

The nightly re-grouping and `flask patterns cluster --confirmed` place unconfirmed reports
with the prototype rule (clustering.prototype_assign): a confirmed pattern is the centroid of
what a chair put in it. The save path must learn from the same decisions at once, not a night
later: a confirmation, a merge or a split changes the members (and so the centroid) the next
report is compared with, and a knelpunt a chair detached or split off keeps reports like it
out of that pattern. No database here: the caller gathers the patterns and their members.
"""

from __future__ import annotations

import numpy as np

from learning.patterns import clustering, engine


def place(
    item: engine.Item,
    known: dict[int, list[engine.Item]],
    taken_out: dict[int, list[engine.Item]] | None = None,
    settings: engine.EngineSettings | None = None,
) -> tuple[int | None, engine.Match | None]:
    """The chair-known pattern the item joins, with the match to its closest member.

    `known` maps pattern id -> its members; `taken_out` maps pattern id -> knelpunten a chair
    took out of it. Returns (None, None) when the item fits none of them by the prototype rule
    (closest centroid at least `prototype_threshold`, ahead of the runner-up by
    `prototype_margin`, and not more like a knelpunt taken out of that pattern). The rarity of
    n-grams is measured over the item and the members compared, the collection at hand.
    """
    settings = settings or engine.EngineSettings()
    patterns = [(pid, members) for pid, members in sorted(known.items()) if members]
    if not patterns or not item.features()[2]:
        return None, None
    collection = [item]
    fixed: list[int | None] = [None]
    for pid, members in patterns:
        collection.extend(members)
        fixed.extend([pid] * len(members))
    excluded: dict[int, list[int]] = {}
    for pid, others in (taken_out or {}).items():
        for other in others:
            excluded.setdefault(pid, []).append(len(collection))
            collection.append(other)
            fixed.append(None)
    found = engine.evidence(collection)
    kernel = clustering.prototype_kernel(
        found, settings.prototype_concept_weight, settings.prototype_semantic_weight
    )
    placed = clustering.prototype_assign(
        kernel, fixed, settings.prototype_threshold, settings.prototype_margin, excluded
    )
    pid = placed[0]
    if pid is None:
        return None, None
    scores = engine.score_matrix(found, settings)[0]
    members = [i for i, f in enumerate(fixed) if f == pid]
    closest = members[int(np.argmax(scores[members]))]
    return pid, engine.similarity(item, collection[closest], settings)
