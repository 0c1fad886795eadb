"""Thin Celery tasks of the learning tables."""

from __future__ import annotations

from celery import shared_task


@shared_task
def send_table_reminders() -> int:
    """Actions due within a week or overdue, late beslisvragen; deduplicated, so safe twice."""
    from learning.tables.reminders import send_reminders
    from learning.unit_of_work import commit

    sent = send_reminders()
    commit()
    return sent
