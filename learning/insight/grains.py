"""Grains: the counts summed over all but a few dimensions, so that a view reads a few hundred
rows per month instead of every combination of domain, organisation, wijk, table and order.

A grain is a bit mask over DIMS. FULL keeps every dimension (what a write recomputes from the
raw tables); each smaller grain is summed from the FULL rows of the same day or month. A grain
without the domain dimension holds the all-domains rows (each knelpunt once), one with it the
per-domain rows. A query picks the smallest grain that holds every dimension it filters or
breaks down by, and FULL when there is none.

Day rows keep grains of up to two dimensions, month rows up to three: a breakdown under two
filters then reads a month grain, and a three-dimension day grain would be nearly as large
as the knelpunten themselves (a few hundred per day, almost each its own combination).
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import combinations

from sqlalchemy import Integer, Select, String, func, literal, select, tuple_

from learning.insight.models import ALL_DOMAINS, BlockageDayCount, BlockageMonthCount

DIMS = ("domain", "organisation_id", "area_id", "table_id", "learning_order")
FULL = (1 << len(DIMS)) - 1


def _grains(most: int) -> tuple[int, ...]:
    return tuple(
        sum(1 << DIMS.index(dim) for dim in chosen)
        for size in range(most + 1)
        for chosen in combinations(DIMS, size)
    )


DAY_GRAINS = _grains(2)
MONTH_GRAINS = _grains(3)


def grain_for(needed: Iterable[str], monthly: bool = False) -> int:
    """The grain of day (or month) rows that holds exactly the dimensions `needed`."""
    mask = sum(1 << DIMS.index(dim) for dim in set(needed))
    return mask if mask in (MONTH_GRAINS if monthly else DAY_GRAINS) else FULL


def grain_select(grain: int, periods: list | None, monthly: bool = False) -> Select:
    """The rows of `grain` summed from the FULL day (or month) rows of `periods`, or all."""
    table = BlockageMonthCount if monthly else BlockageDayCount
    period = table.month if monthly else table.day
    kept = {dim for i, dim in enumerate(DIMS) if grain >> i & 1}
    columns = [getattr(table, dim) if dim in kept else _blank(dim).label(dim) for dim in DIMS]
    query = select(
        period, *columns, func.sum(table.count).label("count"), literal(grain).label("grain")
    ).where(table.grain == FULL)
    if "domain" in kept:
        query = query.where(table.domain != ALL_DOMAINS)
    else:
        query = query.where(table.domain == ALL_DOMAINS)
    if periods is not None:
        query = query.where(period.in_(periods))
    return query.group_by(period, *[getattr(table, dim) for dim in DIMS if dim in kept])


def grain_selects(periods: list | None, monthly: bool, grouping_sets: bool) -> list[Select]:
    """Every smaller grain of `periods` (or all) as INSERT sources: with `grouping_sets`
    (PostgreSQL) two statements that each read the FULL rows once, one for the grains
    without the domain and one for those with it; else one statement per grain."""
    grains = [grain for grain in (MONTH_GRAINS if monthly else DAY_GRAINS) if grain != FULL]
    if not grouping_sets:
        return [grain_select(grain, periods, monthly) for grain in grains]
    domain_bit = 1 << DIMS.index("domain")
    return [
        _grouping_select(
            [g for g in grains if bool(g & domain_bit) == with_domain], periods, monthly
        )
        for with_domain in (False, True)
    ]


def _grouping_select(grains: list[int], periods: list | None, monthly: bool) -> Select:
    table = BlockageMonthCount if monthly else BlockageDayCount
    period = table.month if monthly else table.day
    columns = [getattr(table, dim) for dim in DIMS]
    sets = [
        tuple_(period, *[column for i, column in enumerate(columns) if grain >> i & 1])
        for grain in grains
    ]
    used = {i for grain in grains for i in range(len(DIMS)) if grain >> i & 1}
    # GROUPING(column) is 1 where a set leaves the column out: the grain keeps the others.
    grain = sum(
        (literal(1 << i) * (literal(1) - func.grouping(columns[i])) for i in sorted(used)),
        literal(0),
    )
    query = select(
        period,
        *[
            func.coalesce(columns[i], _blank(dim)).label(dim)
            if i in used
            else _blank(dim).label(dim)
            for i, dim in enumerate(DIMS)
        ],
        func.sum(table.count).label("count"),
        grain.label("grain"),
    ).where(table.grain == FULL)
    with_domain = bool(grains[0] & 1 << DIMS.index("domain"))
    query = query.where(table.domain != ALL_DOMAINS if with_domain else table.domain == ALL_DOMAINS)
    if periods is not None:
        query = query.where(period.in_(periods))
    return query.group_by(func.grouping_sets(*sets))


def _blank(dim: str):
    return literal(
        ALL_DOMAINS if dim in {"domain", "learning_order"} else 0,
        String if dim in {"domain", "learning_order"} else Integer,
    )
