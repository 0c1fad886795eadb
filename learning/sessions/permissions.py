"""Who may do what in the leersessies: boolean predicates for services (via `require`) and
templates."""

from __future__ import annotations

from learning.accounts.models import Role, User
from learning.patterns.models import Pattern
from learning.sessions.models import AgendaItem, LearningSession, SessionLevel, SessionSeries
from learning.sessions.queries import chain, guest_for_token


def is_member(user: User, series: SessionSeries) -> bool:
    return user.id == series.facilitator_id or any(m.id == user.id for m in series.members)


def can_create_series(user: User) -> bool:
    """Aanjagers and the programme team set up series."""
    return user.has_role(Role.CHAMPION)


def can_facilitate(user: User, series: SessionSeries) -> bool:
    """The series' facilitator, an aanjager taking part in the series, or the programme team."""
    if user.is_admin or user.id == series.facilitator_id:
        return True
    return Role.CHAMPION in user.roles and is_member(user, series)


def can_view(user: User, series: SessionSeries) -> bool:
    return user.is_admin or Role.CHAMPION in user.roles or is_member(user, series)


def can_view_item(user: User, item: AgendaItem) -> bool:
    """Participants of any level the item passed, and whoever brought it in: the levels below
    see what the higher levels did with it."""
    return any(
        step.submitted_by_id == user.id or can_view(user, step.series) for step in chain(item)
    )


def can_submit(user: User, series: SessionSeries) -> bool:
    """Participants bring in casus, dilemmas, patterns and questions."""
    return is_member(user, series) or can_facilitate(user, series)


def can_flag_pattern(user: User, series: SessionSeries, pattern: Pattern) -> bool:
    """The chair of the pattern's learning table, or whoever facilitates the series."""
    table_chair = pattern.table is not None and pattern.table.is_run_by(user)
    return table_chair or can_facilitate(user, series)


def can_put_system_blockage(user: User, series: SessionSeries) -> bool:
    """Bestuurders in the bestuur series put systeemknelpunten on its agenda themselves."""
    return (
        series.level == SessionLevel.BESTUUR
        and user.has_role(Role.EXECUTIVE)
        and (is_member(user, series) or user.is_admin)
    )


def can_download_invitation(user: User | None, meeting: LearningSession, token: str | None) -> bool:
    """A guest with the link from their invitation, or a logged-in participant."""
    if guest_for_token(meeting, token) is not None:
        return True
    if user is None or not user.is_authenticated:
        return False
    return can_view(user, meeting.series) or any(u.id == user.id for u in meeting.attendees)
