"""Uploaded lists as rows of cells: .xlsx (openpyxl, read-only) and .csv (any of , ; tab,
UTF-8, UTF-16 or Windows-1252), checked before anything is read.

A file is refused with a Dutch reason when it is not what it claims (a zip or an old .xls with
an .xlsx name), too large, or a zip bomb. Cells come out as Python values; merged cells are
filled down their first column, so a title merged over two rows belongs to both.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree

from flask import current_app
from flask_babel import gettext as _
from openpyxl import load_workbook
from openpyxl.utils.cell import range_boundaries

from learning.errors import DomainError

XLSX_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls, and password-protected .xlsx
UTF8_BOM = b"\xef\xbb\xbf"
MAX_COLUMNS = 200
DELIMITERS = (",", ";", "\t")
SHEET_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
DEFAULT_MAX_UNZIPPED_BYTES = 250 * 1024 * 1024
DEFAULT_MAX_ROWS = 100_000


class FileRefused(DomainError):
    """The uploaded file cannot be read as a list; the message says what to do."""

    status_code = 422


def limit(name: str, default: int) -> int:
    return int(current_app.config.get(name, default))


@dataclass(frozen=True)
class SheetInfo:
    name: str
    hidden: bool = False


@dataclass
class Workbook:
    """A readable list: its sheets, and notes about how it was read (encoding)."""

    kind: str
    path: Path
    sheets: list[SheetInfo]
    notes: list[str] = field(default_factory=list)

    def default_sheet(self) -> str:
        visible = [s.name for s in self.sheets if not s.hidden]
        return (visible or [s.name for s in self.sheets])[0]

    def check_sheet(self, name: str | None) -> str:
        if not name:
            return self.default_sheet()
        if name not in {s.name for s in self.sheets}:
            raise FileRefused(
                _("Het tabblad '%(sheet)s' bestaat niet in dit bestand.", sheet=name[:100])
            )
        return name

    def rows(self, sheet: str | None = None) -> Iterator[tuple[int, list[object]]]:
        """(row number as the spreadsheet shows it, cell values), trailing empty rows left out."""
        reader = _xlsx_rows if self.kind == "xlsx" else _csv_rows
        pending: list[tuple[int, list[object]]] = []
        for number, values in reader(self, self.check_sheet(sheet)):
            if any(v not in (None, "") for v in values):
                yield from pending
                pending.clear()
                yield number, values
            else:
                pending.append((number, values))
            if number > limit("IMPORT_MAX_ROWS", DEFAULT_MAX_ROWS):
                raise FileRefused(
                    _(
                        "Het bestand heeft meer dan %(n)s rijen. Splits het in kleinere bestanden.",
                        n=limit("IMPORT_MAX_ROWS", DEFAULT_MAX_ROWS),
                    )
                )


def detect_kind(filename: str, head: bytes) -> str:
    """ "xlsx" or "csv" from the name and the first bytes, which must agree."""
    suffix = Path(filename or "").suffix.lower()
    if suffix == ".xls" or (suffix in {".xlsx", ".xlsm"} and head.startswith(OLE_MAGIC)):
        raise FileRefused(
            _(
                "Dit is een oud Excel-bestand (.xls) of een bestand met een wachtwoord. Open het "
                "in Excel, kies Opslaan als → Excel-werkmap (.xlsx) en upload dat bestand."
            )
        )
    if suffix in {".xlsx", ".xlsm"}:
        if not head.startswith(XLSX_MAGIC):
            raise FileRefused(
                _(
                    "Dit bestand heet .xlsx maar is geen Excel-werkmap. Open het in Excel en sla "
                    "het op als Excel-werkmap (.xlsx), of als CSV."
                )
            )
        return "xlsx"
    if suffix in {".csv", ".txt", ".tsv"}:
        if head.startswith((XLSX_MAGIC, OLE_MAGIC)):
            raise FileRefused(
                _("Dit bestand heet .csv maar is een Excel- of zipbestand. Upload het als .xlsx.")
            )
        return "csv"
    raise FileRefused(_("Upload een Excel-werkmap (.xlsx) of een CSV-bestand (.csv)."))


def open_workbook(path: Path, kind: str) -> Workbook:
    """Check and open a stored upload; every failure is a FileRefused with a Dutch reason."""
    size = path.stat().st_size
    if size > limit("IMPORT_MAX_BYTES", DEFAULT_MAX_BYTES):
        raise FileRefused(_too_large())
    if size == 0:
        raise FileRefused(_("Het bestand is leeg."))
    if kind == "xlsx":
        return Workbook("xlsx", path, _xlsx_sheets(path))
    text, notes = _decode(path.read_bytes())
    workbook = Workbook("csv", path, [SheetInfo("CSV")], notes)
    workbook._text = text  # type: ignore[attr-defined]
    return workbook


def _too_large() -> str:
    megabytes = limit("IMPORT_MAX_BYTES", DEFAULT_MAX_BYTES) // (1024 * 1024)
    return _(
        "Het bestand is te groot (maximaal %(mb)s MB). Splits het of laat lege kolommen en "
        "opmaak weg.",
        mb=megabytes,
    )


# --- xlsx ----------------------------------------------------------------------------------


def _xlsx_sheets(path: Path) -> list[SheetInfo]:
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
            names = {info.filename for info in infos}
            unzipped = sum(info.file_size for info in infos)
    except zipfile.BadZipFile as exc:
        raise FileRefused(
            _("Dit bestand is beschadigd of geen Excel-werkmap. Sla het opnieuw op als .xlsx.")
        ) from exc
    if "xl/workbook.xml" not in names:
        raise FileRefused(
            _("Dit is een zipbestand, geen Excel-werkmap. Upload de .xlsx zelf, niet ingepakt.")
        )
    if (
        unzipped > limit("IMPORT_MAX_UNZIPPED_BYTES", DEFAULT_MAX_UNZIPPED_BYTES)
        or len(infos) > 5000
    ):
        raise FileRefused(_too_large())
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken file
        raise FileRefused(
            _("Deze Excel-werkmap kan niet worden gelezen. Sla hem opnieuw op als .xlsx.")
        ) from exc
    try:
        sheets = [
            SheetInfo(ws.title, getattr(ws, "sheet_state", "visible") != "visible")
            for ws in book.worksheets
        ]
    finally:
        book.close()
    if not sheets:
        raise FileRefused(_("Deze Excel-werkmap heeft geen tabbladen met gegevens."))
    return sheets


def _merged_ranges(book, ws) -> list[tuple[int, int, int, int]]:
    """(min_col, min_row, max_col, max_row) of each merged range; read-only sheets do not
    expose them, so they are read from the sheet's XML."""
    path = getattr(ws, "_worksheet_path", None)
    if path is None:
        return []
    ranges = []
    with book._archive.open(path) as source:
        for _event, element in ElementTree.iterparse(source):
            if element.tag == f"{SHEET_NS}mergeCell":
                try:
                    ranges.append(range_boundaries(element.get("ref", "")))
                except (TypeError, ValueError):
                    continue
            element.clear()
    return ranges


def _xlsx_rows(workbook: Workbook, sheet: str) -> Iterator[tuple[int, list[object]]]:
    book = load_workbook(workbook.path, read_only=True, data_only=True)
    try:
        ws = book[sheet]
        fill: dict[tuple[int, int], object] = {}
        ranges = _merged_ranges(book, ws)
        tops = {(r[1], r[0]): r for r in ranges}
        max_col = min(ws.max_column or MAX_COLUMNS, MAX_COLUMNS)
        for number, row in enumerate(ws.iter_rows(max_col=max_col, values_only=True), start=1):
            values = list(row)
            for column, value in enumerate(values, start=1):
                merged = tops.get((number, column))
                if merged and value not in (None, ""):
                    for below in range(number + 1, merged[3] + 1):
                        fill[(below, column)] = value
            for (row_number, column), value in list(fill.items()):
                if row_number == number:
                    while len(values) < column:
                        values.append(None)
                    if values[column - 1] in (None, ""):
                        values[column - 1] = value
                    del fill[(row_number, column)]
            yield number, values
    finally:
        book.close()


# --- csv -----------------------------------------------------------------------------------


def _decode(data: bytes) -> tuple[str, list[str]]:
    """UTF-8 (with or without BOM), UTF-16 with BOM, else line by line UTF-8 or Windows-1252:
    lists glued together from several sources mix encodings."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), []
        except UnicodeDecodeError as exc:
            raise FileRefused(_("Dit CSV-bestand is beschadigd (UTF-16).")) from exc
    if data.startswith(UTF8_BOM):
        data = data[len(UTF8_BOM) :]
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError:
        pass
    lines = []
    legacy = 0
    for line in data.split(b"\n"):
        try:
            lines.append(line.decode("utf-8"))
        except UnicodeDecodeError:
            lines.append(line.decode("cp1252", errors="replace"))
            legacy += 1
    note = _(
        "%(n)s regels waren niet in UTF-8 en zijn als Windows-1252 gelezen. Controleer "
        "letters met accenten.",
        n=legacy,
    )
    return "\n".join(lines), [note]


def _delimiter(text: str) -> str:
    """The delimiter that splits the first lines into the most equal, widest rows."""
    sample = "\n".join(line for line in text.splitlines()[:50] if line.strip())
    best = (0, 0, ",")
    for delimiter in DELIMITERS:
        try:
            lengths = [len(r) for r in csv.reader(io.StringIO(sample), delimiter=delimiter)]
        except csv.Error:
            continue
        counts = Counter(n for n in lengths if n > 1)
        if not counts:
            continue
        width, rows = counts.most_common(1)[0]
        best = max(best, (rows, width, delimiter))
    return best[2]


_FORMULA = re.compile(r"^=\s*[A-Za-z_.]+\s*\(")


def _csv_rows(workbook: Workbook, _sheet: str) -> Iterator[tuple[int, list[object]]]:
    text = workbook._text  # type: ignore[attr-defined]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    csv.field_size_limit(1024 * 1024)
    try:
        for number, row in enumerate(reader, start=1):
            yield number, [v.replace("\x00", "") for v in row[:MAX_COLUMNS]]
    except csv.Error as exc:
        raise FileRefused(
            _("Dit CSV-bestand is beschadigd rond rij %(n)s (%(e)s).", n=reader.line_num, e=exc)
        ) from exc


def is_formula(value: object) -> bool:
    """A formula typed as text (CSV): never imported as a knelpunt's text."""
    return isinstance(value, str) and bool(_FORMULA.match(value))
