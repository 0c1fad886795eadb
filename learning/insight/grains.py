"""Grains: the day counts summed over all but one or two dimensions, so that a view with few
filters reads a few hundred rows per month instead of every combination of organisation,
wijk, table and order.

A grain is a bit mask over DIMS. FULL keeps every dimension (what a write recomputes from the
raw tables); each smaller grain is summed from the FULL rows of the same day. A grain without
the domain dimension holds the all-domains rows (each knelpunt once), one with it the
per-domain rows. A query picks the smallest grain that holds every dimension it filters or
breaks down by, and FULL when it needs more than two.
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import combinations

from sqlalchemy import Integer, Select, String, func, literal, select

from learning.insight.models import ALL_DOMAINS, BlockageDayCount

DIMS = ("domain", "organisation_id", "area_id", "table_id", "learning_order")
FULL = (1 << len(DIMS)) - 1
SMALL = tuple(
    sum(1 << DIMS.index(dim) for dim in chosen)
    for size in range(3)
    for chosen in combinations(DIMS, size)
)


def grain_for(needed: Iterable[str]) -> int:
    mask = sum(1 << DIMS.index(dim) for dim in set(needed))
    return mask if mask in SMALL else FULL


def grain_select(grain: int, days: list | None) -> Select:
    """The rows of `grain` summed from the FULL day rows (of `days`, or all)."""
    table = BlockageDayCount
    kept = {dim for i, dim in enumerate(DIMS) if grain >> i & 1}
    columns = [getattr(table, dim) if dim in kept else _blank(dim).label(dim) for dim in DIMS]
    query = select(
        table.day, *columns, func.sum(table.count).label("count"), literal(grain).label("grain")
    ).where(table.grain == FULL)
    if "domain" in kept:
        query = query.where(table.domain != ALL_DOMAINS)
    else:
        query = query.where(table.domain == ALL_DOMAINS)
    if days is not None:
        query = query.where(table.day.in_(days))
    return query.group_by(table.day, *[getattr(table, dim) for dim in DIMS if dim in kept])


def _blank(dim: str):
    return literal(
        ALL_DOMAINS if dim in {"domain", "learning_order"} else 0,
        String if dim in {"domain", "learning_order"} else Integer,
    )
