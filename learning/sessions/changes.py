"""A planned leersessie's life: editing, rescheduling and cancelling it, each change reaching the
attendees' calendars, and correcting the minutes in the week after closing."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, time, timedelta
from urllib.parse import urlsplit

from flask_babel import gettext as _

from learning.accounts.models import User
from learning.audit.services import record
from learning.errors import DomainError, require_version
from learning.privacy import mask_text
from learning.sessions import notify
from learning.sessions.agenda import postpone_open_items, require_facilitator
from learning.sessions.models import TEXT_MAX, LearningSession, SessionStatus
from learning.sessions.planning import check_slot
from learning.timeutil import as_utc, local_date, local_datetime, to_utc, utcnow

logger = logging.getLogger(__name__)

CORRECTION_DAYS = 7


@dataclass
class MeetingChange:
    """What a facilitator may change about a planned session (the form as typed)."""

    day: date
    start: time
    end: time | None = None
    title: str = ""
    location: str = ""
    online_url: str = ""


def require_changeable(meeting: LearningSession) -> None:
    if meeting.status == SessionStatus.CANCELLED:
        raise DomainError(
            _("Deze leersessie is geannuleerd en kan niet meer worden gewijzigd. Plan een nieuwe.")
        )
    if meeting.status == SessionStatus.CLOSED:
        raise DomainError(_("Deze leersessie is al afgesloten en kan niet meer worden gewijzigd."))


def clean_url(value: str) -> str:
    value = (value or "").strip()
    if not value:
        return ""
    parts = urlsplit(value)
    if parts.scheme not in {"http", "https"} or not parts.netloc or len(value) > 500:
        raise DomainError(
            _("De link voor online deelnemen moet met https:// (of http://) beginnen.")
        )
    return value


def current_change(meeting: LearningSession) -> MeetingChange:
    """The session as it is, to fill the edit form."""
    return MeetingChange(
        day=local_date(meeting.starts_at),
        start=local_datetime(meeting.starts_at).time().replace(tzinfo=None),
        end=local_datetime(meeting.ends_at).time().replace(tzinfo=None),
        title=meeting.title,
        location=meeting.location,
        online_url=meeting.online_url,
    )


def edit_meeting(
    actor: User,
    meeting: LearningSession,
    data: MeetingChange,
    expected_version: int | None = None,
) -> bool:
    """Change title, moment, place or online link; attendees get the updated invitation.

    Returns False when nothing changed (then nothing is sent).
    """
    require_facilitator(actor, meeting.series)
    require_version(meeting, expected_version)
    require_changeable(meeting)
    title = mask_text((data.title or "").strip())[:200]
    location = mask_text((data.location or "").strip())[:200]
    online_url = clean_url(data.online_url)
    old = current_change(meeting)
    moved = (data.day, data.start, data.end or old.end) != (old.day, old.start, old.end)
    if moved:
        meeting.starts_at, meeting.ends_at = check_slot(
            meeting.series, data.day, data.start, data.end, meeting=meeting
        )
    changed = moved or (title, location, online_url) != (
        meeting.title,
        meeting.location,
        meeting.online_url,
    )
    if not changed:
        return False
    meeting.title, meeting.location, meeting.online_url = title, location, online_url
    meeting.sequence += 1
    record(actor, "session.changed", meeting, moved=moved, sequence=meeting.sequence)
    logger.info("Session %s changed by %s (moved: %s)", meeting.id, actor.id, moved)
    notify.calendar_update(meeting, _("verplaatst") if moved else _("gewijzigd"))
    return True


def reschedule_meeting(
    actor: User,
    meeting: LearningSession,
    day: date,
    start: time,
    end: time | None = None,
    expected_version: int | None = None,
) -> bool:
    """Move a session to another moment; the rest stays as it is."""
    data = current_change(meeting)
    new_end = to_utc(day, start) + (meeting.end - meeting.start)
    data.day, data.start = day, start
    data.end = end or local_datetime(new_end).time().replace(tzinfo=None)
    return edit_meeting(actor, meeting, data, expected_version)


def cancel_meeting(
    actor: User, meeting: LearningSession, reason: str, expected_version: int | None = None
) -> int:
    """Cancel with a reason: calendars drop the event, the agenda moves to the next session.

    Returns how many items moved on.
    """
    require_facilitator(actor, meeting.series)
    require_version(meeting, expected_version)
    require_changeable(meeting)
    reason = mask_text((reason or "").strip())[:TEXT_MAX]
    if not reason:
        raise DomainError(_("Schrijf kort op waarom de leersessie niet doorgaat."))
    meeting.status = SessionStatus.CANCELLED
    meeting.cancel_reason = reason
    meeting.cancelled_at = utcnow()
    meeting.sequence += 1
    moved = postpone_open_items(meeting)
    record(actor, "session.cancelled", meeting, moved=moved)
    logger.info("Session %s cancelled by %s", meeting.id, actor.id)
    notify.calendar_update(meeting, _("geannuleerd"))
    return moved


def can_correct_minutes(meeting: LearningSession) -> bool:
    """The minutes stay open for correction for a week after closing."""
    return (
        meeting.is_closed
        and meeting.closed_at is not None
        and utcnow() - as_utc(meeting.closed_at) <= timedelta(days=CORRECTION_DAYS)
    )


def correct_minutes(
    actor: User,
    meeting: LearningSession,
    went_well: str,
    can_improve: str,
    expected_version: int | None = None,
) -> None:
    """Correct what went well and what can be better; the minutes are not mailed again."""
    require_facilitator(actor, meeting.series)
    require_version(meeting, expected_version)
    if not meeting.is_closed:
        raise DomainError(
            _("Alleen het verslag van een afgesloten leersessie kan worden verbeterd.")
        )
    if not can_correct_minutes(meeting):
        raise DomainError(
            _(
                "Het verslag kan tot een week na het afsluiten worden verbeterd; "
                "die week is voorbij."
            )
        )
    meeting.went_well = mask_text(went_well.strip())[:TEXT_MAX]
    meeting.can_improve = mask_text(can_improve.strip())[:TEXT_MAX]
    record(actor, "session.minutes_corrected", meeting)
