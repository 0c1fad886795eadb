"""iCalendar files: an invitation per leersessie and a personal feed per user."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlparse

from flask import current_app
from flask_babel import gettext as _
from icalendar import Calendar, Event

from learning.accounts.models import User
from learning.links import external_url
from learning.sessions.models import LearningSession, SessionStatus
from learning.timeutil import utcnow

PRODID = "-//Leernetwerk//Leersessies//NL"


def _uid(session: LearningSession) -> str:
    """Stable per session, so calendars update the event instead of adding a second one."""
    host = urlparse(current_app.config.get("BASE_URL", "")).hostname or "leernetwerk"
    return f"leersessie-{session.id}@{host}"


def session_event(session: LearningSession) -> Event:
    """No attendee addresses: the file may be downloaded by guests."""
    series = session.series
    return Event.new(
        uid=_uid(session),
        summary=_("Leersessie %(series)s", series=series.name),
        description=_(
            "Leersessie op niveau %(level)s. Agenda en inbreng: %(link)s",
            level=_(series.level_label),
            link=external_url("sessions.show_session", session_id=session.id),
        ),
        start=session.start,
        end=session.end,
        location=session.location or None,
        sequence=session.sequence,
        stamp=utcnow(),
        status="CANCELLED" if session.status == SessionStatus.CANCELLED else "CONFIRMED",
        url=external_url("sessions.show_session", session_id=session.id),
    )


def invitation(session: LearningSession) -> bytes:
    calendar = Calendar.new(prodid=PRODID, method="PUBLISH", subcomponents=[session_event(session)])
    return calendar.to_ical()


def feed(user: User, sessions: list[LearningSession]) -> bytes:
    calendar = Calendar.new(
        prodid=PRODID,
        method="PUBLISH",
        name=_("Leersessies van %(name)s", name=user.name),
        refresh_interval=timedelta(hours=6),
        uid=f"leersessies-{user.id}",
        subcomponents=[session_event(s) for s in sessions],
    )
    return calendar.to_ical()
