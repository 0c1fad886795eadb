"""Read helpers for leersessies: lookups, agendas, the ladder and the dashboard."""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from flask_babel import gettext as _
from sqlalchemy import func, or_, select

from learning.accounts.models import Role, User
from learning.errors import DomainError, NotFound
from learning.extensions import db
from learning.patterns.models import Pattern, PatternState
from learning.security import MAX_ID
from learning.sessions.models import (
    AgendaItem,
    Agreement,
    AgreementStatus,
    Guest,
    ItemKind,
    ItemStatus,
    LearningSession,
    Outcome,
    SessionLevel,
    SessionSeries,
    SessionStatus,
    series_members,
    session_attendees,
)
from learning.timeutil import as_utc, to_utc, today, utcnow

# --- lookups ------------------------------------------------------------------------------


def _storable(object_id: int | None) -> bool:
    """An id the database can hold; anything else names nothing (and must not reach SQL)."""
    return object_id is not None and 0 < object_id <= MAX_ID


def _get(model, object_id: int | None, message: str):
    found = db.session.get(model, object_id) if _storable(object_id) else None
    if found is None:
        raise NotFound(message)
    return found


def get_series(series_id: int | None) -> SessionSeries:
    return _get(SessionSeries, series_id, _("Deze leersessiereeks bestaat niet."))


def get_meeting(meeting_id: int | None) -> LearningSession:
    return _get(LearningSession, meeting_id, _("Deze leersessie bestaat niet."))


def get_item(item_id: int | None) -> AgendaItem:
    return _get(AgendaItem, item_id, _("Dit agendapunt bestaat niet."))


def get_agreement(agreement_id: int | None) -> Agreement:
    return _get(Agreement, agreement_id, _("Deze afspraak bestaat niet."))


def get_account(user_id: int | None) -> User:
    """Any account, also one that left (e.g. a member to remove)."""
    return _get(User, user_id, _("Deze gebruiker bestaat niet."))


def get_user(user_id: int | None) -> User:
    """An active account chosen in a form (a member, an afspraak owner)."""
    user = db.session.get(User, user_id) if _storable(user_id) else None
    if user is None or not user.active:
        raise DomainError(_("Kies een actieve gebruiker."))
    return user


def guest_for_token(meeting: LearningSession, token: str | None) -> Guest | None:
    if not token:
        return None
    return next((g for g in meeting.guests if g.token == token), None)


# --- the ladder ----------------------------------------------------------------------------


def higher_series(series: SessionSeries) -> SessionSeries | None:
    """Where this series escalates: the explicit link, else the next level in the same wijk,
    else the next level without a wijk."""
    if series.escalates_to is not None:
        return series.escalates_to
    level = SessionLevel(series.level).higher
    if level is None:
        return None
    candidates = db.session.scalars(
        select(SessionSeries).where(SessionSeries.level == level).order_by(SessionSeries.id)
    ).all()
    for wanted in (series.area_id, None):
        for candidate in candidates:
            if candidate.area_id == wanted:
                return candidate
    return candidates[0] if candidates else None


def lower_series(series: SessionSeries) -> list[SessionSeries]:
    """Series whose dilemmas come up to this one."""
    level = list(SessionLevel).index(SessionLevel(series.level))
    if level == 0:
        return []
    below = db.session.scalars(
        select(SessionSeries)
        .where(SessionSeries.level == list(SessionLevel)[level - 1])
        .order_by(SessionSeries.id)
    ).all()
    return [s for s in below if (h := higher_series(s)) is not None and h.id == series.id]


def chain(item: AgendaItem) -> list[AgendaItem]:
    """The whole way of an item up the ladder, lowest level first."""
    origin = item
    while origin.escalated_from is not None:
        origin = origin.escalated_from
    steps = [origin]
    while steps[-1].escalated_to is not None:
        steps.append(steps[-1].escalated_to)
    return steps


def final_step(item: AgendaItem) -> AgendaItem:
    return chain(item)[-1]


# --- sessions and agendas ------------------------------------------------------------------


def visible_series(user: User) -> list[SessionSeries]:
    query = select(SessionSeries).order_by(SessionSeries.level, SessionSeries.name)
    if not (user.is_admin or Role.CHAMPION in user.roles):
        member_of = select(series_members.c.series_id).where(series_members.c.user_id == user.id)
        query = query.where(SessionSeries.id.in_(member_of))
    series = db.session.scalars(query).all()
    order = list(SessionLevel)
    return sorted(series, key=lambda s: (order.index(SessionLevel(s.level)), s.name))


def meetings_of(series: SessionSeries, upcoming: bool) -> list[LearningSession]:
    query = select(LearningSession).where(LearningSession.series_id == series.id)
    if upcoming:
        query = query.where(
            LearningSession.status == SessionStatus.PLANNED,
            LearningSession.ends_at >= utcnow(),
        ).order_by(LearningSession.starts_at)
    else:
        query = query.where(
            or_(
                LearningSession.status != SessionStatus.PLANNED,
                LearningSession.ends_at < utcnow(),
            )
        ).order_by(LearningSession.starts_at.desc())
    return list(db.session.scalars(query))


def planned_meetings(series: SessionSeries) -> list[LearningSession]:
    """The series' meetings still to come: the ones a change of members reaches."""
    return list(
        db.session.scalars(
            select(LearningSession).where(
                LearningSession.series_id == series.id,
                LearningSession.status == SessionStatus.PLANNED,
                LearningSession.starts_at >= utcnow(),
            )
        )
    )


def next_meeting(series: SessionSeries, after: datetime | None = None) -> LearningSession | None:
    """The first planned session that has not ended (or that starts after `after`)."""
    query = select(LearningSession).where(
        LearningSession.series_id == series.id, LearningSession.status == SessionStatus.PLANNED
    )
    if after is not None:
        query = query.where(LearningSession.starts_at > after)
    else:
        query = query.where(LearningSession.ends_at >= utcnow())
    return db.session.scalar(query.order_by(LearningSession.starts_at).limit(1))


def first_meeting_on_or_after(series: SessionSeries, day: date) -> LearningSession | None:
    return db.session.scalar(
        select(LearningSession)
        .where(
            LearningSession.series_id == series.id,
            LearningSession.status == SessionStatus.PLANNED,
            LearningSession.starts_at >= to_utc(day, time(0)),
        )
        .order_by(LearningSession.starts_at)
        .limit(1)
    )


def overlapping(
    series: SessionSeries,
    starts_at: datetime,
    ends_at: datetime,
    exclude: LearningSession | None = None,
) -> LearningSession | None:
    query = select(LearningSession).where(
        LearningSession.series_id == series.id,
        LearningSession.status != SessionStatus.CANCELLED,
        LearningSession.starts_at < ends_at,
        LearningSession.ends_at > starts_at,
    )
    if exclude is not None and exclude.id is not None:
        query = query.where(LearningSession.id != exclude.id)
    return db.session.scalar(query.limit(1))


def agenda(meeting: LearningSession) -> list[AgendaItem]:
    return list(
        db.session.scalars(
            select(AgendaItem)
            .where(AgendaItem.session_id == meeting.id)
            .order_by(AgendaItem.position, AgendaItem.id)
        )
    )


def timetable(meeting: LearningSession, items: list[AgendaItem]) -> dict[int, datetime]:
    """When each timed item starts, counting from the session's start (untimed items take no
    time); for the printed agenda."""
    starts: dict[int, datetime] = {}
    moment = meeting.start
    for item in items:
        starts[item.id] = moment
        moment += timedelta(minutes=item.minutes or 0)
    return starts


def waiting_items(series: SessionSeries) -> list[AgendaItem]:
    """Items with no meeting yet: they go on the next meeting that is planned."""
    return list(
        db.session.scalars(
            select(AgendaItem)
            .where(
                AgendaItem.series_id == series.id,
                AgendaItem.session_id.is_(None),
                AgendaItem.status != ItemStatus.HANDLED,
            )
            .order_by(AgendaItem.id)
        )
    )


def items_of(user: User) -> list[AgendaItem]:
    """What the user submitted, newest first (each shows where it is on the ladder now)."""
    return list(
        db.session.scalars(
            select(AgendaItem)
            .where(AgendaItem.submitted_by_id == user.id, AgendaItem.escalated_from_id.is_(None))
            .order_by(AgendaItem.created_at.desc(), AgendaItem.id.desc())
        )
    )


def meetings_for(user: User, since_days: int = 180) -> list[LearningSession]:
    """The sessions in a user's calendar feed: their series and the sessions they attend."""
    member_of = select(series_members.c.series_id).where(series_members.c.user_id == user.id)
    attending = select(session_attendees.c.session_id).where(session_attendees.c.user_id == user.id)
    return list(
        db.session.scalars(
            select(LearningSession)
            .where(
                or_(
                    LearningSession.series_id.in_(member_of),
                    LearningSession.id.in_(attending),
                ),
                LearningSession.starts_at >= utcnow() - timedelta(days=since_days),
            )
            .order_by(LearningSession.starts_at)
        )
    )


def people(series: SessionSeries) -> list[User]:
    """Active participants in any role: who can own an afspraak made in this series."""
    return [u for u in series.members if u.active]


def active_users() -> list[User]:
    return list(db.session.scalars(select(User).where(User.active.is_(True)).order_by(User.name)))


def discussable_patterns(limit: int = 200) -> list[Pattern]:
    """Patterns a participant or facilitator can put on an agenda, most recently active first."""
    return list(
        db.session.scalars(
            select(Pattern)
            .where(Pattern.state.not_in([PatternState.MERGED, PatternState.CANDIDATE]))
            .order_by(Pattern.updated_at.desc())
            .limit(limit)
        )
    )


def open_agreements(series: SessionSeries | None = None) -> list[Agreement]:
    query = select(Agreement).where(Agreement.status == AgreementStatus.OPEN)
    if series is not None:
        query = query.where(Agreement.series_id == series.id)
    return list(db.session.scalars(query.order_by(Agreement.due_on, Agreement.id)))


# --- dashboard -----------------------------------------------------------------------------


@dataclass
class LevelRow:
    series: SessionSeries
    items: int
    open: int
    escalated_up: int
    from_below: int


@dataclass
class Dashboard:
    ladder: list[LevelRow]
    escalated: list[AgendaItem]  # escalated up from this series, newest first
    waiting: int
    answer_days_median: float | None
    answer_days_max: float | None
    open_agreements: list[Agreement]
    overdue: list[Agreement] = field(default_factory=list)
    without_owner: list[Agreement] = field(default_factory=list)


def _count(series: SessionSeries, *conditions) -> int:
    return (
        db.session.scalar(
            select(func.count(AgendaItem.id)).where(AgendaItem.series_id == series.id, *conditions)
        )
        or 0
    )


def _level_row(series: SessionSeries) -> LevelRow:
    countable = AgendaItem.kind.not_in([ItemKind.AGREEMENT_CHECK, ItemKind.FEEDBACK])
    return LevelRow(
        series=series,
        items=_count(series, countable),
        open=_count(series, countable, AgendaItem.status != ItemStatus.HANDLED),
        escalated_up=_count(series, AgendaItem.outcome == Outcome.ESCALATED),
        from_below=_count(series, AgendaItem.escalated_from_id.is_not(None)),
    )


def ladder(series: SessionSeries) -> list[SessionSeries]:
    """The series below (one step), this one and every step above it."""
    steps = [*lower_series(series), series]
    higher = higher_series(series)
    while higher is not None and higher not in steps:
        steps.append(higher)
        higher = higher_series(higher)
    return steps


def dashboard(series: SessionSeries) -> Dashboard:
    escalated = list(
        db.session.scalars(
            select(AgendaItem)
            .where(AgendaItem.series_id == series.id, AgendaItem.outcome == Outcome.ESCALATED)
            .order_by(AgendaItem.decided_at.desc())
        )
    )
    days = [
        (as_utc(i.answered_at) - as_utc(i.decided_at)).total_seconds() / 86400
        for i in escalated
        if i.answered_at and i.decided_at
    ]
    agreements = open_agreements(series)
    return Dashboard(
        ladder=[_level_row(s) for s in ladder(series)],
        escalated=escalated,
        waiting=sum(1 for i in escalated if i.answered_at is None),
        answer_days_median=round(statistics.median(days), 1) if days else None,
        answer_days_max=round(max(days), 1) if days else None,
        open_agreements=agreements,
        overdue=[a for a in agreements if a.due_on < today()],
        without_owner=[a for a in agreements if not a.owner.active],
    )


# --- what pages show -----------------------------------------------------------------------


def with_final_steps(items: list[AgendaItem]) -> list[tuple[AgendaItem, AgendaItem]]:
    """Each item with the step where it is on the ladder now (what happened to it last)."""
    return [(item, final_step(item)) for item in items]


def with_next_meetings(
    series: list[SessionSeries],
) -> list[tuple[SessionSeries, LearningSession | None]]:
    return [(each, next_meeting(each)) for each in series]
