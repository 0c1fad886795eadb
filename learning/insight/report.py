"""The evaluation report for the raad: the year in figures, in words taken from the decisions."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from learning.extensions import db
from learning.insight import queries
from learning.insight.forms import Filters
from learning.tables.models import Decision, Practice, Resolution


@dataclass
class Report:
    board: queries.Dashboard
    decisions: list[Decision]
    resolutions: list[Resolution]
    practices: list[Practice]


def yearly(filters: Filters, visible: set[int] | None) -> Report:
    """Decisions, procedure changes and werkwijzen of the period, beside the dashboard figures.

    Texts come from decisions and resolutions, which the privacy guard masked when they were
    written; no knelpunt text is quoted, so no case is recognisable.
    """
    start, end = filters.start, filters.end
    decisions = list(
        db.session.scalars(
            select(Decision)
            .where(Decision.decided_on >= start, Decision.decided_on <= end)
            .order_by(Decision.decided_on)
        )
    )
    resolutions = list(
        db.session.scalars(
            select(Resolution)
            .where(Resolution.solved_on >= start, Resolution.solved_on <= end)
            .order_by(Resolution.solved_on)
        )
    )
    practices = [
        p
        for p in db.session.scalars(select(Practice).order_by(Practice.created_at))
        if start <= p.created_at.date() <= end
    ]
    return Report(queries.dashboard(filters, visible), decisions, resolutions, practices)
