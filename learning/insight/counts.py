"""Knelpunten counted for the dashboard: from the rollups, or on SQLite from the raw tables.

Every part of the one statement has the same shape whatever it reads (`_spans`: month rows,
day rows, or the raw GROUP BY), so the rollups and the plain GROUP BY over the raw tables give
the same figures; the benchmark checks they do.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date, timedelta

from sqlalchemy import (
    Date,
    FromClause,
    Integer,
    Select,
    String,
    cast,
    func,
    literal,
    null,
    select,
    union_all,
)

from learning.extensions import db
from learning.insight.forms import Filters
from learning.insight.grains import FULL, grain_for
from learning.insight.models import ALL_DOMAINS, BlockageDayCount, BlockageMonthCount
from learning.insight.rollups import raw_day_counts

RAW = "raw_counts"
BREAKDOWNS = ("domain", "organisation_id", "area_id")


def use_rollups() -> bool:
    """PostgreSQL reads the rollups; SQLite (first run, small) may read the raw tables."""
    return db.session.get_bind().dialect.name == "postgresql"


def _months(table) -> FromClause:
    """The month counts under the day counts' column names."""
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


def whole_months(filters: Filters) -> tuple[date, date] | None:
    """The first and last month (their first days) lying wholly inside the period, if any."""
    first = filters.start if filters.start.day == 1 else _next_month(filters.start)
    after = filters.end + timedelta(days=1)
    last = after.replace(day=1) - timedelta(days=1)  # the last day of the last whole month
    if first > last:
        return None
    return first, last.replace(day=1)


def _next_month(day: date) -> date:
    return date(day.year + (day.month == 12), day.month % 12 + 1, 1)


def _spans(filters: Filters, monthly: bool, raw: bool) -> list[tuple[FromClause, date, date, bool]]:
    """Where to read the period from: (rows, first, last, whether they are month rows). Month
    rows for its whole months and day rows for the days at its edges, when `monthly`."""
    if raw:
        return [(raw_day_counts().subquery(RAW), filters.start, filters.end, False)]
    days = BlockageDayCount.__table__
    months = whole_months(filters) if monthly else None
    if months is None:
        return [(days, filters.start, filters.end, False)]
    first, last = months
    spans = [(_months(BlockageMonthCount), first, last, True)]
    if filters.start < first:
        spans.append((days, filters.start, first - timedelta(days=1), False))
    month_end = _next_month(last) - timedelta(days=1)
    if month_end < filters.end:
        spans.append((days, month_end + timedelta(days=1), filters.end, False))
    return spans


def _part(kind: str, filters: Filters, span: tuple, breakdown: str = "") -> Select:
    """One sum under the filters, from the smallest grain that holds every dimension involved
    (raw rows are all FULL), shaped alike for the UNION: kind, day, domain, id, count."""
    src, first, last, monthly = span
    query = select(func.sum(src.c.count).label("count")).where(
        src.c.day >= first, src.c.day <= last
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
    grain = FULL if src.name == RAW else grain_for(needed, monthly)
    query = query.where(src.c.grain == grain)
    key = src.c[breakdown or "day"]  # what this part sums per; the other columns stay NULL
    day = key if not breakdown else cast(null(), Date)
    domain = key if breakdown == "domain" else cast(null(), String)
    ref = key if breakdown in {"organisation_id", "area_id"} else cast(null(), Integer)
    return query.add_columns(
        literal(kind).label("kind"), day.label("day"), domain.label("domain"), ref.label("ref")
    ).group_by(key)


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
    """Knelpunten per bucket, domain, organisation and wijk, for the filters: one statement,
    each part reading month rows where whole months suffice."""
    raw = raw if raw is not None else not use_rollups()
    parts = [_part("time", filters, span) for span in _spans(filters, filters.per == "maand", raw)]
    for breakdown in BREAKDOWNS:
        parts += [_part(breakdown, filters, span, breakdown) for span in _spans(filters, True, raw)]
    over_time: dict[date, int] = defaultdict(int)
    by: dict[str, dict] = {name: defaultdict(int) for name in BREAKDOWNS}
    total = 0
    for count, kind, day, domain, ref in db.session.execute(union_all(*parts)):
        if kind == "time":
            over_time[bucket_start(_as_date(day), filters.per)] += int(count)
            total += int(count)
        else:
            by[kind][domain if kind == "domain" else ref] += int(count)
    return {
        "time": {start: over_time.get(start, 0) for start in buckets(filters)},
        "domain": dict(by["domain"]),
        "organisation": dict(by["organisation_id"]),
        "area": dict(by["area_id"]),
        "total": total,
    }


def _as_date(value) -> date:
    return date.fromisoformat(value) if isinstance(value, str) else value


def names(model, ids: Iterable[int]) -> dict[int, str]:
    ids = [i for i in ids if i]
    if not ids:
        return {}
    return dict(db.session.execute(select(model.id, model.name).where(model.id.in_(ids))).all())
