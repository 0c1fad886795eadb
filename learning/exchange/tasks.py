"""Celery tasks of the exchange: run an import's pass (dry run or import) batch by batch."""

from __future__ import annotations

import logging

from celery import shared_task
from celery.schedules import crontab
from flask_babel import gettext as _

from learning.errors import DomainError
from learning.exchange import runner, services
from learning.unit_of_work import commit, rollback

logger = logging.getLogger(__name__)

BEAT_SCHEDULE = {
    "forget-stale-import-files": {
        "task": "learning.exchange.tasks.forget_stale_files",
        "schedule": crontab(minute=15, hour="4"),
    },
}


@shared_task(acks_late=True)
def run_import(job_id: int) -> None:
    """Idempotent: a second delivery finds the job done, or resumes after the last batch.

    A failure marks the job failed (retry resumes); only the exception's type is logged, since
    a message could quote a cell of the file.
    """
    try:
        runner.run(job_id, checkpoint=commit)
    except DomainError as refused:  # the file itself (gone, too large): say so
        rollback()
        runner.mark_failed(job_id, refused.message)
        commit()
    except Exception as exc:
        rollback()
        logger.error("Import %s failed: %s", job_id, type(exc).__name__)
        runner.mark_failed(job_id, _("De import stopte door een fout. Probeer het opnieuw."))
        commit()


@shared_task
def forget_stale_files() -> int:
    """Uploaded lists hold resident data: a file nobody finished importing goes after a week."""
    forgotten = services.forget_stale_files()
    commit()
    return forgotten
