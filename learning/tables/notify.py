"""Work from the learning tables for one person: an action assigned, a beslisvraag received,
reminders. Through the notification centre (learning.notifications): in the app at once, and
in the recipient's one bundled mail of the day. These ask the recipient to act, so they are
mailed even to users who want no news by mail (notifications.models.ACTION_KINDS).
"""

from __future__ import annotations

from flask import current_app
from flask_babel import gettext as _

from learning.accounts.models import User
from learning.extensions import db
from learning.notifications.models import Notification, NotificationKind
from learning.notifications.services import notify
from learning.patterns.models import Pattern
from learning.tables.models import DecisionRequest, LearningTable, TableAction
from learning.templating import long_date


def _path(endpoint: str, **values: object) -> str:
    """A path in the app for a notification's link; works in a worker, without a request."""
    return current_app.url_map.bind("localhost").build(endpoint, values)


def _one(made: list[Notification]) -> Notification | None:
    return made[0] if made else None


def action_assigned(action: TableAction, pattern: Pattern) -> None:
    """The owner of a new action hears what, for which pattern, by when."""
    notify(
        [action.owner],
        NotificationKind.ACTION_ASSIGNED,
        _(
            "%(table)s vraagt u: %(what)s (bij '%(pattern)s', uiterlijk %(due)s).",
            table=action.table.name,
            what=action.what,
            pattern=pattern.title,
            due=long_date(action.due_on),
        ),
        _path("patterns.show_pattern", pattern_id=pattern.id) + f"#actie-{action.id}",
        about=action.what,
        pattern_id=pattern.id,
        key=f"action-assigned:{action.id}",
    )


def decision_request_received(decision_request: DecisionRequest) -> None:
    """The chair and secretary of the table above find the beslisvraag and its dossier."""
    table = decision_request.to_table
    pattern = db.session.get(Pattern, decision_request.pattern_id)
    notify(
        [table.chair, table.secretary],
        NotificationKind.DECISION_REQUESTED,
        _(
            "%(from)s legt %(to)s een beslisvraag voor: %(question)s Antwoord uiterlijk %(due)s.",
            **{"from": decision_request.from_table.name},
            to=table.name,
            question=decision_request.question,
            due=long_date(decision_request.due_on),
        ),
        _path("tables.dossier", request_id=decision_request.id) + "#beslissen",
        about=pattern.title if pattern else table.name,
        pattern_id=decision_request.pattern_id,
        key=f"request-received:{decision_request.id}",
    )


def action_reminder(
    user: User, action: TableAction, pattern: Pattern | None, overdue: bool, key: str
) -> Notification | None:
    """An action due within a week, or past its deadline (to its owner and the chair)."""
    due = long_date(action.due_on)
    text = (
        _("De actie '%(what)s' is over de deadline (%(due)s).", what=action.what, due=due)
        if overdue
        else _("De actie '%(what)s' moet binnenkort af zijn (%(due)s).", what=action.what, due=due)
    )
    return _one(
        notify(
            [user],
            NotificationKind.ACTION_DUE,
            text,
            _path("patterns.show_pattern", pattern_id=action.pattern_id) + f"#actie-{action.id}",
            about=action.what,
            pattern_id=action.pattern_id,
            key=f"action-{key}:{action.id}:{action.due_on:%Y%m%d}:{user.id}",
        )
    )


def late_answer(
    user: User, table: LearningTable, pattern: Pattern, decision_request: DecisionRequest, week: str
) -> Notification | None:
    """A beslisvraag waits past its answer date (to the chair and secretary of the table)."""
    return _one(
        notify(
            [user],
            NotificationKind.ANSWER_LATE,
            _(
                "De beslisvraag over '%(title)s' wacht sinds %(due)s op een antwoord van "
                "%(table)s.",
                title=pattern.title,
                due=long_date(decision_request.due_on),
                table=table.name,
            ),
            _path("tables.dossier", request_id=decision_request.id) + "#beslissen",
            about=pattern.title,
            pattern_id=pattern.id,
            key=f"request-overdue:{decision_request.id}:{week}:{user.id}",
        )
    )


def late_take_up(
    user: User, table: LearningTable, pattern: Pattern, week: str
) -> Notification | None:
    """A new pattern was not taken up in time (to the chair and secretary of the table)."""
    return _one(
        notify(
            [user],
            NotificationKind.ANSWER_LATE,
            _(
                "Het patroon '%(title)s' wacht te lang op %(table)s: beoordeel het in de triage.",
                title=pattern.title,
                table=table.name,
            ),
            _path("patterns.show_pattern", pattern_id=pattern.id),
            about=pattern.title,
            pattern_id=pattern.id,
            key=f"take-up-overdue:{pattern.id}:{week}:{user.id}",
        )
    )
