"""Celery tasks of the digests: beat finds what is due, one task builds a batch of digests."""

from __future__ import annotations

from celery import shared_task
from celery.schedules import crontab
from sqlalchemy.exc import OperationalError

from learning.digests import delivery
from learning.timeutil import utcnow
from learning.unit_of_work import commit, enqueue

# Hourly in the day: the first run sends, later runs catch up after Redis or a worker was down.
# Every run is safe to repeat; the digest outbox sends one digest per recipient and period.
BEAT_SCHEDULE = {
    "send-due-digests": {
        "task": "learning.digests.tasks.send_due_digests",
        "schedule": crontab(minute=0, hour="7-20"),
    },
}

BATCH = 50  # digests per task: recipients with the same scope share the section queries


@shared_task
def send_due_digests() -> int:
    """Queue build tasks for the due digests; a duplicate run queues work that does nothing."""
    due = [(item.user_id, item.period.key) for item in delivery.due_digests()]
    for start in range(0, len(due), BATCH):
        enqueue("learning.digests.tasks.build_digests", due[start : start + BATCH])
    return len(due)


@shared_task(
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    retry_backoff_max=600,
    max_retries=8,
)
def build_digests(items: list[list[int | str]]) -> int:
    """Build, store and queue digests, one commit each, so a retry redoes only what is missing."""
    cache: dict = {}
    now = utcnow()
    for user_id, period in items:
        delivery.queue_digest(int(user_id), str(period), cache, now)
        commit()
    return len(items)
