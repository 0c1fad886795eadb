"""Leersessie series: setting one up for a level, and who takes part in it in which role."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import time

from flask_babel import gettext as _
from sqlalchemy import delete, insert, select

from learning.accounts.models import User
from learning.audit.services import record
from learning.blockages.models import Area
from learning.errors import DomainError
from learning.extensions import db
from learning.permissions import require
from learning.privacy import mask_text
from learning.sessions.agenda import require_facilitator
from learning.sessions.agreements import handover_agreements
from learning.sessions.models import (
    SERIES_ROLE_LABELS,
    SeriesMembership,
    SeriesRole,
    SessionLevel,
    SessionSeries,
    champion_areas,
)
from learning.sessions.permissions import can_create_series
from learning.sessions.queries import get_series, get_user, planned_meetings

CREATE_REFUSED = {
    SessionLevel.UITVOERING: "Een reeks voor professionals start de aanjager van die wijk of "
    "het programmateam. Kies een wijk waarvoor u aanjager bent.",
    SessionLevel.MANAGEMENT: "Een managementreeks starten managers, voorzitters van een "
    "werktafel of het programmateam.",
    SessionLevel.BESTUUR: "Een bestuurlijke reeks starten de voorzitter en secretaris van de "
    "bestuurlijke stuurgroep of het programmateam.",
}


@dataclass
class SeriesInput:
    name: str
    level: str
    facilitator_ids: list[int] = field(default_factory=list)
    secretary_id: int | None = None
    area_id: int | None = None
    location: str = ""
    weekday: int | None = None
    week_of_month: int | None = None
    start_time: time | None = None
    duration_minutes: int = 120
    escalates_to_id: int | None = None
    member_ids: list[int] = field(default_factory=list)


def _problems(data: SeriesInput, name: str) -> list[str]:
    problems = []
    if not name:
        problems.append(_("Geef de reeks een naam."))
    elif db.session.scalar(select(SessionSeries.id).where(SessionSeries.name == name)):
        problems.append(_("Er bestaat al een leersessiereeks met deze naam."))
    if data.level not in {level.value for level in SessionLevel}:
        problems.append(_("Kies het niveau: uitvoering, management of bestuur."))
    if data.duration_minutes is None or not 15 <= data.duration_minutes <= 600:
        problems.append(_("Een leersessie duurt tussen 15 minuten en 10 uur."))
    recurrence = (data.weekday, data.week_of_month, data.start_time)
    if any(v is not None for v in recurrence) and None in recurrence:
        problems.append(_("Vul voor de herhaling de weekdag, de week van de maand en de tijd in."))
    if data.area_id is not None and db.session.get(Area, data.area_id) is None:
        problems.append(_("Deze wijk bestaat niet."))
    return problems


def create_series(actor: User, data: SeriesInput) -> SessionSeries:
    """Start a series of a level that is the actor's; the actor facilitates unless others are
    named, so whoever starts a series can plan its sessions."""
    if data.level in {level.value for level in SessionLevel}:
        require(
            can_create_series(actor, data.level, data.area_id),
            _(CREATE_REFUSED[SessionLevel(data.level)]),
        )
    name = mask_text((data.name or "").strip())
    problems = _problems(data, name)
    escalates_to = get_series(data.escalates_to_id) if data.escalates_to_id else None
    if (
        escalates_to is not None
        and data.level in {level.value for level in SessionLevel}
        and escalates_to.level != SessionLevel(data.level).higher
    ):
        problems.append(_("Doorzetten kan alleen naar een reeks precies één niveau hoger."))
    if problems:
        raise DomainError(" ".join(problems))
    roles: dict[int, SeriesRole] = {}
    for member_id in data.member_ids:
        roles[member_id] = SeriesRole.MEMBER
    if data.secretary_id:
        roles[data.secretary_id] = SeriesRole.SECRETARY
    for facilitator_id in data.facilitator_ids or [actor.id]:
        roles[facilitator_id] = SeriesRole.FACILITATOR
    series = SessionSeries(
        name=name[:200],
        level=data.level,
        area_id=data.area_id,
        location=mask_text(data.location.strip())[:200],
        weekday=data.weekday,
        week_of_month=data.week_of_month,
        start_time=data.start_time,
        duration_minutes=data.duration_minutes,
        escalates_to=escalates_to,
        memberships=[
            SeriesMembership(user=get_user(user_id), role=role) for user_id, role in roles.items()
        ],
    )
    db.session.add(series)
    db.session.flush()
    db.session.expire(series, ["members"])
    record(actor, "session_series.created", series, name=series.name, level=series.level)
    return series


def _membership(series: SessionSeries, user: User) -> SeriesMembership | None:
    return next((m for m in series.memberships if m.user_id == user.id), None)


def _invite_to_planned(series: SessionSeries, user: User) -> None:
    for meeting in planned_meetings(series):
        if user not in meeting.attendees:
            meeting.attendees.append(user)
            meeting.sequence += 1


def set_role(actor: User, series: SessionSeries, user: User, role: str) -> None:
    """Add someone to the series or change their role; there is always a facilitator left and
    at most one secretary (a new one takes over, the old one stays a member)."""
    require_facilitator(actor, series)
    if role not in {r.value for r in SeriesRole}:
        raise DomainError(_("Kies een rol: facilitator, secretaris of deelnemer."))
    if not user.active:
        raise DomainError(_("Dit account is niet (meer) actief."))
    membership = _membership(series, user)
    if membership is not None and membership.role == role:
        return
    if membership is not None and membership.role == SeriesRole.FACILITATOR:
        _refuse_last_facilitator(series, user)
    if role == SeriesRole.SECRETARY:
        for other in series.memberships:
            if other.role == SeriesRole.SECRETARY:
                other.role = SeriesRole.MEMBER
    if membership is None:
        series.memberships.append(SeriesMembership(user=user, role=role))
        _invite_to_planned(series, user)
    else:
        membership.role = role
    db.session.flush()
    db.session.expire(series, ["members"])
    record(actor, "session_series.role_set", series, user=user.id, role=role)


def _refuse_last_facilitator(series: SessionSeries, user: User) -> None:
    if [u.id for u in series.facilitators] == [user.id]:
        raise DomainError(
            _(
                "%(name)s is de enige facilitator van deze reeks. Maak eerst iemand anders "
                "facilitator.",
                name=user.name,
            )
        )


def add_member(actor: User, series: SessionSeries, user: User) -> None:
    """A new member is also invited to the meetings already planned."""
    require_facilitator(actor, series)
    if _membership(series, user) is not None:
        return
    set_role(actor, series, user, SeriesRole.MEMBER)


def remove_member(
    actor: User, series: SessionSeries, user: User, new_owner: User | None = None
) -> int:
    """A member leaves: their open afspraken in this series get a new owner, nothing is lost."""
    require_facilitator(actor, series)
    membership = _membership(series, user)
    if membership is not None:
        if membership.role == SeriesRole.FACILITATOR:
            _refuse_last_facilitator(series, user)
        series.memberships.remove(membership)
        db.session.flush()
        db.session.expire(series, ["members"])
    for meeting in planned_meetings(series):
        if user in meeting.attendees:
            meeting.attendees.remove(user)
    moved = handover_agreements(actor, user, new_owner, series=series)
    record(actor, "session_series.member_removed", series, user=user.id, agreements=moved)
    return moved


def role_label(role: str | None) -> str:
    known = {r.value: label for r, label in SERIES_ROLE_LABELS.items()}
    return _(known.get(role or "", "deelnemer")).lower()


def set_champion_areas(admin: User, champion: User, area_ids: list[int]) -> None:
    """The programme team records for which wijken an aanjager runs the professionals' series."""
    require(
        admin.is_admin, _("Alleen het programmateam legt vast voor welke wijk iemand aanjager is.")
    )
    db.session.execute(delete(champion_areas).where(champion_areas.c.user_id == champion.id))
    for area_id in dict.fromkeys(area_ids):
        if db.session.get(Area, area_id) is None:
            raise DomainError(_("Deze wijk bestaat niet."))
        db.session.execute(insert(champion_areas).values(user_id=champion.id, area_id=area_id))
    record(admin, "user.champion_areas_set", champion, areas=list(area_ids))
