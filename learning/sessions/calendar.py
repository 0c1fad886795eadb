"""iCalendar: an invitation per leersessie, a personal feed per user, and the secret feed
addresses that let calendar apps read them without logging in."""

from __future__ import annotations

from datetime import timedelta
from email.utils import parseaddr
from urllib.parse import urlparse

from flask import current_app
from flask_babel import gettext as _
from icalendar import Calendar, Event
from sqlalchemy import select

from learning.accounts.models import User
from learning.audit.services import record
from learning.errors import Forbidden, NotFound
from learning.extensions import db
from learning.links import external_url
from learning.permissions import require
from learning.sessions.models import LearningSession, SessionStatus, new_token
from learning.sessions.permissions import can_download_invitation
from learning.timeutil import utcnow

PRODID = "-//Leernetwerk//Leersessies//NL"


def _uid(meeting: LearningSession) -> str:
    """Stable per meeting, so calendars update the event instead of adding a second one."""
    host = urlparse(current_app.config.get("BASE_URL", "")).hostname or "leernetwerk"
    return f"leersessie-{meeting.id}@{host}"


def meeting_event(meeting: LearningSession) -> Event:
    """No attendee addresses: the file may be downloaded by guests."""
    series = meeting.series
    description = _(
        "Leersessie op niveau %(level)s. Agenda en inbreng: %(link)s",
        level=_(series.level_label),
        link=external_url("sessions.show_meeting", meeting_id=meeting.id),
    )
    if meeting.online_url:
        description += "\n" + _("Online deelnemen: %(url)s", url=meeting.online_url)
    if meeting.is_cancelled and meeting.cancel_reason:
        description = _("Geannuleerd: %(reason)s", reason=meeting.cancel_reason)
    return Event.new(
        uid=_uid(meeting),
        summary=_("Leersessie %(series)s", series=meeting.display_title),
        description=description,
        start=meeting.start,
        end=meeting.end,
        location=meeting.location or meeting.online_url or None,
        sequence=meeting.sequence,
        stamp=utcnow(),
        status="CANCELLED" if meeting.status == SessionStatus.CANCELLED else "CONFIRMED",
        url=external_url("sessions.show_meeting", meeting_id=meeting.id),
    )


def invitation(meeting: LearningSession) -> bytes:
    calendar = Calendar.new(prodid=PRODID, method="PUBLISH", subcomponents=[meeting_event(meeting)])
    return calendar.to_ical()


def scheduling_message(meeting: LearningSession) -> str:
    """What a mail carries to calendars: REQUEST (new or changed, same UID and a higher
    SEQUENCE replace the old event) or CANCEL (calendars remove it)."""
    event = meeting_event(meeting)
    sender = parseaddr(current_app.config.get("MAIL_DEFAULT_SENDER", ""))[1]
    event.add("organizer", f"mailto:{sender or 'noreply@leernetwerk.local'}")
    method = "CANCEL" if meeting.is_cancelled else "REQUEST"
    calendar = Calendar.new(prodid=PRODID, method=method, subcomponents=[event])
    return calendar.to_ical().decode()


def feed(user: User, meetings: list[LearningSession]) -> bytes:
    calendar = Calendar.new(
        prodid=PRODID,
        method="PUBLISH",
        name=_("Leersessies van %(name)s", name=user.name),
        refresh_interval=timedelta(hours=6),
        uid=f"leersessies-{user.id}",
        subcomponents=[meeting_event(m) for m in meetings],
    )
    return calendar.to_ical()


def invitation_for(user: User | None, meeting: LearningSession, token: str | None) -> bytes:
    """The .ics of one meeting for a participant, or for a guest with their link."""
    if not can_download_invitation(user, meeting, token):
        require(
            user is not None and user.is_authenticated,
            _("Log in om deze uitnodiging te downloaden."),
        )
        raise Forbidden(_("U neemt geen deel aan deze leersessie."))
    return invitation(meeting)


def reset_calendar_token(user: User) -> str:
    """A new secret feed address; the old one stops working (e.g. after it was shared)."""
    user.calendar_token = new_token()
    record(user, "user.calendar_token_reset", user)
    return user.calendar_token


def user_for_calendar_token(token: str) -> User:
    user = db.session.scalar(select(User).where(User.calendar_token == token)) if token else None
    if user is None or not user.active:
        raise NotFound(_("Deze agenda-link bestaat niet (meer)."))
    return user
