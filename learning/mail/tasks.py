"""Celery tasks of the mail outbox: deliver one message, flush what is due.

Retries belong to the outbox, not to Celery: a failed send stays `pending` with a back-off
(`next_attempt_at`), and the flush every minute picks it up, also after a broker outage.
"""

from __future__ import annotations

from celery import shared_task

from learning.mail import services

BEAT_SCHEDULE = {
    "flush-outbox": {"task": "learning.mail.tasks.flush_outbox", "schedule": 60.0},
}


@shared_task
def deliver_mail(mail_id: int) -> bool:
    return services.deliver(mail_id)


@shared_task
def flush_outbox() -> int:
    return services.flush_outbox()
