"""Who may do what in the leersessies: boolean predicates for services (via `require`) and
templates.

The Oss ladder: aanjagers run the professionals' session of their wijk, managers (and werktafel
chairs) their own session with the programme team, the bestuurders' session its chair with a
secretary. Facilitators and the secretary of a series plan, edit and close; members bring in
items, record what happened to their own, and at management and bestuur level decide together
on dilemmas (whoever chairs that day records it).
"""

from __future__ import annotations

from sqlalchemy import select

from learning.accounts.models import Role, User
from learning.extensions import db
from learning.patterns.models import Pattern
from learning.sessions.models import (
    AgendaItem,
    Attendance,
    ItemKind,
    ItemSource,
    LearningSession,
    SeriesRole,
    SessionLevel,
    SessionSeries,
    champion_areas,
)
from learning.sessions.queries import chain, guest_for_token
from learning.tables.models import LearningTable, TableKind


def is_member(user: User, series: SessionSeries) -> bool:
    """Takes part in the series in any role."""
    return series.role_of(user) is not None


def champion_area_ids(user: User) -> set[int]:
    return set(
        db.session.scalars(
            select(champion_areas.c.area_id).where(champion_areas.c.user_id == user.id)
        )
    )


def runs_executive_steering(user: User) -> bool:
    """Chair or secretary of a bestuurlijke stuurgroep: the bestuur level's own chair."""
    return (
        db.session.scalar(
            select(LearningTable.id)
            .where(
                LearningTable.kind == TableKind.EXECUTIVE_STEERING,
                (LearningTable.chair_id == user.id) | (LearningTable.secretary_id == user.id),
            )
            .limit(1)
        )
        is not None
    )


def creatable_levels(user: User) -> list[SessionLevel]:
    """The levels whose series `user` may start (empty: no 'Nieuwe reeks')."""
    if user.is_admin:
        return list(SessionLevel)
    levels = []
    if Role.CHAMPION in user.roles and champion_area_ids(user):
        levels.append(SessionLevel.UITVOERING)
    if user.roles & {Role.MANAGER, Role.CHAIR}:
        levels.append(SessionLevel.MANAGEMENT)
    if runs_executive_steering(user):
        levels.append(SessionLevel.BESTUUR)
    return levels


def can_create_series(user: User, level: str | None = None, area_id: int | None = None) -> bool:
    """Programme team any level; aanjagers the professionals' level of their own wijk;
    managers and werktafel chairs the management level; the bestuurlijke stuurgroep's chair
    and secretary the bestuur level. Without a level: may start any series at all."""
    if user.is_admin:
        return True
    levels = creatable_levels(user)
    if level is None:
        return bool(levels)
    if level == SessionLevel.UITVOERING:
        return SessionLevel.UITVOERING in levels and area_id in champion_area_ids(user)
    return level in {lvl.value for lvl in levels}


def can_facilitate(user: User, series: SessionSeries) -> bool:
    """Facilitators and the secretary of the series, or the programme team: plan, edit, close,
    run the agenda and manage who takes part."""
    return user.is_admin or series.role_of(user) in {SeriesRole.FACILITATOR, SeriesRole.SECRETARY}


def is_invited(user: User, meeting: LearningSession) -> bool:
    return db.session.get(Attendance, (meeting.id, user.id)) is not None


def can_view(user: User, series: SessionSeries) -> bool:
    return user.is_admin or Role.CHAMPION in user.roles or is_member(user, series)


def can_view_meeting(user: User, meeting: LearningSession) -> bool:
    """Series participants, and whoever was invited to this one session."""
    return can_view(user, meeting.series) or is_invited(user, meeting)


def can_view_item(user: User, item: AgendaItem) -> bool:
    """Participants of any level the item passed, and whoever brought it in: the levels below
    see what the higher levels did with it."""
    return any(
        step.submitted_by_id == user.id or can_view(user, step.series) for step in chain(item)
    )


def can_submit(user: User, series: SessionSeries) -> bool:
    """Participants bring in casus, dilemmas, patterns and questions."""
    return is_member(user, series) or can_facilitate(user, series)


def decides_together(item: AgendaItem) -> bool:
    """At management and bestuur level the members decide together on dilemmas and on what
    came up from below."""
    return item.series.level != SessionLevel.UITVOERING and (
        item.kind == ItemKind.DILEMMA or item.source == ItemSource.ESCALATED
    )


def can_record_outcome(user: User, item: AgendaItem) -> bool:
    """Facilitators any item; a member the items they brought in, and at the higher levels the
    dilemmas the session decides on together (also escalating them)."""
    if can_facilitate(user, item.series):
        return True
    if not is_member(user, item.series) or item.kind == ItemKind.AGREEMENT_CHECK:
        return False
    return item.submitted_by_id == user.id or decides_together(item)


def can_flag_pattern(user: User, series: SessionSeries, pattern: Pattern) -> bool:
    """The chair of the pattern's learning table, or whoever facilitates the series."""
    table_chair = pattern.table is not None and pattern.table.is_run_by(user)
    return table_chair or can_facilitate(user, series)


def can_ask_lower_level(user: User, upper: SessionSeries) -> bool:
    """Who runs or takes part in a management or bestuur series may put a question on the
    agenda of a level below it."""
    return upper.level != SessionLevel.UITVOERING and (is_member(user, upper) or user.is_admin)


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
