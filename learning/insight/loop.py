"""The loop figures: how fast the network answers and whether its answers worked.

Each figure counts patterns whose closing moment falls in the period: emergence→triage counts
patterns triaged in the period, triage→decision those decided in it, decision→first action
those whose first action was in it. Per table, and for the whole network.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import and_, or_, select

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


@dataclass
class Loop:
    """Lists of day spans and tallies per table (and NETWORK), ready to become cells."""

    to_triage: dict[int, list[int]]
    to_decision: dict[int, list[int]]
    to_action: dict[int, list[int]]
    actions: dict[int, list[int]]  # [on time, due]
    told: dict[int, list[int]]  # [reporters told, reporters of a pattern with an outcome]
    fell: dict[int, list[int]]  # [reports fell after the decision, decisions measurable]
    came_back: dict[int, int]
    agreements: list[int]  # [checked within six weeks, agreements that should have been]


def in_period(day: date | None, filters: Filters) -> bool:
    return day is not None and filters.start <= day <= filters.end


def facts(filters: Filters, raw: bool | None = None) -> list:
    """Fact rows of patterns with a moment in the period (table and order filters applied)."""
    if raw if raw is not None else not use_rollups():
        rows = [_Row(**row) for row in compute_facts(None)]
    else:
        f = PatternFact
        moments = (f.emerged_on, f.triaged_on, f.decided_on, f.first_action_on, f.outcome_on)
        query = select(*PatternFact.__table__.c).where(
            or_(*[and_(m >= filters.start, m <= filters.end) for m in moments])
        )
        if filters.table_id:
            query = query.where(f.table_id == filters.table_id)
        if filters.order:
            query = query.where(f.learning_order == filters.order)
        rows = list(db.session.execute(query))  # plain rows: no ORM identity map to fill
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


def loop_figures(filters: Filters, rows: list) -> Loop:
    to_triage, to_decision, to_action = defaultdict(list), defaultdict(list), defaultdict(list)
    told, fell = defaultdict(lambda: [0, 0]), defaultdict(lambda: [0, 0])
    came_back: dict[int, int] = defaultdict(int)
    measurable_until = today() - timedelta(days=EFFECT_DAYS)
    for row in rows:
        for key in (NETWORK, row.table_id):
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
    return Loop(
        to_triage,
        to_decision,
        to_action,
        _actions(filters),
        told,
        fell,
        came_back,
        _agreements(filters),
    )


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
        for key in (NETWORK, table_id):
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
