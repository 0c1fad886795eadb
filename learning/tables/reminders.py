"""Reminders by e-mail: actions due within a week or overdue, and late answers of a table.

Safe to run as often as wanted: every message has a dedupe key (once per due date for "due
soon", once per ISO week for what is overdue).
"""

from __future__ import annotations

import logging
from datetime import timedelta

from flask import render_template
from flask_babel import gettext as _
from sqlalchemy import select

from learning.accounts.models import User
from learning.extensions import db
from learning.links import external_url
from learning.mail.services import queue_mail
from learning.patterns.models import Pattern
from learning.tables.models import ActionStatus, DecisionRequest, RequestStatus, TableAction
from learning.tables.queries import TAKE_UP_STATES, take_up_overdue
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
        overdue = action.due_on < today()
        pattern = db.session.get(Pattern, action.pattern_id)
        link = external_url("patterns.show_pattern", pattern_id=action.pattern_id)
        key = f"overdue:{_week()}" if overdue else "due-soon"
        subject = (
            _("Actie over de deadline: %(what)s", what=action.what)
            if overdue
            else _("Actie binnenkort af: %(what)s", what=action.what)
        )
        for user in _recipients(action.owner, action.table.chair):
            text = render_template(
                "tables/email/action_reminder.txt",
                user=user,
                action=action,
                pattern=pattern,
                overdue=overdue,
                link=link,
            )
            mail = queue_mail(
                user.email,
                subject[:300],
                text,
                dedupe_key=f"action-{key}:{action.id}:{action.due_on:%Y%m%d}:{user.id}",
            )
            sent += mail is not None
    return sent


def _late_answer_reminders() -> int:
    """Beslisvragen past their answer date, and new patterns not taken up in time."""
    sent = 0
    requests = db.session.scalars(
        select(DecisionRequest).where(
            DecisionRequest.status == RequestStatus.OPEN, DecisionRequest.due_on < today()
        )
    ).all()
    for request in requests:
        pattern = db.session.get(Pattern, request.pattern_id)
        table = request.to_table
        for user in _recipients(table.chair, table.secretary):
            mail = queue_mail(
                user.email,
                _("Beslisvraag wacht te lang: %(title)s", title=pattern.title)[:300],
                render_template(
                    "tables/email/late_answer.txt",
                    user=user,
                    table=table,
                    pattern=pattern,
                    request=request,
                    link=external_url("tables.dossier", request_id=request.id),
                ),
                dedupe_key=f"request-overdue:{request.id}:{_week()}:{user.id}",
            )
            sent += mail is not None
    waiting = db.session.scalars(
        select(Pattern).where(Pattern.state.in_(TAKE_UP_STATES), Pattern.table_id.is_not(None))
    ).all()
    for pattern in waiting:
        if not take_up_overdue(pattern):
            continue
        table = pattern.table
        for user in _recipients(table.chair, table.secretary):
            mail = queue_mail(
                user.email,
                _(
                    "Patroon wacht te lang op %(table)s: %(title)s",
                    table=table.name,
                    title=pattern.title,
                )[:300],
                render_template(
                    "tables/email/late_answer.txt",
                    user=user,
                    table=table,
                    pattern=pattern,
                    request=None,
                    link=external_url("patterns.show_pattern", pattern_id=pattern.id),
                ),
                dedupe_key=f"take-up-overdue:{pattern.id}:{_week()}:{user.id}",
            )
            sent += mail is not None
    return sent


def send_reminders() -> int:
    """Queue every reminder that is due now; the caller commits. Returns how many were new."""
    sent = _action_reminders() + _late_answer_reminders()
    if sent:
        logger.info("Queued %s table reminders", sent)
    return sent
