"""Reminders by e-mail: actions due within a week or overdue, and late answers of a table.

Safe to run as often as wanted: every message has a dedupe key (once per due date for "due
soon", once per ISO week for what is overdue).
"""

from __future__ import annotations

import logging
from datetime import timedelta

from sqlalchemy import select

from learning.accounts.models import User
from learning.extensions import db
from learning.patterns.models import Pattern
from learning.patterns.states import QUEUE
from learning.tables import notify
from learning.tables.models import ActionStatus, DecisionRequest, RequestStatus, TableAction
from learning.tables.queries import take_up_overdue
from learning.timeutil import today

logger = logging.getLogger(__name__)

DUE_SOON_DAYS = 7


def _recipients(*users: User | None) -> list[User]:
    unique = {u.id: u for u in users if u is not None and u.active}
    return list(unique.values())


def _week() -> str:
    year, week, _day = today().isocalendar()
    return f"{year}w{week:02d}"


def _action_reminders() -> int:
    sent = 0
    horizon = today() + timedelta(days=DUE_SOON_DAYS)
    actions = db.session.scalars(
        select(TableAction)
        .where(TableAction.status == ActionStatus.OPEN, TableAction.due_on <= horizon)
        .order_by(TableAction.due_on, TableAction.id)
    ).all()
    for action in actions:
        overdue = action.is_overdue
        pattern = db.session.get(Pattern, action.pattern_id)
        key = f"overdue:{_week()}" if overdue else "due-soon"
        for user in _recipients(action.owner, action.table.chair):
            sent += notify.action_reminder(user, action, pattern, overdue, key) is not None
    return sent


def _late_answer_reminders() -> int:
    """Beslisvragen past their answer date, and new patterns not taken up in time."""
    sent = 0
    decision_requests = db.session.scalars(
        select(DecisionRequest).where(
            DecisionRequest.status == RequestStatus.OPEN, DecisionRequest.due_on < today()
        )
    ).all()
    for decision_request in decision_requests:
        pattern = db.session.get(Pattern, decision_request.pattern_id)
        table = decision_request.to_table
        for user in _recipients(table.chair, table.secretary):
            sent += notify.late_answer(user, table, pattern, decision_request, _week()) is not None
    waiting = db.session.scalars(
        select(Pattern).where(Pattern.state.in_(QUEUE), Pattern.table_id.is_not(None))
    ).all()
    for pattern in waiting:
        if not take_up_overdue(pattern):
            continue
        table = pattern.table
        for user in _recipients(table.chair, table.secretary):
            sent += notify.late_take_up(user, table, pattern, _week()) is not None
    return sent


def send_reminders() -> int:
    """Queue every reminder that is due now; the caller commits. Returns how many were new."""
    sent = _action_reminders() + _late_answer_reminders()
    if sent:
        logger.info("Queued %s table reminders", sent)
    return sent
