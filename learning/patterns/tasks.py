"""Celery tasks of the patterns: embed and group a saved knelpunt, catch up, rebuild the index."""

from __future__ import annotations

from celery import shared_task
from celery.schedules import crontab
from sqlalchemy.exc import OperationalError

from learning.patterns import grouping, regrouping, vectors
from learning.unit_of_work import commit

BEAT_SCHEDULE = {
    "catch-up-embeddings": {
        "task": "learning.patterns.tasks.catch_up_embeddings",
        "schedule": 300.0,
    },
    "regroup-candidates": {
        "task": "learning.patterns.tasks.regroup_candidates",
        "schedule": crontab(minute=0, hour="3"),
    },
    "rebuild-vector-index": {
        "task": "learning.patterns.tasks.rebuild_vector_index",
        "schedule": crontab(minute=30, hour="3"),
    },
}


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5)
def process_blockage(blockage_id: int) -> None:
    """Embed a saved knelpunt and group it; idempotent, so a retry is harmless."""
    grouping.process_blockage(blockage_id)
    commit()


@shared_task
def catch_up_embeddings() -> int:
    """Knelpunten whose grouping task was lost (broker down) are grouped now."""
    done = grouping.catch_up_embeddings()
    commit()
    return done


@shared_task
def rebuild_vector_index() -> int:
    """Fold the append-only delta into the main index file (nightly); returns its size."""
    return len(vectors.rebuild_index())


@shared_task
def regroup_candidates() -> dict[str, int]:
    """Nightly: group everything no chair placed again in one batch (see regrouping)."""
    counts = regrouping.regroup()
    commit()
    return counts
