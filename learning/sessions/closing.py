"""Closing a leersessie after it took place, and its minutes sent once by e-mail."""

from __future__ import annotations

import logging
from datetime import date, time

from flask_babel import gettext as _
from sqlalchemy import select

from learning.accounts.models import User
from learning.audit.services import record
from learning.errors import DomainError, require_version
from learning.extensions import db
from learning.privacy import mask_text
from learning.sessions import notify
from learning.sessions.agenda import postpone_open_items, require_facilitator
from learning.sessions.models import TEXT_MAX, LearningSession, SessionStatus
from learning.sessions.planning import moment
from learning.sessions.queries import agenda, overlapping
from learning.timeutil import local_date, to_utc, today, utcnow
from learning.unit_of_work import enqueue_after_commit

logger = logging.getLogger(__name__)


def close_meeting(
    actor: User,
    meeting: LearningSession,
    went_well: str = "",
    can_improve: str = "",
    expected_version: int | None = None,
    held_on: date | None = None,
) -> int:
    """Close after the meeting: open items move to the next one, minutes go out by e-mail.

    A session planned on the wrong date is closed with the day it really took place
    (`held_on`, not in the future); it is moved there first, so the minutes and the calendar
    show the truth. Returns how many items moved on.
    """
    require_facilitator(actor, meeting.series)
    require_version(meeting, expected_version)
    if meeting.status == SessionStatus.CLOSED:
        raise DomainError(_("Deze leersessie is al afgesloten."))
    if meeting.status == SessionStatus.CANCELLED:
        raise DomainError(_("Deze leersessie is geannuleerd en kan niet worden afgesloten."))
    if held_on is not None and held_on != local_date(meeting.starts_at):
        _move_to_the_real_day(actor, meeting, held_on)
    if meeting.start > utcnow():
        raise DomainError(
            _(
                "Deze leersessie begint pas op %(when)s. Sluit haar af na afloop. Vond ze al "
                "op een andere dag plaats? Vul dan bij het afsluiten die datum in.",
                when=moment(meeting.starts_at),
            )
        )
    moved = postpone_open_items(meeting)
    meeting.went_well = mask_text(went_well.strip())[:TEXT_MAX]
    meeting.can_improve = mask_text(can_improve.strip())[:TEXT_MAX]
    meeting.status = SessionStatus.CLOSED
    meeting.closed_at = utcnow()
    meeting.closed_by_id = actor.id
    record(actor, "session.closed", meeting, moved=moved)
    enqueue_after_commit("learning.sessions.tasks.send_session_minutes", meeting.id)
    return moved


def _move_to_the_real_day(actor: User, meeting: LearningSession, held_on: date) -> None:
    if held_on > today():
        raise DomainError(
            _("De datum waarop de leersessie plaatsvond kan niet in de toekomst liggen.")
        )
    shift = to_utc(held_on, time(0)) - to_utc(local_date(meeting.starts_at), time(0))
    clash = overlapping(meeting.series, meeting.start + shift, meeting.end + shift, meeting)
    if clash is not None:
        raise DomainError(
            _(
                "Op %(when)s staat al een leersessie van deze reeks. Sluit die af, of annuleer "
                "deze leersessie als ze niet apart heeft plaatsgevonden.",
                when=moment(clash.starts_at),
            )
        )
    meeting.starts_at = meeting.start + shift
    meeting.ends_at = meeting.end + shift
    meeting.sequence += 1
    record(actor, "session.date_corrected", meeting, held_on=held_on.isoformat())


def send_minutes(meeting_id: int) -> int:
    """E-mail the minutes to attendees and guests with an address; once per meeting."""
    meeting = db.session.get(LearningSession, meeting_id)
    if meeting is None or not meeting.is_closed or meeting.minutes_sent_at is not None:
        return 0
    sent = notify.minutes(meeting, agenda(meeting))
    meeting.minutes_sent_at = utcnow()
    logger.info("Minutes of session %s sent to %s recipients", meeting.id, sent)
    return sent


def unsent_minutes() -> list[int]:
    return list(
        db.session.scalars(
            select(LearningSession.id).where(
                LearningSession.status == SessionStatus.CLOSED,
                LearningSession.minutes_sent_at.is_(None),
            )
        )
    )
