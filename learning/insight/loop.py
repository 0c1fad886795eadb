"""The loop figures: how fast the network answers and whether its answers worked.

Each figure counts patterns whose closing moment falls in the period: emergence→triage counts
patterns triaged in the period, triage→decision those decided in it, decision→first action
those whose first action was in it. Per table, and for the whole network.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import Select, and_, case, func, or_, select, tuple_

from learning.extensions import db
from learning.insight.counts import use_rollups
from learning.insight.facts import EFFECT_DAYS, compute_facts
from learning.insight.forms import Filters
from learning.insight.models import PatternFact
from learning.patterns.models import Pattern
from learning.sessions.models import Agreement
from learning.tables.models import ActionStatus, TableAction
from learning.timeutil import local_date, to_utc, today

AGREEMENT_CHECK_DAYS = 42  # an afspraak is checked within six weeks (000:4311)
NETWORK = 0  # the key of the whole network in per-table results


@dataclass(frozen=True)
class Span:
    """How many patterns took a step in the period, and their median number of days."""

    count: int
    median: float | None


@dataclass
class Loop:
    """Spans and tallies per table (and NETWORK), ready to become cells. Both ways of computing
    it (SQL over the facts, Python over raw rows) leave out a table with nothing to count, so
    the two compare equal."""

    to_triage: dict[int, Span]
    to_decision: dict[int, Span]
    to_action: dict[int, Span]
    actions: dict[int, list[int]]  # [on time, due]
    told: dict[int, list[int]]  # [reporters told, reporters of a pattern with an outcome]
    fell: dict[int, list[int]]  # [reports fell after the decision, decisions measurable]
    came_back: dict[int, int]
    agreements: list[int]  # [checked within six weeks, agreements that should have been]


def in_period(day: date | None, filters: Filters) -> bool:
    return day is not None and filters.start <= day <= filters.end


def facts_query(filters: Filters, *columns) -> Select:
    """Fact rows with a moment in the period, the table and order filters applied."""
    f = PatternFact
    moments = (f.emerged_on, f.triaged_on, f.decided_on, f.first_action_on, f.outcome_on)
    query = select(*columns).where(
        or_(*[and_(m >= filters.start, m <= filters.end) for m in moments])
    )
    if filters.table_id:
        query = query.where(f.table_id == filters.table_id)
    if filters.order:
        query = query.where(f.learning_order == filters.order)
    return query


def facts(filters: Filters, raw: bool | None = None) -> list:
    """Fact rows of patterns with a moment in the period (table and order filters applied)."""
    if raw if raw is not None else not use_rollups():
        rows = [_Row(**row) for row in compute_facts(None)]
    else:
        # Plain rows: no ORM identity map to fill.
        rows = list(db.session.execute(facts_query(filters, *PatternFact.__table__.c)))
    rows.sort(key=lambda row: row.pattern_id)  # the same order whatever was read
    return [
        row
        for row in rows
        if (not filters.table_id or row.table_id == filters.table_id)
        and (not filters.order or row.learning_order == filters.order)
        and any(
            in_period(m, filters)
            for m in (
                row.emerged_on,
                row.triaged_on,
                row.decided_on,
                row.first_action_on,
                row.outcome_on,
            )
        )
    ]


class _Row:
    def __init__(self, **values) -> None:
        self.__dict__.update(values)


def _keys(table_id: int) -> set[int]:
    """A pattern counts for the network and for its table; one without a table (0) only for
    the network, once."""
    return {NETWORK, table_id}


def loop_figures(filters: Filters, raw: bool | None = None, rows: list | None = None) -> Loop:
    """The loop figures for the filters: summed in SQL from the pattern facts, or (SQLite, the
    benchmark's plain side) in Python from facts computed from the raw tables (`rows`, when the
    caller computed them already)."""
    if raw if raw is not None else not use_rollups():
        rows = facts(filters, raw=True) if rows is None else rows
        spans, told, fell, came_back = _from_rows(filters, rows)
    else:
        spans, told, fell, came_back = _from_facts(filters)
    return Loop(
        *spans,
        _actions(filters),
        _nonzero(told),
        _nonzero(fell),
        _nonzero(came_back),
        _agreements(filters),
    )


def _nonzero(tallies: dict) -> dict:
    return {key: value for key, value in tallies.items() if any(_as_list(value))}


def _as_list(value) -> list:
    return value if isinstance(value, list) else [value]


def _from_rows(filters: Filters, rows: list) -> tuple:
    to_triage, to_decision, to_action = defaultdict(list), defaultdict(list), defaultdict(list)
    told, fell = defaultdict(lambda: [0, 0]), defaultdict(lambda: [0, 0])
    came_back: dict[int, int] = defaultdict(int)
    measurable_until = today() - timedelta(days=EFFECT_DAYS)
    for row in rows:
        for key in _keys(row.table_id):
            if in_period(row.triaged_on, filters) and row.emerged_on:
                to_triage[key].append((row.triaged_on - row.emerged_on).days)
            if in_period(row.decided_on, filters) and row.triaged_on:
                to_decision[key].append((row.decided_on - row.triaged_on).days)
            if in_period(row.first_action_on, filters) and row.decided_on:
                to_action[key].append((row.first_action_on - row.decided_on).days)
            if in_period(row.outcome_on, filters):
                told[key][0] += row.reporters_told
                told[key][1] += row.reporters
            if in_period(row.decided_on, filters) and row.decided_on <= measurable_until:
                fell[key][0] += row.reports_after < row.reports_before
                fell[key][1] += 1
            if in_period(row.decided_on, filters) and row.came_back:
                came_back[key] += 1
    spans = tuple(
        {key: Span(len(days), float(statistics.median(days))) for key, days in part.items()}
        for part in (to_triage, to_decision, to_action)
    )
    return spans, told, fell, came_back


def _from_facts(filters: Filters) -> tuple:
    """One query: every figure per table and for the network (GROUPING SETS), over the facts
    of the period, so no fact row travels to Python."""
    f = PatternFact

    def within(column):
        return and_(column >= filters.start, column <= filters.end)

    def span(end, begin):
        days = case((and_(within(end), begin.is_not(None)), end - begin))
        return func.count(days), func.percentile_cont(0.5).within_group(days)

    decided = within(f.decided_on)
    measurable = and_(decided, f.decided_on <= today() - timedelta(days=EFFECT_DAYS))
    told = within(f.outcome_on)
    columns = [
        func.grouping(f.table_id).label("network"),
        f.table_id,
        *span(f.triaged_on, f.emerged_on),
        *span(f.decided_on, f.triaged_on),
        *span(f.first_action_on, f.decided_on),
        func.coalesce(func.sum(case((told, f.reporters_told), else_=0)), 0),
        func.coalesce(func.sum(case((told, f.reporters), else_=0)), 0),
        func.count(case((and_(measurable, f.reports_after < f.reports_before), 1))),
        func.count(case((measurable, 1))),
        func.count(case((and_(decided, f.came_back), 1))),
    ]
    query = facts_query(filters, *columns).group_by(
        func.grouping_sets(tuple_(f.table_id), tuple_())
    )
    parts: tuple[dict, ...] = ({}, {}, {})
    told_by, fell_by, back_by = {}, {}, {}
    for row in db.session.execute(query):
        if not row[0] and row.table_id == NETWORK:
            continue  # patterns without a table: counted in the network row only
        key = NETWORK if row[0] else row.table_id
        for i, part in enumerate(parts):
            count, median = row[2 + 2 * i], row[3 + 2 * i]
            if count:
                part[key] = Span(count, float(median))
        told_by[key] = [int(row[8]), int(row[9])]
        fell_by[key] = [row[10], row[11]]
        back_by[key] = row[12]
    return parts, told_by, fell_by, back_by


def _actions(filters: Filters) -> dict[int, list[int]]:
    """Actions due in the period that are finished or overdue: how many were done in time."""
    query = select(
        TableAction.table_id, TableAction.due_on, TableAction.status, TableAction.finished_at
    ).where(TableAction.due_on >= filters.start, TableAction.due_on <= filters.end)
    if filters.table_id:
        query = query.where(TableAction.table_id == filters.table_id)
    if filters.order:
        query = query.join(Pattern, Pattern.id == TableAction.pattern_id).where(
            Pattern.order == filters.order
        )
    result: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    now = today()
    for table_id, due_on, status, finished_at in db.session.execute(query):
        if status == ActionStatus.OPEN and due_on >= now:
            continue  # not due yet: neither on time nor late
        on_time = (
            status == ActionStatus.DONE
            and finished_at is not None
            and local_date(finished_at) <= due_on
        )
        for key in _keys(table_id or 0):
            result[key][0] += on_time
            result[key][1] += 1
    return result


def _agreements(filters: Filters) -> list[int]:
    """Afspraken made in the period whose six weeks are over (or that were checked)."""
    checked, due = 0, 0
    now = today()
    rows = db.session.execute(
        select(Agreement.created_at, Agreement.checked_at).where(
            Agreement.created_at >= _moment(filters.start),
            Agreement.created_at < _moment(filters.end + timedelta(days=1)),
        )
    )
    for created_at, checked_at in rows:
        made = local_date(created_at)
        in_time = (
            checked_at is not None and (local_date(checked_at) - made).days <= AGREEMENT_CHECK_DAYS
        )
        if checked_at is None and (now - made).days <= AGREEMENT_CHECK_DAYS:
            continue  # its six weeks are not over yet
        checked += in_time
        due += 1
    return [checked, due]


def _moment(day: date) -> datetime:
    """Local midnight of `day`, in UTC, to compare with stored moments."""
    return to_utc(day, time(0, 0))
