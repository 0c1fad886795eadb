"""Imports of existing knelpuntenlijsten: the job, and what happened to each row.

Neither table holds a cell's content: a row keeps its outcome, the kinds of personal data that
were masked, Dutch reasons, and a fingerprint (a hash) to find duplicates, never the text.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Index,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from learning.accounts.models import Organisation, User
from learning.blockages.models import Blockage
from learning.extensions import db
from learning.timeutil import utcnow


class ImportStatus(StrEnum):
    UPLOADED = "uploaded"  # file stored, mapping not confirmed yet
    CHECKING = "checking"  # dry run queued or running
    CHECKED = "checked"  # dry run done: the report shows what would happen
    IMPORTING = "importing"  # queued or running; resumes where the last batch ended
    DONE = "done"
    FAILED = "failed"  # a batch failed; retry resumes without doubles
    DISCARDED = "discarded"


RUNNING_STATUSES = (ImportStatus.CHECKING, ImportStatus.IMPORTING)


class ImportSource(StrEnum):
    WEB = "web"
    CLI = "cli"
    API = "api"


class RowOutcome(StrEnum):
    IMPORTED = "imported"
    MASKED = "masked"  # imported after masking personal data
    REFUSED = "refused"
    DUPLICATE = "duplicate"
    EMPTY = "empty"


OUTCOME_LABELS = {
    RowOutcome.IMPORTED: "Geïmporteerd",
    RowOutcome.MASKED: "Geïmporteerd, gemaskeerd",
    RowOutcome.REFUSED: "Geweigerd",
    RowOutcome.DUPLICATE: "Dubbel",
    RowOutcome.EMPTY: "Leeg",
}

STATUS_LABELS = {
    ImportStatus.UPLOADED: "Koppelen",
    ImportStatus.CHECKING: "Proefimport loopt",
    ImportStatus.CHECKED: "Proefimport klaar",
    ImportStatus.IMPORTING: "Import loopt",
    ImportStatus.DONE: "Klaar",
    ImportStatus.FAILED: "Mislukt",
    ImportStatus.DISCARDED: "Verwijderd",
}


class ImportJob(db.Model):
    """One uploaded list on its way in. `mapping` maps a column index (as text) to a field."""

    __tablename__ = "import_jobs"
    __table_args__ = (
        CheckConstraint(
            "status in ('uploaded', 'checking', 'checked', 'importing', 'done', 'failed',"
            " 'discarded')",
            name="status_known",
        ),
        CheckConstraint("source in ('web', 'cli', 'api')", name="source_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    # The file's name as uploaded, masked by the privacy guard (names of families happen).
    filename: Mapped[str] = mapped_column(String(200))
    file_kind: Mapped[str] = mapped_column(String(8))  # "xlsx" or "csv"
    stored_as: Mapped[str | None] = mapped_column(String(80))  # under IMPORT_DIR; None = gone
    source: Mapped[str] = mapped_column(String(8), default=ImportSource.WEB)
    sheet: Mapped[str | None] = mapped_column(String(100))
    header_row: Mapped[int | None] = mapped_column()
    mapping: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    status: Mapped[str] = mapped_column(String(16), default=ImportStatus.UPLOADED, index=True)
    dry_run: Mapped[bool] = mapped_column(default=False)  # the pass running now is a dry run
    total_rows: Mapped[int | None] = mapped_column()
    processed_rows: Mapped[int] = mapped_column(default=0)
    counts: Mapped[dict[str, int]] = mapped_column(JSON, default=dict)
    warnings: Mapped[list[str]] = mapped_column(JSON, default=list)
    error: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}

    created_by: Mapped[User] = relationship(lazy="joined")
    organisation: Mapped[Organisation] = relationship(lazy="joined")

    @property
    def status_label(self) -> str:
        return STATUS_LABELS.get(ImportStatus(self.status), self.status)

    @property
    def is_running(self) -> bool:
        return self.status in RUNNING_STATUSES

    @property
    def percent(self) -> int:
        if not self.total_rows:
            return 100 if self.status == ImportStatus.DONE else 0
        return min(100, round(100 * self.processed_rows / self.total_rows))

    @property
    def name(self) -> str:
        """How the import is named as a source: its (masked) file name and date."""
        return f"{self.filename} ({self.created_at:%d-%m-%Y})"


class ImportRow(db.Model):
    """What a pass did (or, in a dry run, would do) with one row of the file."""

    __tablename__ = "import_rows"
    __table_args__ = (
        UniqueConstraint("job_id", "row_number"),
        UniqueConstraint("blockage_id"),
        CheckConstraint(
            "outcome in ('imported', 'masked', 'refused', 'duplicate', 'empty')",
            name="outcome_known",
        ),
        Index("ix_import_rows_fingerprint", "fingerprint"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    job_id: Mapped[int] = mapped_column(ForeignKey("import_jobs.id", ondelete="CASCADE"))
    row_number: Mapped[int] = mapped_column()  # as the spreadsheet numbers it
    outcome: Mapped[str] = mapped_column(String(16))
    # Dutch reasons and warnings, and the kinds of data masked ("BSN", "NAAM"): never content.
    reasons: Mapped[list[str]] = mapped_column(JSON, default=list)
    masked: Mapped[list[str]] = mapped_column(JSON, default=list)
    duplicate_of_row: Mapped[int | None] = mapped_column()
    duplicate_of_blockage_id: Mapped[int | None] = mapped_column(
        ForeignKey("blockages.id", ondelete="SET NULL")
    )
    blockage_id: Mapped[int | None] = mapped_column(ForeignKey("blockages.id", ondelete="SET NULL"))
    fingerprint: Mapped[str | None] = mapped_column(String(64))

    blockage: Mapped[Blockage | None] = relationship(foreign_keys=[blockage_id])

    @property
    def outcome_label(self) -> str:
        return OUTCOME_LABELS.get(RowOutcome(self.outcome), self.outcome)

    def as_dict(self) -> dict[str, Any]:
        return {
            "row": self.row_number,
            "outcome": self.outcome,
            "reasons": list(self.reasons or []),
            "masked": list(self.masked or []),
            "duplicate_of_row": self.duplicate_of_row,
            "duplicate_of_knelpunt": self.duplicate_of_blockage_id,
            "knelpunt": self.blockage_id,
        }
