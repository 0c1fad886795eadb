"""A pass over an import's file: the dry run and the import, batch by batch, resumable.

`run` is called by the Celery task and by the CLI with their commit as `checkpoint`: after every
batch the knelpunten and their report lines are committed together, so after a crash neither
exists without the other and the next run starts after the last committed row.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import func, select

from learning.accounts.models import Organisation
from learning.audit.services import record
from learning.blockages.models import Area, Blockage
from learning.blockages.services import log_blockage
from learning.errors import DomainError
from learning.exchange.models import ImportJob, ImportRow, ImportStatus, RowOutcome
from learning.exchange.rows import RowContext, RowPlan, plan_row, text_fingerprints
from learning.exchange.services import forget_file, get_job, workbook_of
from learning.exchange.sources import Workbook
from learning.exchange.values import normalise
from learning.extensions import db
from learning.timeutil import today, utcnow

logger = logging.getLogger(__name__)

BATCH_SIZE = 200
MAX_WARNINGS = 50
COUNT_KEYS = ("rows", "imported", "masked", "refused", "duplicates", "empty")


def _context(job: ImportJob) -> RowContext:
    mapped = frozenset(job.mapping.values())
    organisations = {
        normalise(o.name): o
        for o in db.session.scalars(select(Organisation).where(Organisation.deleted_at.is_(None)))
    }
    areas = {normalise(a.name): a for a in db.session.scalars(select(Area))}
    existing: dict[str, int] = {}
    rows = db.session.execute(
        select(Blockage.id, Blockage.description)
        .where(Blockage.withdrawn_at.is_(None))
        .order_by(Blockage.id)
    )
    for blockage_id, description in rows:
        for key in text_fingerprints(description):
            existing.setdefault(key, blockage_id)
    seen = dict(
        db.session.execute(
            select(ImportRow.fingerprint, func.min(ImportRow.row_number))
            .where(
                ImportRow.job_id == job.id,
                ImportRow.outcome.in_((RowOutcome.IMPORTED, RowOutcome.MASKED)),
            )
            .group_by(ImportRow.fingerprint)
        ).all()
    )
    return RowContext(
        today=today(),
        reporter=job.created_by,
        organisation=job.organisation,
        mapped=mapped,
        organisations=organisations,
        areas=areas,
        seen=seen,
        existing=existing,
    )


def _data_rows(job: ImportJob, workbook: Workbook):
    """(row number, mapped cells, whether the whole row is empty) after the header."""
    mapping = {int(k): v for k, v in job.mapping.items()}
    for number, values in workbook.rows(job.sheet):
        if number <= (job.header_row or 0):
            continue
        cells = {field: values[i] if i < len(values) else None for i, field in mapping.items()}
        empty = all(v is None or (isinstance(v, str) and not v.strip()) for v in values)
        yield number, cells, empty


def count_rows(job: ImportJob) -> int:
    return sum(1 for _row in _data_rows(job, workbook_of(job)))


def run(
    job_id: int,
    checkpoint: Callable[[], None],
    progress: Callable[[ImportJob], None] | None = None,
    batch_size: int | None = None,
) -> ImportJob:
    """Run the queued pass to the end, resuming after the last committed row.

    `checkpoint` (the caller's commit) runs after every batch; a row's knelpunt and its report
    line are written in the same batch, so after a crash neither exists without the other.
    """
    batch_size = batch_size or int(current_app.config.get("IMPORT_BATCH_SIZE", BATCH_SIZE))
    job = get_job(job_id)
    if job.status not in (ImportStatus.CHECKING, ImportStatus.IMPORTING):
        return job  # done, discarded, or a duplicate task: nothing to do
    workbook = workbook_of(job)
    if job.total_rows is None:
        job.total_rows = count_rows(job)
        checkpoint()
    ctx = _context(job)
    done = job.processed_rows
    batch = 0
    for index, (number, cells, empty) in enumerate(_data_rows(job, workbook)):
        if index < done:
            continue
        plan = plan_row(number, cells, empty, ctx)
        _apply(job, plan)
        job.processed_rows = index + 1
        batch += 1
        if batch >= batch_size:
            checkpoint()
            batch = 0
            if progress:
                progress(job)
    _finish(job, workbook)
    checkpoint()
    if progress:
        progress(job)
    return job


def _apply(job: ImportJob, plan: RowPlan) -> None:
    row = ImportRow(
        job_id=job.id,
        row_number=plan.row_number,
        outcome=plan.outcome,
        reasons=plan.reasons,
        masked=plan.masked,
        duplicate_of_row=plan.duplicate_of_row,
        duplicate_of_blockage_id=plan.duplicate_of_blockage_id,
        fingerprint=plan.fingerprint,
    )
    if plan.data is not None and not job.dry_run:
        try:
            with db.session.begin_nested():
                row.blockage_id = log_blockage(job.created_by, plan.data).id
        except DomainError as refused:  # the blockages service has the last word
            row.outcome = RowOutcome.REFUSED
            row.reasons = [refused.message]
    db.session.add(row)
    db.session.flush()


def _finish(job: ImportJob, workbook: Workbook) -> None:
    job.counts = summary_counts(job)
    job.warnings = (list(workbook.notes) + _header_notes(job) + _warnings(job))[:MAX_WARNINGS]
    job.finished_at = utcnow()
    if job.dry_run:
        job.status = ImportStatus.CHECKED
        record(job.created_by, "import.checked", job, **job.counts)
        return
    job.status = ImportStatus.DONE
    forget_file(job)  # the file holds resident data: gone as soon as it is not needed
    record(job.created_by, "import.done", job, **job.counts)


def _header_notes(job: ImportJob) -> list[str]:
    mapped = set(job.mapping.values())
    notes = []
    if "domain" not in mapped:
        notes.append(_("Geen kolom voor domein of wet: alle knelpunten krijgen domein 'overig'."))
    if "date" not in mapped:
        notes.append(_("Geen kolom voor de datum: alle knelpunten krijgen de importdatum."))
    return notes


def summary_counts(job: ImportJob) -> dict[str, int]:
    by_outcome = dict(
        db.session.execute(
            select(ImportRow.outcome, func.count())
            .where(ImportRow.job_id == job.id)
            .group_by(ImportRow.outcome)
        ).all()
    )
    imported = by_outcome.get(RowOutcome.IMPORTED, 0)
    masked = by_outcome.get(RowOutcome.MASKED, 0)
    return {
        "rows": sum(by_outcome.values()),
        "imported": imported + masked,
        "masked": masked,
        "refused": by_outcome.get(RowOutcome.REFUSED, 0),
        "duplicates": by_outcome.get(RowOutcome.DUPLICATE, 0),
        "empty": by_outcome.get(RowOutcome.EMPTY, 0),
    }


def _warnings(job: ImportJob) -> list[str]:
    """Each distinct warning once, with the rows it applies to."""
    rows = db.session.execute(
        select(ImportRow.row_number, ImportRow.reasons)
        .where(
            ImportRow.job_id == job.id,
            ImportRow.outcome.in_((RowOutcome.IMPORTED, RowOutcome.MASKED)),
        )
        .order_by(ImportRow.row_number)
    )
    grouped: dict[str, list[int]] = {}
    for number, reasons in rows:
        for reason in reasons or []:
            if reason.startswith(_("Gemaskeerd")):
                continue
            grouped.setdefault(reason, []).append(number)
    lines = []
    for reason, numbers in grouped.items():
        shown = ", ".join(str(n) for n in numbers[:10]) + (" …" if len(numbers) > 10 else "")
        lines.append(_("Rij %(rows)s: %(reason)s", rows=shown, reason=reason))
    return lines


def mark_failed(job_id: int, reason: str) -> None:
    job = db.session.get(ImportJob, job_id)
    if job is None:
        return
    job.status = ImportStatus.FAILED
    job.error = reason[:500]
    record(job.created_by, "import.failed", job, processed=job.processed_rows)


def result(job: ImportJob) -> dict:
    """The CLI's and the API's summary: counts and warnings, never content."""
    counts = job.counts or summary_counts(job)
    return {**{key: counts.get(key, 0) for key in COUNT_KEYS}, "warnings": list(job.warnings)}
