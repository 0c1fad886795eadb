"""Grouping as the live app does it: one knelpunt at a time, plus the nightly re-grouping.

Saving a knelpunt places it at once (engine.assign), which is fast but order-dependent: an
early pair can start a pattern the batch grouping would not make. The nightly re-grouping
runs the batch grouping over everything not confirmed by a chair, and keeps pattern ids where
most members stay, so the live app converges on batch quality without moving what a chair
decided. The benchmark replays a labelled set through these same functions.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from datetime import date

from learning.patterns import clustering, engine


def place(
    item: engine.Item,
    patterns: dict[int, list[engine.Item]],
    loose: dict[int, engine.Item],
    settings: engine.EngineSettings,
) -> int | None:
    """The pattern id a new knelpunt joins, or the loose partner's id it starts one with."""
    pid, _match = engine.assign(item, patterns, settings)
    if pid is None:
        pid, _match = engine.assign(item, {i: [m] for i, m in loose.items()}, settings)
    return pid


def stable_ids(previous: list[int | None], grouped: list[int], first_free: int) -> list[int]:
    """Relabel a fresh grouping so a group keeps the id of the pattern most of it came from.

    A new group inherits an old id when more than half of its members had that id and more
    than half of that old pattern's members are in it; every old id goes to one group at most.
    Others get new ids from `first_free` on. `previous[i]` is None for a knelpunt that was
    loose (in no pattern).
    """
    old_sizes = Counter(p for p in previous if p is not None)
    new_sizes = Counter(grouped)
    overlap = Counter((g, p) for g, p in zip(grouped, previous, strict=True) if p is not None)
    inherit: dict[int, int] = {}
    taken: set[int] = set()
    for (group, old), count in sorted(overlap.items(), key=lambda kv: (-kv[1], kv[0])):
        if group in inherit or old in taken:
            continue
        if 2 * count > new_sizes[group] and 2 * count > old_sizes[old]:
            inherit[group] = old
            taken.add(old)
    fresh = first_free
    result = []
    for group in grouped:
        if group not in inherit:
            inherit[group] = fresh
            fresh += 1
        result.append(inherit[group])
    return result


def regroup(
    items: list[engine.Item],
    previous: list[int | None],
    confirmed: list[str | None],
    settings: engine.EngineSettings,
    first_free: int,
) -> list[int | None]:
    """Batch grouping of everything, confirmed patterns fixed; ids stable where members stay.

    A group of one is loose (None), as in the live app a pattern needs two reports.
    """
    grouped = engine.cluster(items, settings, confirmed)
    sizes = Counter(grouped)
    labels = stable_ids(previous, grouped, first_free)
    return [label if sizes[g] > 1 else None for label, g in zip(labels, grouped, strict=True)]


def group_live(
    items: list[engine.Item],
    settings: engine.EngineSettings | None = None,
    regroup_when: Callable[[engine.Item, engine.Item], bool] | None = None,
) -> list[int]:
    """Labels as the live app builds them, saving the items one at a time in list order.

    Each knelpunt joins the best pattern, else pairs with the best loose knelpunt, else stays
    loose. `regroup_when(previous, next)` says whether the nightly re-grouping runs before
    `next` is saved (e.g. when the date changes); None never re-groups. Loose knelpunten get
    labels of their own in the result.
    """
    settings = settings or engine.EngineSettings()
    engine.vectorize(items)
    labels: list[int | None] = []
    next_id = 0
    for index, item in enumerate(items):
        if index and regroup_when is not None and regroup_when(items[index - 1], item):
            labels = regroup(items[:index], labels, [None] * index, settings, next_id)
            next_id = max((label + 1 for label in labels if label is not None), default=next_id)
        patterns: dict[int, list[engine.Item]] = {}
        loose: dict[int, engine.Item] = {}
        for position, label in enumerate(labels):
            if label is None:
                loose[-1 - position] = items[position]
            else:
                patterns.setdefault(label, []).append(items[position])
        pid = place(item, patterns, loose, settings)
        if pid is not None and pid < 0:
            labels[-1 - pid] = next_id
            pid, next_id = next_id, next_id + 1
        labels.append(pid)
    singles = iter(range(next_id, next_id + len(labels)))
    return clustering.renumber([label if label is not None else next(singles) for label in labels])


def nightly(previous: engine.Item, item: engine.Item) -> bool:
    """Re-group when the date changes between two saves (the nightly beat job)."""
    return (previous.created or date.min) != (item.created or date.min)
