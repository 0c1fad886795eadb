"""Import jobs: upload, map, dry run, import in batches, retry, discard.

The web, the CLI, the API and the Celery task all go through these functions. A pass (dry run
or import) reads the file row by row; the caller's `checkpoint` commits after every batch, so a
failed or interrupted import resumes after the last committed row and never writes a row twice
(`import_rows` is unique per job and row). Knelpunten are written by the blockages service, so an
imported knelpunt is guarded, audited and grouped exactly like a logged one.
"""

from __future__ import annotations

import logging
import secrets
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import IO

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import delete, func, select

from learning.accounts.models import Organisation, User
from learning.audit.services import record
from learning.errors import Conflict, DomainError, NotFound
from learning.exchange.mapping import FIELDS, detect_header_row, guess_mapping
from learning.exchange.models import (
    RUNNING_STATUSES,
    ImportJob,
    ImportRow,
    ImportSource,
    ImportStatus,
)
from learning.exchange.permissions import can_import, can_view_job
from learning.exchange.sources import (
    FileRefused,
    Workbook,
    detect_kind,
    limit,
    open_workbook,
)
from learning.exchange.values import cell_text
from learning.extensions import db
from learning.patterns.models import PatternMember
from learning.permissions import require
from learning.privacy import mask_text
from learning.timeutil import utcnow
from learning.unit_of_work import enqueue_after_commit

logger = logging.getLogger(__name__)

PREVIEW_ROWS = 8
RUN_TASK = "learning.exchange.tasks.run_import"


def import_dir() -> Path:
    path = Path(current_app.config.get("IMPORT_DIR") or Path(current_app.instance_path) / "imports")
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path


def _store(stream: IO[bytes], kind: str) -> str:
    """Copy the upload to the import folder (owner-only), refusing it past the size limit."""
    name = f"{secrets.token_hex(16)}.{kind}"
    target = import_dir() / name
    maximum = limit("IMPORT_MAX_BYTES", 20 * 1024 * 1024)
    written = 0
    with target.open("wb") as out:
        target.chmod(0o600)
        while chunk := stream.read(1024 * 1024):
            written += len(chunk)
            if written > maximum:
                out.close()
                target.unlink(missing_ok=True)
                raise FileRefused(
                    _("Het bestand is te groot (maximaal %(mb)s MB).", mb=maximum // 2**20)
                )
            out.write(chunk)
    return name


def _path(job: ImportJob) -> Path:
    path = import_dir() / job.stored_as if job.stored_as else None
    if path is None or not path.is_file():
        raise DomainError(_("Het bestand van deze import is er niet meer. Upload het opnieuw."))
    return path


def workbook_of(job: ImportJob) -> Workbook:
    return open_workbook(_path(job), job.file_kind)


def forget_file(job: ImportJob) -> None:
    if job.stored_as:
        (import_dir() / job.stored_as).unlink(missing_ok=True)
        job.stored_as = None


def create_job(
    user: User,
    organisation: Organisation,
    filename: str,
    stream: IO[bytes],
    source: ImportSource = ImportSource.WEB,
) -> ImportJob:
    """Store an upload and guess sheet, header row and mapping; refuses unreadable files."""
    require(
        can_import(user, organisation),
        _(
            "Alleen het programmateam en voorzitters van werktafels importeren lijsten, voor een "
            "eigen organisatie."
        ),
    )
    head = stream.read(8)
    kind = detect_kind(filename, head)
    stored_as = _store(_Prefixed(head, stream), kind)
    job = ImportJob(
        created_by=user,
        organisation=organisation,
        filename=mask_text(Path(filename or "lijst").name)[:200] or "lijst",
        file_kind=kind,
        stored_as=stored_as,
        source=source,
    )
    try:
        workbook = workbook_of(job)
        job.sheet = workbook.default_sheet()
        _guess(job, workbook)
    except DomainError:
        forget_file(job)
        raise
    db.session.add(job)
    record(user, "import.created", job, filename=job.filename, source=str(source))
    return job


class _Prefixed:
    """A stream whose first bytes were already read to check the file type."""

    def __init__(self, head: bytes, rest: IO[bytes]) -> None:
        self.head, self.rest = head, rest

    def read(self, size: int = -1) -> bytes:
        if self.head:
            head, self.head = self.head, b""
            return head
        return self.rest.read(size)


def _first_rows(workbook: Workbook, sheet: str | None, count: int) -> list[tuple[int, list]]:
    rows = []
    for number, values in workbook.rows(sheet):
        rows.append((number, values))
        if len(rows) >= count:
            break
    return rows


def _guess(job: ImportJob, workbook: Workbook) -> None:
    top = _first_rows(workbook, job.sheet, 30)
    if not top:
        raise FileRefused(_("Dit tabblad is leeg."))
    job.header_row = detect_header_row(top)
    header = next((v for n, v in top if n == job.header_row), [])
    job.mapping = {str(i): field for i, field in guess_mapping(header).items()}


@dataclass
class Preview:
    """What the mapping step shows: sheets, the header, and the first rows, masked."""

    sheets: list
    sheet: str
    header_row: int
    headers: list[str]
    rows: list[tuple[int, list[str]]]
    mapping: dict[int, str]
    notes: list[str]


def preview(job: ImportJob, count: int = PREVIEW_ROWS) -> Preview:
    workbook = workbook_of(job)
    header_row = job.header_row or 1
    rows = _first_rows(workbook, job.sheet, header_row + count)
    header = next((v for n, v in rows if n == header_row), [])
    width = max([len(header)] + [len(v) for _n, v in rows])
    body = [
        (n, [mask_text(cell_text(v))[:200] for v in values] + [""] * (width - len(values)))
        for n, values in rows
        if n > header_row
    ][:count]
    headers = [mask_text(cell_text(v))[:80] for v in header] + [""] * (width - len(header))
    return Preview(
        sheets=workbook.sheets,
        sheet=job.sheet or workbook.default_sheet(),
        header_row=header_row,
        headers=headers,
        rows=body,
        mapping={int(k): v for k, v in job.mapping.items()},
        notes=workbook.notes,
    )


def _check_editable(job: ImportJob, expected_version: int | None) -> None:
    if expected_version is not None and expected_version != job.version:
        raise Conflict(_("Deze import is intussen gewijzigd. Laad de pagina opnieuw."))
    if job.status not in (ImportStatus.UPLOADED, ImportStatus.CHECKED):
        raise DomainError(_("Deze import loopt of is klaar; de koppeling ligt vast."))


def configure(
    user: User,
    job: ImportJob,
    sheet: str | None,
    header_row: int | None,
    mapping: dict[int, str] | None,
    expected_version: int | None = None,
) -> ImportJob:
    """Choose the sheet, the header row and the columns. A new sheet or header row guesses
    the mapping again; an explicit mapping is checked and kept."""
    require(can_view_job(user, job), _("Dit is niet uw import."))
    _check_editable(job, expected_version)
    workbook = workbook_of(job)
    chosen = workbook.check_sheet(sheet)
    if chosen != job.sheet:
        job.sheet = chosen
        _guess(job, workbook)
    elif header_row and header_row != job.header_row:
        job.header_row = _valid_header_row(header_row)
        top = _first_rows(workbook, chosen, job.header_row)
        header = next((v for n, v in top if n == job.header_row), [])
        job.mapping = {str(i): f for i, f in guess_mapping(header).items()}
    elif mapping is not None:
        job.mapping = _valid_mapping(mapping)
    job.status = ImportStatus.UPLOADED
    return job


def _valid_header_row(value: int) -> int:
    if not 1 <= value <= 1000:
        raise DomainError(_("Kies een kopregel tussen 1 en 1000."))
    return value


def _valid_mapping(mapping: dict[int, str]) -> dict[str, str]:
    fields = [f for f in mapping.values() if f]
    unknown = [f for f in fields if f not in FIELDS]
    if unknown:
        raise DomainError(_("Onbekend veld: %(f)s.", f=", ".join(unknown)[:100]))
    doubles = {f for f in fields if fields.count(f) > 1}
    if doubles:
        labels = ", ".join(str(FIELDS[f]) for f in sorted(doubles))
        raise DomainError(_("Elk veld mag maar aan één kolom hangen: %(f)s.", f=labels))
    if "description" not in fields:
        raise DomainError(_("Kies welke kolom de omschrijving van het knelpunt bevat."))
    return {str(i): f for i, f in sorted(mapping.items()) if f}


def start(
    user: User,
    job: ImportJob,
    dry_run: bool,
    expected_version: int | None = None,
    queue: bool = True,
) -> None:
    """Queue a pass over the file: the dry run first, or the import (its own check again)."""
    require(can_view_job(user, job), _("Dit is niet uw import."))
    if job.status == ImportStatus.FAILED and not dry_run:
        job.status = ImportStatus.IMPORTING  # resume after the last committed batch
        job.error = None
    else:
        _check_editable(job, expected_version)
        _valid_mapping({int(k): v for k, v in job.mapping.items()})
        job.status = ImportStatus.CHECKING if dry_run else ImportStatus.IMPORTING
        job.dry_run = dry_run
        job.processed_rows = 0
        job.total_rows = None
        job.counts = {}
        job.warnings = []
        job.error = None
        db.session.execute(delete(ImportRow).where(ImportRow.job_id == job.id))
    job.started_at = utcnow()
    record(user, "import.dry_run" if dry_run else "import.started", job)
    if queue:  # the CLI runs the pass itself, in the foreground
        enqueue_after_commit(RUN_TASK, job.id)


def discard(user: User, job: ImportJob) -> None:
    """Delete the stored file; the report (no content) stays for the record."""
    require(can_view_job(user, job), _("Dit is niet uw import."))
    if job.status == ImportStatus.IMPORTING:
        raise DomainError(_("Deze import loopt nog; wacht tot hij klaar of mislukt is."))
    forget_file(job)
    if job.status != ImportStatus.DONE:
        job.status = ImportStatus.DISCARDED
    record(user, "import.discarded", job)


def get_job(job_id: int) -> ImportJob:
    job = db.session.get(ImportJob, job_id)
    if job is None:
        raise NotFound(_("Deze import bestaat niet."))
    return job


def report_rows(job: ImportJob, outcome: str | None = None, limit_rows: int = 1000):
    query = select(ImportRow).where(ImportRow.job_id == job.id)
    if outcome:
        query = query.where(ImportRow.outcome == outcome)
    return db.session.scalars(query.order_by(ImportRow.row_number).limit(limit_rows)).all()


def jobs_of(user: User, limit_jobs: int = 50) -> list[ImportJob]:
    query = select(ImportJob).order_by(ImportJob.id.desc()).limit(limit_jobs)
    if not user.is_admin:
        query = query.where(ImportJob.created_by_id == user.id)
    return list(db.session.scalars(query))


def sources_of(blockage_ids: list[int]) -> dict[int, ImportJob]:
    """Knelpunt id → the import that brought it in, for the knelpunten that came that way."""
    if not blockage_ids:
        return {}
    rows = db.session.execute(
        select(ImportRow.blockage_id, ImportJob)
        .join(ImportJob, ImportJob.id == ImportRow.job_id)
        .where(ImportRow.blockage_id.in_(blockage_ids))
    ).all()
    return dict(rows)


def import_sources_of(pattern_ids: list[int]) -> dict[int, list[tuple[str, int]]]:
    """Pattern id → the imports that brought its knelpunten in (name, how many), in one query:
    what the triage queue shows for a whole page of patterns."""
    if not pattern_ids:
        return {}
    rows = db.session.execute(
        select(PatternMember.pattern_id, ImportJob, func.count(ImportRow.id))
        .join(ImportRow, ImportRow.blockage_id == PatternMember.blockage_id)
        .join(ImportJob, ImportJob.id == ImportRow.job_id)
        .where(PatternMember.pattern_id.in_(pattern_ids))
        .group_by(PatternMember.pattern_id, ImportJob.id)
    ).all()
    counts: dict[int, Counter[str]] = {}
    for pattern_id, job, count in rows:
        counts.setdefault(pattern_id, Counter())[job.name] += count
    return {pattern_id: sorted(names.items()) for pattern_id, names in counts.items()}


STALE_AFTER = timedelta(days=7)


def forget_stale_files(now: datetime | None = None) -> int:
    """Delete the files of imports left unfinished for a week; their reports stay."""
    cutoff = (now or utcnow()) - STALE_AFTER
    jobs = db.session.scalars(
        select(ImportJob).where(
            ImportJob.stored_as.is_not(None),
            ImportJob.created_at < cutoff,
            ImportJob.status.not_in(RUNNING_STATUSES),
        )
    ).all()
    for job in jobs:
        forget_file(job)
        if job.status != ImportStatus.DONE:
            job.status = ImportStatus.DISCARDED
        record(None, "import.file_forgotten", job)
    return len(jobs)
