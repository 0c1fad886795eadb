"""Patterns in figures: by state and order, the fastest growing, those back after a decision.

On PostgreSQL these are counted in SQL over the pattern facts, so at national scale no fact row
travels to Python; on SQLite and on the benchmark's plain side they are counted in Python over
facts computed from the raw tables. Both give the same `PatternSummary`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func

from learning.extensions import db
from learning.insight import loop
from learning.insight.counts import use_rollups
from learning.insight.forms import Filters
from learning.insight.models import PatternFact

GROWING = 5


@dataclass(frozen=True)
class Listed:
    """A pattern as the growth and came-back tables show it."""

    pattern_id: int
    title: str
    decided_on: date | None
    reports_after: int
    reports_recent: int
    reports_previous: int


@dataclass
class PatternSummary:
    by_state: dict[str, int]  # patterns that emerged in the period, per state
    by_order: dict[str, int]  # the same per learning order ("" = not set yet)
    growing: list[Listed]  # most reports lately against the 90 days before, at most GROWING
    came_back: list[Listed]  # decided in the period and reopened since, by decision date


def summary(filters: Filters, raw: bool | None = None, rows: list | None = None) -> PatternSummary:
    """`rows`: the raw side's facts (`loop.facts(filters, raw=True)`), when already computed."""
    if raw if raw is not None else not use_rollups():
        return _from_rows(filters, loop.facts(filters, raw=True) if rows is None else rows)
    return _from_facts(filters)


def _listed(row) -> Listed:
    return Listed(
        row.pattern_id,
        row.title,
        row.decided_on,
        row.reports_after,
        row.reports_recent,
        row.reports_previous,
    )


def _from_rows(filters: Filters, rows: list) -> PatternSummary:
    by_state: dict[str, int] = {}
    by_order: dict[str, int] = {}
    for row in rows:
        if loop.in_period(row.emerged_on, filters):
            by_state[row.state] = by_state.get(row.state, 0) + 1
            by_order[row.learning_order] = by_order.get(row.learning_order, 0) + 1
    growing = sorted(
        (row for row in rows if row.reports_recent > row.reports_previous),
        key=lambda row: (row.reports_previous - row.reports_recent, row.pattern_id),
    )[:GROWING]
    back = sorted(
        (row for row in rows if row.came_back and loop.in_period(row.decided_on, filters)),
        key=lambda row: (row.decided_on, row.pattern_id),
    )
    return PatternSummary(
        by_state, by_order, [_listed(row) for row in growing], [_listed(row) for row in back]
    )


def _from_facts(filters: Filters) -> PatternSummary:
    f = PatternFact
    listed = (
        f.pattern_id,
        f.title,
        f.decided_on,
        f.reports_after,
        f.reports_recent,
        f.reports_previous,
    )
    by_state: dict[str, int] = {}
    by_order: dict[str, int] = {}
    counted = (
        loop.facts_query(filters, f.state, f.learning_order, func.count())
        .where(f.emerged_on >= filters.start, f.emerged_on <= filters.end)
        .group_by(f.state, f.learning_order)
    )
    for state, order, n in db.session.execute(counted):
        by_state[state] = by_state.get(state, 0) + n
        by_order[order] = by_order.get(order, 0) + n
    growing = db.session.execute(
        loop.facts_query(filters, *listed)
        .where(f.reports_recent > f.reports_previous)
        .order_by(f.reports_previous - f.reports_recent, f.pattern_id)
        .limit(GROWING)
    )
    back = db.session.execute(
        loop.facts_query(filters, *listed)
        .where(f.came_back, f.decided_on >= filters.start, f.decided_on <= filters.end)
        .order_by(f.decided_on, f.pattern_id)
    )
    return PatternSummary(
        by_state, by_order, [_listed(row) for row in growing], [_listed(row) for row in back]
    )
