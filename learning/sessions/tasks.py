"""Celery tasks of the leersessies: minutes, agendas and afspraak reminders."""

from __future__ import annotations

from celery import shared_task
from celery.schedules import crontab
from sqlalchemy.exc import OperationalError

from learning.sessions import agreements, closing, planning
from learning.unit_of_work import commit

BEAT_SCHEDULE = {
    "session-daily": {
        "task": "learning.sessions.tasks.session_daily",
        "schedule": crontab(minute=15, hour="6"),
    },
}


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5)
def send_session_minutes(meeting_id: int) -> int:
    """Queue the minutes of a closed meeting; a second run finds them sent."""
    sent = closing.send_minutes(meeting_id)
    commit()
    return sent


@shared_task
def session_daily() -> dict[str, int]:
    """Every morning: agendas get what is due, owners hear about afspraken, minutes that
    could not be queued at closing go out."""
    refreshed = planning.refresh_agendas()
    reminded = agreements.send_agreement_reminders()
    minutes = sum(closing.send_minutes(meeting_id) for meeting_id in closing.unsent_minutes())
    commit()
    return {"agendas": refreshed, "reminders": reminded, "minutes": minutes}
