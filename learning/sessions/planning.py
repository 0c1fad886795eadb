"""Planning leersessies: dates from a series' rule, single meetings, cancelling, guests, and
keeping each upcoming agenda filled with what is due."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from flask_babel import gettext as _
from sqlalchemy import select

from learning.accounts.models import User
from learning.audit.services import record
from learning.errors import DomainError
from learning.extensions import db
from learning.privacy import mask_text
from learning.sessions.agenda import place, require_facilitator
from learning.sessions.agreements import schedule_check
from learning.sessions.models import (
    AgendaItem,
    Agreement,
    AgreementStatus,
    ItemKind,
    ItemStatus,
    LearningSession,
    SessionSeries,
    SessionStatus,
)
from learning.sessions.queries import next_meeting, overlapping
from learning.templating import long_date
from learning.timeutil import local_date, local_datetime, to_utc, today, utcnow


def occurrences(series: SessionSeries, after: date, count: int) -> list[date]:
    """The next `count` dates of the series' rule (e.g. every second Tuesday) from `after`."""
    if not series.has_recurrence:
        return []
    found: list[date] = []
    month = after.replace(day=1)
    while len(found) < count:
        next_month = (month + timedelta(days=32)).replace(day=1)
        matching = [
            month + timedelta(days=n)
            for n in range((next_month - month).days)
            if (month + timedelta(days=n)).weekday() == series.weekday
        ]
        # Every month has at least four of each weekday, so the index always exists.
        chosen = matching[series.week_of_month - 1 if series.week_of_month > 0 else -1]
        if chosen >= after:
            found.append(chosen)
        month = next_month
    return found


def moment(value: datetime) -> str:
    """'4 maart 2025 om 19:00': a session's start in Dutch, local time."""
    return _(
        "%(day)s om %(time)s",
        day=long_date(local_date(value)),
        time=local_datetime(value).strftime("%H:%M"),
    )


def check_slot(
    series: SessionSeries,
    day: date,
    start: time,
    end: time | None,
    meeting: LearningSession | None = None,
) -> tuple[datetime, datetime]:
    """The moment a session is planned or moved to: in the future, ending after it starts, and
    not overlapping another session of the series."""
    starts_at = to_utc(day, start)
    ends_at = (
        to_utc(day, end)
        if end is not None
        else starts_at + timedelta(minutes=series.duration_minutes)
    )
    if starts_at < utcnow():
        raise DomainError(
            _("Deze datum en tijd liggen in het verleden. Kies een moment in de toekomst.")
        )
    if ends_at <= starts_at:
        raise DomainError(_("De eindtijd moet na de begintijd liggen."))
    clash = overlapping(series, starts_at, ends_at, exclude=meeting)
    if clash is not None:
        raise DomainError(
            _(
                "Deze leersessie overlapt met een andere leersessie van dezelfde reeks "
                "(%(when)s). Kies een ander moment.",
                when=moment(clash.starts_at),
            )
        )
    return starts_at, ends_at


def plan_meeting(
    actor: User,
    series: SessionSeries,
    day: date,
    start: time,
    end: time | None = None,
    location: str = "",
) -> LearningSession:
    require_facilitator(actor, series)
    starts_at, ends_at = check_slot(series, day, start, end)
    meeting = LearningSession(
        series=series,
        starts_at=starts_at,
        ends_at=ends_at,
        location=mask_text(location.strip())[:200] or series.location,
        attendees=[u for u in series.members if u.active],
    )
    db.session.add(meeting)
    record(actor, "session.planned", meeting, starts_at=starts_at.isoformat())
    refresh_agenda(meeting)
    return meeting


def plan_recurring(actor: User, series: SessionSeries, count: int = 3) -> list[LearningSession]:
    """Plan the next meetings of the series' rule; dates already planned are skipped."""
    require_facilitator(actor, series)
    if not series.has_recurrence:
        raise DomainError(_("Deze reeks heeft geen vaste herhaling. Plan de leersessie los in."))
    planned = []
    for day in occurrences(series, today(), count):
        starts_at = to_utc(day, series.start_time)
        ends_at = starts_at + timedelta(minutes=series.duration_minutes)
        if starts_at < utcnow() or overlapping(series, starts_at, ends_at) is not None:
            continue
        planned.append(plan_meeting(actor, series, day, series.start_time))
    return planned


def refresh_agenda(meeting: LearningSession) -> None:
    """Put on the agenda what belongs there: waiting items and afspraken due for their check.

    Idempotent: safe to call whenever a meeting is planned or the day starts.
    """
    if meeting.status != SessionStatus.PLANNED:
        return
    db.session.flush()
    if next_meeting(meeting.series) is meeting:
        for item in db.session.scalars(
            select(AgendaItem).where(
                AgendaItem.series_id == meeting.series_id,
                AgendaItem.session_id.is_(None),
                AgendaItem.status != ItemStatus.HANDLED,
                AgendaItem.kind != ItemKind.AGREEMENT_CHECK,
            )
        ):
            place(item, meeting)
    for agreement in db.session.scalars(
        select(Agreement).where(
            Agreement.series_id == meeting.series_id,
            Agreement.status == AgreementStatus.OPEN,
            Agreement.due_on <= local_date(meeting.starts_at),
        )
    ):
        schedule_check(agreement)


def refresh_agendas() -> int:
    """The daily safety net: every upcoming meeting gets what is due."""
    meetings = db.session.scalars(
        select(LearningSession).where(
            LearningSession.status == SessionStatus.PLANNED, LearningSession.ends_at >= utcnow()
        )
    ).all()
    for meeting in meetings:
        refresh_agenda(meeting)
    return len(meetings)
