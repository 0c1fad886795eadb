"""The states of a pattern: every named set of states, which step may follow which, and the
one way to take a step (validated, audited, and fed back to reporters and followers).

Every set of states the code asks about is defined here once; code elsewhere (and the
templates, through booleans) asks `pattern.state in WORKING`, never lists states itself.
"""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _

from learning.accounts.models import User
from learning.audit.services import record
from learning.errors import IllegalTransition
from learning.extensions import db
from learning.insight.hooks import pattern_changed
from learning.patterns.models import STATE_LABELS, Pattern, PatternEvent, PatternState
from learning.patterns.notify import notify_followers
from learning.timeutil import utcnow

# On a werktafel's triage queue, waiting to be taken up (confirmed or rejected).
QUEUE = frozenset({PatternState.NEW, PatternState.REOPENED})
# Open for triage: a candidate (not yet on a queue) or a queued pattern.
TRIAGEABLE = QUEUE | {PatternState.CANDIDATE}
# Closed as done: solved, evaluated, or rejected as a one-off. A new report reopens it.
CLOSED = frozenset({PatternState.SOLVED, PatternState.EVALUATED, PatternState.REJECTED})
# The pattern's own life has ended (closed, or absorbed into another): `closed_at` is set.
ENDED = CLOSED | {PatternState.MERGED}
# Solved by a structural fix (and afterwards evaluated).
SOLVED = frozenset({PatternState.SOLVED, PatternState.EVALUATED})
# A table works on the pattern itself (not waiting for the table above): actions, closing.
WORKING = frozenset({PatternState.IN_PROGRESS, PatternState.DECIDED, PatternState.IMPLEMENTING})
# A table may put the pattern before the table above (again).
ESCALATABLE = frozenset(
    {PatternState.IN_PROGRESS, PatternState.IMPLEMENTING, PatternState.ESCALATED}
)
# A new knelpunt may still join the pattern (a closed one is then reopened).
GROUPABLE = frozenset(PatternState) - {PatternState.MERGED}
# Patterns only the engine has shaped so far: a candidate, or new on a table's queue and not
# yet looked at by its chair. Every other state means a chair decided something.
ENGINE_OWNED = frozenset({PatternState.CANDIDATE, PatternState.NEW})
# Not shown to managers and bestuurders: not a pattern yet, or no longer one of its own.
HIDDEN_FROM_DIGEST = frozenset({PatternState.CANDIDATE, PatternState.MERGED})
# The columns of a table's board, in order.
BOARD = (
    PatternState.NEW,
    PatternState.REOPENED,
    PatternState.IN_PROGRESS,
    PatternState.ESCALATED,
    PatternState.DECIDED,
    PatternState.IMPLEMENTING,
    PatternState.SOLVED,
    PatternState.EVALUATED,
    PatternState.REJECTED,
)

# Where triage can take a pattern.
_TAKE_UP = {
    PatternState.IN_PROGRESS,
    PatternState.ESCALATED,
    PatternState.SOLVED,
    PatternState.REJECTED,
    PatternState.MERGED,
}

TRANSITIONS: dict[PatternState, frozenset[PatternState]] = {
    PatternState.CANDIDATE: frozenset({PatternState.NEW, *_TAKE_UP}),
    PatternState.NEW: frozenset(_TAKE_UP),
    PatternState.REOPENED: frozenset(_TAKE_UP),
    PatternState.IN_PROGRESS: frozenset(
        {PatternState.ESCALATED, PatternState.SOLVED, PatternState.REJECTED, PatternState.MERGED}
    ),
    PatternState.ESCALATED: frozenset(
        {PatternState.ESCALATED, PatternState.DECIDED, PatternState.IN_PROGRESS}
    ),
    PatternState.DECIDED: frozenset(
        {PatternState.IMPLEMENTING, PatternState.SOLVED, PatternState.IN_PROGRESS}
    ),
    PatternState.IMPLEMENTING: frozenset({PatternState.SOLVED, PatternState.ESCALATED}),
    PatternState.SOLVED: frozenset({PatternState.EVALUATED, PatternState.REOPENED}),
    PatternState.EVALUATED: frozenset({PatternState.REOPENED}),
    PatternState.REJECTED: frozenset({PatternState.REOPENED}),
    PatternState.MERGED: frozenset({PatternState.REOPENED}),
}


def can_transition(pattern: Pattern, target: PatternState) -> bool:
    return target in TRANSITIONS.get(PatternState(pattern.state), frozenset())


def require_transition(
    pattern: Pattern, target: PatternState, allowed: frozenset[PatternState] | None = None
) -> None:
    """Refuse with a Dutch message unless the pattern may go to `target` (from `allowed`)."""
    current = PatternState(pattern.state)
    if (allowed is not None and current not in allowed) or not can_transition(pattern, target):
        raise IllegalTransition(
            _(
                "Een patroon met status '%(from)s' kan niet naar '%(to)s'.",
                **{"from": STATE_LABELS[current], "to": STATE_LABELS[target]},
            )
        )


def transition(
    actor: User | None,
    pattern: Pattern,
    target: PatternState,
    summary: str,
    **details: Any,
) -> PatternEvent:
    """Move the pattern to `target`, or refuse with a Dutch message; audited and fed back."""
    require_transition(pattern, target)
    current = PatternState(pattern.state)
    pattern.state = target
    pattern_changed(pattern)
    now = utcnow()
    if target in ENDED:
        pattern.closed_at = now
    elif current in ENDED:
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
    notify_followers(pattern, event)
    return event
