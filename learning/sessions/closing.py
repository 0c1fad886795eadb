"""Closing a leersessie after it took place, and its minutes sent once by e-mail."""

from __future__ import annotations

import logging

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
from learning.sessions.queries import agenda
from learning.timeutil import utcnow
from learning.unit_of_work import enqueue_after_commit

logger = logging.getLogger(__name__)


def close_meeting(
    actor: User,
    meeting: LearningSession,
    went_well: str = "",
    can_improve: str = "",
    expected_version: int | None = None,
) -> int:
    """Close after the meeting: open items move to the next one, minutes go out by e-mail.

    Returns how many items moved on.
    """
    require_facilitator(actor, meeting.series)
    require_version(meeting, expected_version)
    if meeting.status != SessionStatus.PLANNED:
        raise DomainError(_("Deze leersessie is al afgesloten of geannuleerd."))
    if meeting.start > utcnow():
        raise DomainError(_("Deze leersessie is nog niet begonnen. Sluit haar af na afloop."))
    moved = postpone_open_items(meeting)
    meeting.went_well = mask_text(went_well.strip())[:TEXT_MAX]
    meeting.can_improve = mask_text(can_improve.strip())[:TEXT_MAX]
    meeting.status = SessionStatus.CLOSED
    meeting.closed_at = utcnow()
    meeting.closed_by_id = actor.id
    record(actor, "session.closed", meeting, moved=moved)
    enqueue_after_commit("learning.sessions.tasks.send_session_minutes", meeting.id)
    return moved


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
