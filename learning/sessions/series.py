"""Leersessie series: setting one up for a level and who takes part in it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import time

from flask_babel import gettext as _
from sqlalchemy import select

from learning.accounts.models import User
from learning.audit.services import record
from learning.blockages.models import Area
from learning.errors import DomainError
from learning.extensions import db
from learning.permissions import require
from learning.privacy import mask_text
from learning.sessions.agenda import require_facilitator
from learning.sessions.agreements import handover_agreements
from learning.sessions.models import SessionLevel, SessionSeries
from learning.sessions.permissions import can_create_series
from learning.sessions.queries import get_series, get_user, planned_meetings


@dataclass
class SeriesInput:
    name: str
    level: str
    facilitator_id: int | None = None
    area_id: int | None = None
    location: str = ""
    weekday: int | None = None
    week_of_month: int | None = None
    start_time: time | None = None
    duration_minutes: int = 120
    escalates_to_id: int | None = None
    member_ids: list[int] = field(default_factory=list)


def create_series(actor: User, data: SeriesInput) -> SessionSeries:
    """Programme team and aanjagers set up a series; an aanjager facilitates by default."""
    require(
        can_create_series(actor),
        _("Alleen aanjagers en het programmateam maken leersessiereeksen aan."),
    )
    name = mask_text((data.name or "").strip())
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
    escalates_to = get_series(data.escalates_to_id) if data.escalates_to_id else None
    if (
        escalates_to is not None
        and data.level in {level.value for level in SessionLevel}
        and escalates_to.level != SessionLevel(data.level).higher
    ):
        problems.append(_("Doorzetten kan alleen naar een reeks precies één niveau hoger."))
    if problems:
        raise DomainError(" ".join(problems))
    facilitator = get_user(data.facilitator_id) if data.facilitator_id else actor
    series = SessionSeries(
        name=name[:200],
        level=data.level,
        area_id=data.area_id,
        facilitator=facilitator,
        location=mask_text(data.location.strip())[:200],
        weekday=data.weekday,
        week_of_month=data.week_of_month,
        start_time=data.start_time,
        duration_minutes=data.duration_minutes,
        escalates_to=escalates_to,
        members=[get_user(i) for i in dict.fromkeys(data.member_ids)],
    )
    db.session.add(series)
    record(actor, "session_series.created", series, name=series.name, level=series.level)
    return series


def add_member(actor: User, series: SessionSeries, user: User) -> None:
    """A new member is also invited to the meetings already planned."""
    require_facilitator(actor, series)
    if not user.active:
        raise DomainError(_("Dit account is niet (meer) actief."))
    if user in series.members:
        return
    series.members.append(user)
    for meeting in planned_meetings(series):
        if user not in meeting.attendees:
            meeting.attendees.append(user)
            meeting.sequence += 1
    record(actor, "session_series.member_added", series, user=user.id)


def remove_member(
    actor: User, series: SessionSeries, user: User, new_owner: User | None = None
) -> int:
    """A member leaves: their open afspraken in this series get a new owner, nothing is lost."""
    require_facilitator(actor, series)
    if user in series.members:
        series.members.remove(user)
    for meeting in planned_meetings(series):
        if user in meeting.attendees:
            meeting.attendees.remove(user)
    moved = handover_agreements(actor, user, new_owner, series=series)
    record(actor, "session_series.member_removed", series, user=user.id, agreements=moved)
    return moved
