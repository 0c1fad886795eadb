"""The state machine of a pattern: which step may follow which, and the one way to take it."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _

from learning.accounts.models import User
from learning.audit.services import record
from learning.errors import Conflict, IllegalTransition
from learning.extensions import db
from learning.patterns.models import STATE_LABELS, Pattern, PatternEvent, PatternState
from learning.timeutil import utcnow

S = PatternState
TAKE_UP = {S.IN_PROGRESS, S.ESCALATED, S.SOLVED, S.REJECTED, S.MERGED}

TRANSITIONS: dict[PatternState, set[PatternState]] = {
    S.CANDIDATE: {S.NEW, *TAKE_UP},
    S.NEW: TAKE_UP,
    S.REOPENED: TAKE_UP,
    S.IN_PROGRESS: {S.ESCALATED, S.SOLVED, S.REJECTED, S.MERGED},
    S.ESCALATED: {S.ESCALATED, S.DECIDED, S.IN_PROGRESS},
    S.DECIDED: {S.IMPLEMENTING, S.SOLVED, S.IN_PROGRESS},
    S.IMPLEMENTING: {S.SOLVED, S.ESCALATED},
    S.SOLVED: {S.EVALUATED, S.REOPENED},
    S.EVALUATED: {S.REOPENED},
    S.REJECTED: {S.REOPENED},
    S.MERGED: {S.REOPENED},
}

CLOSING = {S.SOLVED, S.EVALUATED, S.REJECTED, S.MERGED}


def check_version(pattern: Pattern, expected_version: int | None) -> None:
    """Optimistic locking for forms: refuse when the pattern changed since it was shown."""
    if expected_version is not None and expected_version != pattern.version:
        raise Conflict(
            _(
                "Dit patroon is intussen door iemand anders gewijzigd. "
                "Bekijk de nieuwe stand en probeer het opnieuw."
            )
        )


def can_transition(pattern: Pattern, target: PatternState) -> bool:
    return target in TRANSITIONS.get(PatternState(pattern.state), set())


def transition(
    actor: User | None,
    pattern: Pattern,
    target: PatternState,
    summary: str,
    **details: Any,
) -> PatternEvent:
    """Move the pattern to `target`, or refuse with a Dutch message; audited and fed back."""
    current = PatternState(pattern.state)
    if not can_transition(pattern, target):
        raise IllegalTransition(
            _(
                "Een patroon met status '%(from)s' kan niet naar '%(to)s'.",
                **{"from": STATE_LABELS[current], "to": STATE_LABELS[target]},
            )
        )
    pattern.state = target
    now = utcnow()
    if target in CLOSING:
        pattern.closed_at = now
    elif current in CLOSING:
        pattern.closed_at = None
    record(actor, "pattern.transition", pattern, **{"from": current, "to": target}, **details)
    return add_event(actor, pattern, f"state:{target}", summary, **details)


def add_event(
    actor: User | None, pattern: Pattern, kind: str, summary: str, **details: Any
) -> PatternEvent:
    """A step reporters and followers see on their page (and by e-mail if they opted in)."""
    event = PatternEvent(
        pattern_id=pattern.id,
        actor_id=actor.id if actor else None,
        kind=kind,
        summary=summary,
        details={k: v for k, v in details.items() if isinstance(v, str | int | float | bool)},
    )
    db.session.add(event)
    from learning.patterns.feedback import notify_followers

    notify_followers(pattern, event)
    return event
