"""Knelpunten counted for the dashboard: from the rollups, or on SQLite from the raw tables.

Every query has the same shape whatever it reads (`source`), so the rollups and the plain
GROUP BY over the raw tables give the same figures; the benchmark checks they do.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date, timedelta

from sqlalchemy import FromClause, func, select

from learning.extensions import db
from learning.insight.forms import Filters
from learning.insight.grains import FULL, grain_for
from learning.insight.models import ALL_DOMAINS, BlockageDayCount, BlockageMonthCount
from learning.insight.rollups import raw_day_counts

RAW = "raw_counts"


def use_rollups() -> bool:
    """PostgreSQL reads the rollups; SQLite (first run, small) may read the raw tables."""
    return db.session.get_bind().dialect.name == "postgresql"


def source(filters: Filters, raw: bool | None = None) -> FromClause:
    """The rows to sum: month counts for whole months per month, else day counts, else raw."""
    if raw if raw is not None else not use_rollups():
        return raw_day_counts().subquery(RAW)
    if filters.per == "maand" and filters.whole_months:
        table = BlockageMonthCount
        return select(
            table.month.label("day"),
            table.domain,
            table.organisation_id,
            table.area_id,
            table.table_id,
            table.learning_order,
            table.count,
            table.grain,
        ).subquery("month_counts")
    return BlockageDayCount.__table__


def _sum_by(src: FromClause, key, filters: Filters, breakdown: str = "") -> dict:
    """Sum the counts per `key` (a breakdown dimension, or the day) under the filters, from the
    smallest grain that holds every dimension involved (the raw rows are all FULL)."""
    query = select(key, func.sum(src.c.count)).where(
        src.c.day >= filters.start, src.c.day <= filters.end
    )
    needed = {breakdown} - {""}
    if breakdown == "domain" or filters.domain:
        needed.add("domain")
        query = query.where(src.c.domain != ALL_DOMAINS)
        if filters.domain:
            query = query.where(src.c.domain == filters.domain)
    else:
        query = query.where(src.c.domain == ALL_DOMAINS)
    for name, value in (
        ("organisation_id", filters.organisation_id),
        ("area_id", filters.area_id),
        ("table_id", filters.table_id),
        ("learning_order", filters.order),
    ):
        if value:
            needed.add(name)
            query = query.where(src.c[name] == value)
    query = query.where(src.c.grain == (FULL if src.name == RAW else grain_for(needed)))
    return {k: int(v) for k, v in db.session.execute(query.group_by(key)).all()}


def bucket_start(day: date, per: str) -> date:
    return day - timedelta(days=day.weekday()) if per == "week" else day.replace(day=1)


def buckets(filters: Filters) -> list[date]:
    """Every week or month of the period, so an empty one shows as 0, not as a gap."""
    result, current = [], bucket_start(filters.start, filters.per)
    while current <= filters.end:
        result.append(current)
        if filters.per == "week":
            current += timedelta(days=7)
        else:
            current = date(current.year + (current.month == 12), current.month % 12 + 1, 1)
    return result


def blockage_counts(filters: Filters, raw: bool | None = None) -> dict[str, dict]:
    """Knelpunten per bucket, domain, organisation and wijk, for the filters."""
    src = source(filters, raw)
    per_day = _sum_by(src, src.c.day, filters)
    over_time: dict[date, int] = defaultdict(int)
    for day, count in per_day.items():
        over_time[bucket_start(_as_date(day), filters.per)] += count
    return {
        "time": {start: over_time.get(start, 0) for start in buckets(filters)},
        "domain": _sum_by(src, src.c.domain, filters, "domain"),
        "organisation": _sum_by(src, src.c.organisation_id, filters, "organisation_id"),
        "area": _sum_by(src, src.c.area_id, filters, "area_id"),
        "total": sum(per_day.values()),
    }


def _as_date(value) -> date:
    return date.fromisoformat(value) if isinstance(value, str) else value


def names(model, ids: Iterable[int]) -> dict[int, str]:
    ids = [i for i in ids if i]
    if not ids:
        return {}
    return dict(db.session.execute(select(model.id, model.name).where(model.id.in_(ids))).all())
