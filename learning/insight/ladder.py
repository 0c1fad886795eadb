"""Leersessies in figures: per level, sessions held, dilemmas raised and solved, escalations up
the ladder and answers coming back down."""

from __future__ import annotations

from datetime import time, timedelta

from sqlalchemy import select

from learning.extensions import db
from learning.insight.forms import Filters
from learning.sessions.models import (
    AgendaItem,
    ItemKind,
    LearningSession,
    Outcome,
    SessionLevel,
    SessionSeries,
    SessionStatus,
)
from learning.timeutil import as_utc, to_utc

FIGURES = ("held", "raised", "solved", "up", "down")


def ladder_figures(filters: Filters) -> dict[str, dict[str, int]]:
    """{level: {figure: count}} for the period (and wijk, when filtered)."""
    start = to_utc(filters.start, time(0, 0))
    end = to_utc(filters.end + timedelta(days=1), time(0, 0))
    result: dict[str, dict[str, int]] = {
        level.value: dict.fromkeys(FIGURES, 0) for level in SessionLevel
    }

    def area(query):
        if filters.area_id:
            return query.where(SessionSeries.area_id == filters.area_id)
        return query

    held = area(
        select(SessionSeries.level)
        .join(LearningSession, LearningSession.series_id == SessionSeries.id)
        .where(
            LearningSession.status == SessionStatus.CLOSED,
            LearningSession.starts_at >= start,
            LearningSession.starts_at < end,
        )
    )
    for (level,) in db.session.execute(held):
        result[level]["held"] += 1
    items = area(
        select(
            SessionSeries.level,
            AgendaItem.kind,
            AgendaItem.outcome,
            AgendaItem.created_at,
            AgendaItem.decided_at,
            AgendaItem.answered_at,
        )
        .join(AgendaItem, AgendaItem.series_id == SessionSeries.id)
        .where(AgendaItem.created_at < end)
    )
    for level, kind, outcome, created_at, decided_at, answered_at in db.session.execute(items):
        row = result[level]
        if kind == ItemKind.DILEMMA and _within(created_at, start, end):
            row["raised"] += 1
        if (
            kind == ItemKind.DILEMMA
            and outcome == Outcome.SOLVED
            and _within(decided_at, start, end)
        ):
            row["solved"] += 1
        if outcome == Outcome.ESCALATED and _within(decided_at, start, end):
            row["up"] += 1
        if answered_at is not None and _within(answered_at, start, end):
            row["down"] += 1
    return result


def _within(moment, start, end) -> bool:
    if moment is None:
        return False
    return start <= as_utc(moment) < end
