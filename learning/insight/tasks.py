"""Celery tasks of insight: refresh what a write touched, rebuild every rollup nightly."""

from __future__ import annotations

from datetime import date

from celery import shared_task
from celery.schedules import crontab
from sqlalchemy.exc import OperationalError

from learning.insight import rollups
from learning.unit_of_work import commit

BEAT_SCHEDULE = {
    "rebuild-insight-rollups": {
        "task": "learning.insight.tasks.rebuild_rollups",
        "schedule": crontab(minute=0, hour="4"),  # after the nightly regrouping at 3:00
    },
}


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5)
def refresh_rollups(
    days: list[str],
    pattern_ids: list[int],
    blockage_ids: list[int] | None = None,
    regrouped_ids: list[int] | None = None,
) -> None:
    """Recompute the touched days and patterns; idempotent, so a retry is harmless."""
    rollups.refresh(
        [date.fromisoformat(day) for day in days],
        pattern_ids,
        blockage_ids or [],
        regrouped_ids or [],
    )
    commit()


@shared_task
def rebuild_rollups() -> dict[str, int]:
    """Nightly: recompute everything, which also corrects whatever a lost task left behind."""
    counts = rollups.rebuild()
    commit()
    return counts
