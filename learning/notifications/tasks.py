"""Celery tasks of the notification mail: beat flushes due bundles; 'immediately' sends one."""

from __future__ import annotations

from celery import shared_task

from learning.errors import Conflict
from learning.notifications import delivery
from learning.unit_of_work import commit, rollback

# Every ten minutes: daily and weekly bundles go out shortly after 17.00, a user who chose
# 'immediately' waits at most this long if the direct task was lost. Safe to repeat.
BEAT_SCHEDULE = {
    "flush-notification-mail": {
        "task": "learning.notifications.tasks.flush_notification_mail",
        "schedule": 600.0,
    },
}


@shared_task
def flush_notification_mail() -> int:
    return delivery.flush().queued


@shared_task
def send_notification_mail(user_id: int) -> bool:
    """A bundle of what waits for a user who wants mail right away (a no-op otherwise)."""
    due = delivery.due_bundles(user_id=user_id)
    if not due:
        return False
    try:
        mail = delivery.send_bundle(user_id, due[0].slot)
        commit()
    except Conflict:  # a flush took them first
        rollback()
        return False
    return mail is not None
