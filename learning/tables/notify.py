"""Mail from the learning tables: one function per message (assigned, received, reminders).

These are work messages (an action or a beslisvraag waits for the recipient), so they do not
depend on `User.notify_by_email`, which is about news of followed patterns.
"""

from __future__ import annotations

from flask import render_template
from flask_babel import gettext as _

from learning.accounts.models import User
from learning.links import external_url
from learning.mail.models import OutgoingMail
from learning.mail.services import queue_mail
from learning.patterns.models import Pattern
from learning.tables.models import DecisionRequest, LearningTable, TableAction


def action_assigned(action: TableAction, pattern: Pattern) -> None:
    """The owner of a new action hears what, for which pattern, by when."""
    link = external_url("patterns.show_pattern", pattern_id=pattern.id)
    queue_mail(
        action.owner.email,
        _("Nieuwe actie voor u: %(what)s", what=action.what)[:300],
        render_template(
            "tables/email/action_assigned.txt", action=action, pattern=pattern, link=link
        ),
        dedupe_key=f"action-assigned:{action.id}",
    )


def decision_request_received(decision_request: DecisionRequest) -> None:
    """The chair of the table above finds the beslisvraag and its dossier."""
    chair = decision_request.to_table.chair
    if chair is None:
        return
    link = external_url("tables.dossier", request_id=decision_request.id)
    queue_mail(
        chair.email,
        _("Beslisvraag voor %(table)s", table=decision_request.to_table.name)[:300],
        render_template(
            "tables/email/request_received.txt", decision_request=decision_request, link=link
        ),
        dedupe_key=f"request-received:{decision_request.id}",
    )


def action_reminder(
    user: User, action: TableAction, pattern: Pattern | None, overdue: bool, key: str
) -> OutgoingMail | None:
    """An action due within a week, or past its deadline (to its owner and the chair)."""
    subject = (
        _("Actie over de deadline: %(what)s", what=action.what)
        if overdue
        else _("Actie binnenkort af: %(what)s", what=action.what)
    )
    text = render_template(
        "tables/email/action_reminder.txt",
        user=user,
        action=action,
        pattern=pattern,
        overdue=overdue,
        link=external_url("patterns.show_pattern", pattern_id=action.pattern_id),
    )
    return queue_mail(
        user.email,
        subject[:300],
        text,
        dedupe_key=f"action-{key}:{action.id}:{action.due_on:%Y%m%d}:{user.id}",
    )


def late_answer(
    user: User, table: LearningTable, pattern: Pattern, decision_request: DecisionRequest, week: str
) -> OutgoingMail | None:
    """A beslisvraag waits past its answer date (to the chair and secretary of the table)."""
    return queue_mail(
        user.email,
        _("Beslisvraag wacht te lang: %(title)s", title=pattern.title)[:300],
        render_template(
            "tables/email/late_answer.txt",
            user=user,
            table=table,
            pattern=pattern,
            decision_request=decision_request,
            link=external_url("tables.dossier", request_id=decision_request.id),
        ),
        dedupe_key=f"request-overdue:{decision_request.id}:{week}:{user.id}",
    )


def late_take_up(
    user: User, table: LearningTable, pattern: Pattern, week: str
) -> OutgoingMail | None:
    """A new pattern was not taken up in time (to the chair and secretary of the table)."""
    return queue_mail(
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
            decision_request=None,
            link=external_url("patterns.show_pattern", pattern_id=pattern.id),
        ),
        dedupe_key=f"take-up-overdue:{pattern.id}:{week}:{user.id}",
    )
