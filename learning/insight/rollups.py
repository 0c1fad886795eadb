"""Keeping the rollups: refresh the days and patterns a write touched, or rebuild everything.

The day counts are recomputed per touched day from the raw tables (a GROUP BY over one day is
cheap), then the touched months are summed again from the day counts. `raw_day_counts` is the
same GROUP BY without a day filter: the dashboard reads it directly on SQLite (first run), and
the benchmark compares the rollups with it.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import date

from sqlalchemy import (
    Select,
    SmallInteger,
    String,
    delete,
    func,
    insert,
    literal,
    select,
    text,
    union_all,
)

from learning.blockages.models import Blockage, BlockageDomain
from learning.extensions import db
from learning.insight import month_delta
from learning.insight.facts import compute_facts
from learning.insight.grains import FULL, grain_selects
from learning.insight.models import (
    ALL_DOMAINS,
    BlockageDayCount,
    BlockageMonthCount,
    PatternFact,
)
from learning.patterns.models import Pattern, PatternMember

logger = logging.getLogger(__name__)

_COLUMNS = (
    "day",
    "domain",
    "organisation_id",
    "area_id",
    "table_id",
    "learning_order",
    "count",
    "grain",
)
_CHUNK = 5000


def _counts(by_domain: bool, days: list[date] | None) -> Select:
    keys = [
        Blockage.reported_on,
        Blockage.organisation_id,
        func.coalesce(Blockage.area_id, 0),
        func.coalesce(Pattern.table_id, 0),
        func.coalesce(Pattern.order, ""),
    ]
    domain = BlockageDomain.domain if by_domain else literal(ALL_DOMAINS, String)
    query = (
        select(
            keys[0].label("day"),
            domain.label("domain"),
            keys[1].label("organisation_id"),
            keys[2].label("area_id"),
            keys[3].label("table_id"),
            keys[4].label("learning_order"),
            func.count().label("count"),
            literal(FULL, SmallInteger).label("grain"),
        )
        .select_from(Blockage)
        .outerjoin(PatternMember, PatternMember.blockage_id == Blockage.id)
        .outerjoin(Pattern, Pattern.id == PatternMember.pattern_id)
        .where(Blockage.withdrawn_at.is_(None))
    )
    if by_domain:
        query = query.join(BlockageDomain, BlockageDomain.blockage_id == Blockage.id)
        keys.append(BlockageDomain.domain)
    if days is not None:
        query = query.where(Blockage.reported_on.in_(days))
    return query.group_by(*keys)


def raw_day_counts(days: Iterable[date] | None = None) -> Select:
    """Rows shaped like `BlockageDayCount`, straight from the raw tables (the plain GROUP BY)."""
    chosen = sorted(days) if days is not None else None
    return union_all(_counts(False, chosen), _counts(True, chosen))


def _month_start(day: date) -> date:
    return day.replace(day=1)


def _next_month(month: date) -> date:
    return date(month.year + (month.month == 12), month.month % 12 + 1, 1)


def refresh_days(days: Iterable[date]) -> None:
    """Recompute the day counts of `days` from the raw tables, and add to their months what
    that changed."""
    days = sorted(set(days))
    if not days:
        return
    for start in range(0, len(days), 500):
        chunk = days[start : start + 500]
        before = month_delta.full_rows(chunk)
        db.session.execute(delete(BlockageDayCount).where(BlockageDayCount.day.in_(chunk)))
        db.session.execute(insert(BlockageDayCount).from_select(_COLUMNS, raw_day_counts(chunk)))
        _insert_grains(chunk)
        month_delta.apply(before, month_delta.full_rows(chunk))


def _refresh_months(months: set[date]) -> None:
    """Each month's FULL rows summed from its FULL day rows, then its grains from those (a
    month has fewer FULL rows than its days together, and holds grains the days do not)."""
    keys = (
        BlockageDayCount.domain,
        BlockageDayCount.organisation_id,
        BlockageDayCount.area_id,
        BlockageDayCount.table_id,
        BlockageDayCount.learning_order,
    )
    for month in sorted(months):
        end = _next_month(month)
        db.session.execute(delete(BlockageMonthCount).where(BlockageMonthCount.month == month))
        summed = (
            select(
                literal(month).label("month"),
                *keys,
                func.sum(BlockageDayCount.count),
                BlockageDayCount.grain,
            )
            .where(
                BlockageDayCount.grain == FULL,
                BlockageDayCount.day >= month,
                BlockageDayCount.day < end,
            )
            .group_by(*keys, BlockageDayCount.grain)
        )
        month_columns = ("month", *_COLUMNS[1:])
        db.session.execute(insert(BlockageMonthCount).from_select(month_columns, summed))
        for rows in grain_selects([month], True, _grouping_sets()):
            db.session.execute(
                insert(BlockageMonthCount).from_select(("month", *_COLUMNS[1:]), rows)
            )


def _insert_grains(days: list[date] | None) -> None:
    """The smaller grains of `days` (or of every day), summed from their FULL rows."""
    for rows in grain_selects(days, False, _grouping_sets()):
        db.session.execute(insert(BlockageDayCount).from_select(_COLUMNS, rows))


def _grouping_sets() -> bool:
    """PostgreSQL sums every grain from one read of the FULL rows; SQLite has no GROUPING SETS."""
    return db.session.get_bind().dialect.name == "postgresql"


def refresh_patterns(pattern_ids: Iterable[int]) -> None:
    """Recompute the facts of these patterns (a merged or deleted pattern loses its row)."""
    ids = sorted(set(pattern_ids))
    if not ids:
        return
    db.session.execute(delete(PatternFact).where(PatternFact.pattern_id.in_(ids)))
    _insert_facts(compute_facts(ids))


def member_days(pattern_ids: Iterable[int]) -> set[date]:
    """The reporting days of a pattern's knelpunten: their table and order follow the pattern."""
    ids = sorted(set(pattern_ids))
    if not ids:
        return set()
    return set(
        db.session.scalars(
            select(Blockage.reported_on)
            .join(PatternMember, PatternMember.blockage_id == Blockage.id)
            .where(PatternMember.pattern_id.in_(ids))
            .distinct()
        )
    )


# One key for every rollup writer (an arbitrary constant, unique within this database).
_ROLLUP_LOCK = 7_466_001


def _one_writer_at_a_time() -> None:
    """Two refreshes of one day would each delete its rows and then both insert them again,
    which breaks the unique key; PostgreSQL holds this lock until the transaction ends. SQLite
    already lets one writer in at a time."""
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _ROLLUP_LOCK})


def refresh(
    days: Iterable[date],
    pattern_ids: Iterable[int],
    blockage_ids: Iterable[int] = (),
    regrouped_ids: Iterable[int] = (),
) -> None:
    """What a write queues: its days; the facts of its patterns (and of its knelpunten's
    patterns); and for regrouped patterns (members, table or order changed) their members' days.
    """
    _one_writer_at_a_time()
    pattern_ids = set(pattern_ids) | set(regrouped_ids)
    blockage_ids = sorted(set(blockage_ids))
    if blockage_ids:
        pattern_ids.update(
            db.session.scalars(
                select(PatternMember.pattern_id).where(PatternMember.blockage_id.in_(blockage_ids))
            )
        )
    refresh_days(set(days) | member_days(regrouped_ids))
    refresh_patterns(pattern_ids)


def rebuild() -> dict[str, int]:
    """Recompute every rollup from the raw tables (`flask insight rebuild`, nightly task)."""
    _one_writer_at_a_time()
    db.session.execute(delete(BlockageDayCount))
    db.session.execute(delete(BlockageMonthCount))
    db.session.execute(insert(BlockageDayCount).from_select(_COLUMNS, raw_day_counts()))
    _insert_grains(None)
    months = {
        _month_start(day) for day in db.session.scalars(select(BlockageDayCount.day).distinct())
    }
    _refresh_months(months)
    db.session.execute(delete(PatternFact))
    facts = compute_facts(None)
    _insert_facts(facts)
    db.session.flush()
    counts = {
        "days": db.session.scalar(select(func.count()).select_from(BlockageDayCount)) or 0,
        "months": db.session.scalar(select(func.count()).select_from(BlockageMonthCount)) or 0,
        "patterns": len(facts),
    }
    logger.info("Insight rollups rebuilt: %s", counts)
    return counts


def _insert_facts(facts: list[dict]) -> None:
    for start in range(0, len(facts), _CHUNK):
        db.session.execute(insert(PatternFact), facts[start : start + _CHUNK])
