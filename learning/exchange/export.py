"""Exports as files: one streaming writer for CSV, JSON lines and XLSX, and the knelpunten export
that the CLI, the API and the web share.

`write(format, columns, records)` is the shared writer: any table of records (knelpunten here,
dashboard tables elsewhere) goes out through it, so every export protects spreadsheet users the
same way (a text starting with "=" never becomes a formula) and never holds the whole file in
memory except XLSX, which is built in a spooled temporary file.
"""

from __future__ import annotations

import csv
import io
import json
import tempfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from flask_babel import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from sqlalchemy import select

from learning.accounts.models import Organisation
from learning.blockages.models import Area, Blockage, BlockageDomain
from learning.errors import DomainError
from learning.extensions import db
from learning.patterns.models import PatternMember

FORMATS = {
    "jsonl": ("application/x-ndjson; charset=utf-8", "jsonl"),
    "csv": ("text/csv; charset=utf-8", "csv"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
}
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
CHUNK_ROWS = 500
UTF8_BOM = "\ufeff"


@dataclass(frozen=True)
class Column:
    key: str
    label: str  # the CSV/XLSX header; JSON lines use the key


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    return value


def _safe_text(value: Any) -> Any:
    """A text a spreadsheet would run as a formula gets a leading apostrophe (CSV only)."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def csv_chunks(columns: Sequence[Column], records: Iterable[Mapping[str, Any]]) -> Iterator[bytes]:
    """UTF-8 with a byte-order mark (Excel then reads accents right), comma-separated."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    buffer.write(UTF8_BOM)
    writer.writerow([c.label for c in columns])
    for number, record in enumerate(records, start=1):
        writer.writerow([_safe_text(_plain(record.get(c.key))) for c in columns])
        if number % CHUNK_ROWS == 0:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode("utf-8")


def jsonl_chunks(
    columns: Sequence[Column], records: Iterable[Mapping[str, Any]]
) -> Iterator[bytes]:
    lines: list[str] = []
    for record in records:
        row = {c.key: record.get(c.key) for c in columns}
        lines.append(json.dumps(row, ensure_ascii=False, default=str))
        if len(lines) >= CHUNK_ROWS:
            yield ("\n".join(lines) + "\n").encode("utf-8")
            lines = []
    if lines:
        yield ("\n".join(lines) + "\n").encode("utf-8")


def xlsx_chunks(
    columns: Sequence[Column], records: Iterable[Mapping[str, Any]], sheet: str = "Export"
) -> Iterator[bytes]:
    """A write-only workbook in a spooled file; texts are stored as text, never as formulas."""
    book = Workbook(write_only=True)
    ws = book.create_sheet(title=sheet[:31])
    ws.append([c.label for c in columns])
    for record in records:
        cells = []
        for column in columns:
            cell = WriteOnlyCell(ws, value=_plain(record.get(column.key)))
            if isinstance(cell.value, str):
                cell.data_type = "s"
            cells.append(cell)
        ws.append(cells)
    with tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024) as spool:
        book.save(spool)
        spool.seek(0)
        while chunk := spool.read(256 * 1024):
            yield chunk


def write(
    fmt: str, columns: Sequence[Column], records: Iterable[Mapping[str, Any]], sheet: str = "Export"
) -> Iterator[bytes]:
    """The chunks of an export in `fmt` ("jsonl", "csv" or "xlsx")."""
    if fmt == "jsonl":
        return jsonl_chunks(columns, records)
    if fmt == "csv":
        return csv_chunks(columns, records)
    if fmt == "xlsx":
        return xlsx_chunks(columns, records, sheet)
    raise DomainError(_("Kies als formaat jsonl, csv of xlsx."))


def mimetype(fmt: str) -> str:
    return FORMATS[fmt][0]


# --- knelpunten ----------------------------------------------------------------------------

BLOCKAGE_COLUMNS = (
    Column("id", "id"),
    Column("title", "titel"),
    Column("text", "omschrijving"),
    Column("domain", "domein"),
    Column("domains", "domeinen"),
    Column("organisation", "organisatie"),
    Column("area", "wijk"),
    Column("handling", "aanpak"),
    Column("created", "datum"),
    Column("pattern", "patroon"),
)


def blockage_records(batch: int = CHUNK_ROWS) -> Iterator[dict[str, Any]]:
    """Every knelpunt that is not withdrawn, oldest first, read in batches (keyset on id)."""
    last_id = 0
    while True:
        rows = db.session.execute(
            select(
                Blockage.id,
                Blockage.title,
                Blockage.description,
                Blockage.reported_on,
                Blockage.handling,
                Organisation.name,
                Area.name,
                PatternMember.pattern_id,
            )
            .join(Organisation, Organisation.id == Blockage.organisation_id)
            .outerjoin(Area, Area.id == Blockage.area_id)
            .outerjoin(PatternMember, PatternMember.blockage_id == Blockage.id)
            .where(Blockage.withdrawn_at.is_(None), Blockage.id > last_id)
            .order_by(Blockage.id)
            .limit(batch)
        ).all()
        if not rows:
            return
        domains = _domains_of([row[0] for row in rows])
        for blockage_id, title, text, day, handling, organisation, area, pattern_id in rows:
            codes = domains.get(blockage_id, [])
            yield {
                "id": blockage_id,
                "title": title,
                "text": text,
                "domain": codes[0] if codes else None,
                "domains": codes,
                "organisation": organisation,
                "area": area,
                "handling": handling,
                "created": day.isoformat(),
                "pattern": pattern_id,
            }
        last_id = rows[-1][0]


def _domains_of(ids: list[int]) -> dict[int, list[str]]:
    result: dict[int, list[str]] = {}
    for blockage_id, domain in db.session.execute(
        select(BlockageDomain.blockage_id, BlockageDomain.domain)
        .where(BlockageDomain.blockage_id.in_(ids))
        .order_by(BlockageDomain.blockage_id, BlockageDomain.domain)
    ):
        result.setdefault(blockage_id, []).append(domain)
    return result


def export_blockages(fmt: str) -> Iterator[bytes]:
    """The knelpunten export, as the CLI, the API and the web serve it."""
    return write(fmt, BLOCKAGE_COLUMNS, blockage_records(), sheet="Knelpunten")
