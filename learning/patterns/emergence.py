"""When grouped knelpunten become a pattern on a werktafel's triage queue."""

from __future__ import annotations

from datetime import timedelta

from flask_babel import gettext as _
from sqlalchemy import select

from learning.accounts.models import User
from learning.extensions import db
from learning.patterns.adapters import refresh_summary
from learning.patterns.models import EmergenceRule, Endorsement, Pattern
from learning.patterns.notify import notify_chair_of_emergence
from learning.patterns.queries import active_members
from learning.patterns.states import CLOSED, PatternState, transition
from learning.tables.routing import table_for
from learning.timeutil import today, utcnow


def emergence_rule() -> EmergenceRule:
    rule = db.session.scalar(select(EmergenceRule).order_by(EmergenceRule.id).limit(1))
    return rule or EmergenceRule(min_reports=3, min_organisations=2, window_days=90)


def evidence(pattern: Pattern, window_days: int) -> tuple[int, int]:
    """(reports, organisations) within the window; endorsements count as reports."""
    since = today() - timedelta(days=window_days)
    organisations: set[int] = set()
    reports = 0
    reporters: set[int] = set()
    for member in active_members(pattern):
        reporters.add(member.blockage.reporter_id)
        if member.blockage.reported_on >= since:
            reports += 1
            organisations.add(member.blockage.organisation_id)
    endorsements = db.session.scalars(
        select(Endorsement).where(Endorsement.pattern_id == pattern.id)
    ).all()
    for endorsement in endorsements:
        # A reporter agreeing with their own pattern is not a second case.
        if endorsement.user_id not in reporters and endorsement.created_at.date() >= since:
            reports += 1
            if endorsement.organisation_id:
                organisations.add(endorsement.organisation_id)
    return reports, len(organisations)


def back_on_queue(pattern: Pattern) -> None:
    """A reopened pattern waits on a werktafel's queue again, with a fresh take-up term."""
    pattern.queued_at = utcnow()
    if pattern.table is None:  # closed before it ever reached a table
        pattern.table = table_for(pattern)


def reopen_if_closed(pattern: Pattern, actor: User | None, reason: str) -> bool:
    """A closed pattern that gets a new report is recurring: back on its table's queue.

    The one place where a report reopens a pattern, so the live placement and a reporter's own
    link do it alike (the nightly re-grouping never adds to a closed pattern, see regrouping).
    """
    if pattern.state not in CLOSED:
        return False
    pattern.recurring = True
    back_on_queue(pattern)
    transition(actor, pattern, PatternState.REOPENED, reason)
    return True


def evaluate_emergence(pattern: Pattern) -> bool:
    """Put a candidate on the triage queue once the municipality's rule is met."""
    refresh_summary(pattern)
    if pattern.state != PatternState.CANDIDATE:
        return False
    rule = emergence_rule()
    reports, organisations = evidence(pattern, rule.window_days)
    if reports < rule.min_reports or organisations < rule.min_organisations:
        return False
    pattern.table = table_for(pattern)
    pattern.queued_at = utcnow()
    transition(
        None,
        pattern,
        PatternState.NEW,
        _(
            "Er is een patroon ontstaan: %(n)s meldingen uit %(o)s organisaties.",
            n=reports,
            o=organisations,
        ),
    )
    notify_chair_of_emergence(pattern, reports, organisations)
    return True
