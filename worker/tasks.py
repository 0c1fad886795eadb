"""Thin Celery tasks: take ids, call a service, commit. Safe to run twice."""

from __future__ import annotations

from celery import shared_task

from learning.mail import services as mail_services


@shared_task(
    bind=True,
    autoretry_for=(ConnectionError,),
    retry_backoff=True,
    retry_backoff_max=600,
    max_retries=8,
)
def deliver_mail(self, mail_id: int) -> bool:
    return mail_services.deliver(mail_id)


@shared_task
def flush_outbox() -> int:
    return mail_services.flush_outbox()


@shared_task(bind=True, max_retries=5, retry_backoff=True)
def process_blockage(self, blockage_id: int) -> None:
    """Embed a saved knelpunt and group it; idempotent, so a retry is harmless."""
    from learning.patterns.services import process_blockage as group
    from learning.unit_of_work import commit

    group(blockage_id)
    commit()


@shared_task
def catch_up_embeddings() -> int:
    from learning.patterns.services import catch_up_embeddings as catch_up
    from learning.unit_of_work import commit

    done = catch_up()
    commit()
    return done


@shared_task
def rebuild_vector_index() -> int:
    """Fold the append-only delta into the main index file (nightly); returns its size."""
    from learning.patterns.vectors import rebuild_index

    return len(rebuild_index())
