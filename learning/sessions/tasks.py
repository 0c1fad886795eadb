"""Celery tasks of the leersessies: minutes, agendas and afspraak reminders."""

from __future__ import annotations

from celery import shared_task
from celery.schedules import crontab
from sqlalchemy.exc import OperationalError

from learning.sessions import services
from learning.unit_of_work import commit

BEAT_SCHEDULE = {
    "session-daily": {
        "task": "learning.sessions.tasks.session_daily",
        "schedule": crontab(minute=15, hour="6"),
    },
}


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5)
def send_session_minutes(session_id: int) -> int:
    """Queue the minutes of a closed session; a second run finds them sent."""
    sent = services.send_minutes(session_id)
    commit()
    return sent


@shared_task
def session_daily() -> dict[str, int]:
    """Every morning: agendas get what is due, owners hear about afspraken, minutes that
    could not be queued at closing go out."""
    refreshed = services.refresh_agendas()
    reminded = services.send_agreement_reminders()
    minutes = sum(services.send_minutes(session_id) for session_id in services.unsent_minutes())
    commit()
    return {"agendas": refreshed, "reminders": reminded, "minutes": minutes}
