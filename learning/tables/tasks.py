"""Celery tasks of the learning tables."""

from __future__ import annotations

from celery import shared_task
from celery.schedules import crontab

from learning.tables.reminders import send_reminders
from learning.unit_of_work import commit

BEAT_SCHEDULE = {
    "send-table-reminders": {
        "task": "learning.tables.tasks.send_table_reminders",
        "schedule": crontab(minute=45, hour="7"),
    },
}


@shared_task
def send_table_reminders() -> int:
    """Actions due within a week or overdue, late beslisvragen; deduplicated, so safe twice."""
    sent = send_reminders()
    commit()
    return sent
