"""What to do with one row of a list: empty, refused, duplicate, or a knelpunt (masked or not).

`plan_row` decides without writing anything, so a dry run and the import take the same
decision. The privacy guard runs on every text cell; what a reason or warning quotes from a
cell is masked first, so no resident data reaches the report or the logs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from flask_babel import gettext as _

from learning.accounts.models import Organisation, User
from learning.blockages.models import DESCRIPTION_MAX, TITLE_MAX, Area, Handling
from learning.blockages.services import BlockageInput
from learning.exchange.mapping import FIELDS
from learning.exchange.models import RowOutcome
from learning.exchange.sources import is_formula
from learning.exchange.values import (
    cell_text,
    fingerprint,
    is_excel_error,
    normalise,
    parse_date,
    parse_domains,
    parse_handling,
)
from learning.privacy import mask_text, scan

MIN_DESCRIPTION = 10
REMARKS_SEPARATOR = "\n\nOpmerkingen: "
QUOTE_MAX = 40
TEXT_FIELDS = ("title", "description", "remarks")
_TAG = re.compile(r"\[(?:BSN|IBAN|TELEFOON|EMAIL|NAAM|ADRES|GEBOORTEDATUM)\]")
_WORD = re.compile(r"[^\W\d_]{2,}")


@dataclass
class RowContext:
    """What every row of one import is checked against."""

    today: date
    reporter: User
    organisation: Organisation
    mapped: frozenset[str]
    organisations: dict[str, Organisation] = field(default_factory=dict)
    areas: dict[str, Area] = field(default_factory=dict)
    seen: dict[str, int] = field(default_factory=dict)  # fingerprint → row number
    existing: dict[str, int] = field(default_factory=dict)  # fingerprint → knelpunt id


@dataclass
class RowPlan:
    row_number: int
    outcome: RowOutcome
    reasons: list[str] = field(default_factory=list)
    masked: list[str] = field(default_factory=list)
    duplicate_of_row: int | None = None
    duplicate_of_blockage_id: int | None = None
    fingerprint: str | None = None
    data: BlockageInput | None = None


def text_fingerprints(description: str) -> set[str]:
    """Fingerprints a stored knelpunt is known by: its whole text and its text without the
    remarks an import appended, so a list with other remarks still finds it."""
    return {fingerprint(description), fingerprint(description.split(REMARKS_SEPARATOR)[0])}


def quote(text: str) -> str:
    """A cell value as a reason may show it: masked by the privacy guard and kept short."""
    masked = mask_text(text.strip())
    return masked if len(masked) <= QUOTE_MAX else masked[: QUOTE_MAX - 1] + "…"


def usable(text: str) -> bool:
    """Enough words left besides the masks to tell what blocked help."""
    words = _WORD.findall(_TAG.sub(" ", text))
    return len(words) >= 3 and sum(len(w) for w in words) >= MIN_DESCRIPTION


def derive_title(description: str) -> str:
    first = re.split(r"(?<=[.!?])\s|\n", description.strip(), maxsplit=1)[0].strip()
    return shorten(first.rstrip(".") or description)


def shorten(text: str, limit: int = TITLE_MAX) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0] or text[: limit - 1]
    return cut + "…"


class _Row:
    """Collects the reasons and masked kinds while one row is read."""

    def __init__(self, number: int, cells: dict[str, object]) -> None:
        self.number = number
        self.cells = cells
        self.reasons: list[str] = []
        self.masked: list[str] = []

    def text(self, name: str) -> str:
        value = self.cells.get(name)
        if is_excel_error(value):
            self.reasons.append(
                _(
                    "Excel-fout %(code)s in %(field)s: als leeg gelezen.",
                    code=str(value).strip(),
                    field=_field_label(name),
                )
            )
            return ""
        if is_formula(value):
            self.reasons.append(
                _("Formule in %(field)s: als leeg gelezen.", field=_field_label(name))
            )
            return ""
        return cell_text(value)

    def guarded(self, name: str) -> str:
        """The cell's text with personal data masked; the kinds masked are remembered."""
        text = self.text(name)
        findings = scan(text) if text else []
        if not findings:
            return text
        for finding in findings:
            if finding.label not in self.masked:
                self.masked.append(finding.label)
        return mask_text(text)


def _field_label(name: str) -> str:
    return str(FIELDS.get(name, name)).lower()


def plan_row(number: int, cells: dict[str, object], row_is_empty: bool, ctx: RowContext) -> RowPlan:
    """The outcome of one row; `cells` holds the mapped fields' raw values."""
    if row_is_empty:
        return RowPlan(number, RowOutcome.EMPTY, [_("Lege rij.")])
    row = _Row(number, cells)
    description = row.guarded("description")
    if not description:
        return RowPlan(number, RowOutcome.EMPTY, [*row.reasons, _("Geen omschrijving.")])
    if not usable(description):
        reason = (
            _(
                "Na het maskeren van persoonsgegevens (%(kinds)s) blijft geen bruikbare "
                "omschrijving over.",
                kinds=", ".join(row.masked) or "-",
            )
            if row.masked
            else _("De omschrijving is te kort om als knelpunt te lezen.")
        )
        return RowPlan(number, RowOutcome.REFUSED, [reason], masked=row.masked)
    key = fingerprint(description)  # the knelpunt's own text; remarks may differ
    remarks = row.guarded("remarks")
    if remarks:
        description = f"{description}{REMARKS_SEPARATOR}{remarks}"
    if len(description) > DESCRIPTION_MAX:
        return RowPlan(
            number,
            RowOutcome.REFUSED,
            [
                _(
                    "De omschrijving is te lang (%(n)s tekens, maximaal %(max)s). Kort haar in.",
                    n=len(description),
                    max=DESCRIPTION_MAX,
                )
            ],
            masked=row.masked,
        )
    title = _title(row, description)
    if key in ctx.seen:
        return RowPlan(
            number,
            RowOutcome.DUPLICATE,
            [_("Dubbel: dezelfde tekst als rij %(row)s.", row=ctx.seen[key])],
            duplicate_of_row=ctx.seen[key],
            fingerprint=key,
        )
    if key in ctx.existing:
        return RowPlan(
            number,
            RowOutcome.DUPLICATE,
            [_("Dubbel: staat al in Leernetwerk als knelpunt %(id)s.", id=ctx.existing[key])],
            duplicate_of_blockage_id=ctx.existing[key],
            fingerprint=key,
        )
    ctx.seen[key] = number
    reporting, involved = _organisations(row, ctx)
    data = BlockageInput(
        title=title,
        description=description,
        domains=_domains(row, ctx),
        handling=_handling(row),
        organisation_id=reporting.id,
        involved_organisation_ids=[o.id for o in involved],
        area_id=_area(row, ctx),
        reported_on=_date(row, ctx),
    )
    outcome = RowOutcome.MASKED if row.masked else RowOutcome.IMPORTED
    if row.masked:
        row.reasons.insert(0, _("Gemaskeerd: %(kinds)s.", kinds=", ".join(row.masked)))
    return RowPlan(number, outcome, row.reasons, row.masked, fingerprint=key, data=data)


def _title(row: _Row, description: str) -> str:
    title = row.guarded("title")
    if title and _WORD.search(_TAG.sub(" ", title)):
        if len(" ".join(title.split())) > TITLE_MAX:
            row.reasons.append(_("Titel ingekort tot %(n)s tekens.", n=TITLE_MAX))
        return shorten(title)
    if title:
        row.reasons.append(_("De titel bestond uit persoonsgegevens: titel uit de omschrijving."))
    return derive_title(description)


def _date(row: _Row, ctx: RowContext) -> date:
    if "date" not in ctx.mapped:
        return ctx.today
    value = row.cells.get("date")
    if value is None or (cell_text(value) == "" and not is_excel_error(value)):
        return ctx.today
    day = parse_date(value, ctx.today)
    if day is None:
        row.reasons.append(
            _(
                "Datum '%(value)s' niet te lezen: importdatum gebruikt.",
                value=quote(cell_text(value)),
            )
            if not is_excel_error(value)
            else _("Excel-fout %(code)s als datum: importdatum gebruikt.", code=str(value).strip())
        )
        return ctx.today
    return day


def _domains(row: _Row, ctx: RowContext) -> list[str]:
    text = row.text("domain") if "domain" in ctx.mapped else ""
    domains, unknown = parse_domains(text)
    for part in unknown:
        row.reasons.append(_("Onbekend domein '%(value)s': overig.", value=quote(part)))
    if unknown and "overig" not in domains:
        domains.append("overig")
    return domains or ["overig"]


def _handling(row: _Row) -> str:
    text = row.text("handling")
    if not text:
        return Handling.NOT_SOLVED
    handling = parse_handling(text)
    if handling is None:
        row.reasons.append(_("Aanpak '%(value)s' onbekend: niet opgelost.", value=quote(text)))
        return Handling.NOT_SOLVED
    return handling


def _find(lookup: dict[str, object], name: str):
    key = normalise(name)
    if key in lookup:
        return lookup[key]
    matches = [value for known, value in lookup.items() if key and (key in known or known in key)]
    return matches[0] if len(matches) == 1 else None


def _organisations(row: _Row, ctx: RowContext) -> tuple[Organisation, list[Organisation]]:
    """The row's organisation reports the knelpunt when the importer may report for it;
    otherwise the import's organisation reports it and the row's is involved."""
    name = row.text("organisation")
    if not name:
        return ctx.organisation, []
    found = _find(ctx.organisations, name)
    if found is None:
        row.reasons.append(
            _(
                "Organisatie '%(value)s' onbekend: gemeld namens %(org)s.",
                value=quote(name),
                org=ctx.organisation.name,
            )
        )
        return ctx.organisation, []
    if ctx.reporter.is_admin or found.id in ctx.reporter.organisation_ids:
        return found, []
    return ctx.organisation, [found]


def _area(row: _Row, ctx: RowContext) -> int | None:
    name = row.text("area")
    if not name:
        return None
    found = _find(ctx.areas, name)
    if found is None:
        row.reasons.append(_("Wijk '%(value)s' onbekend: niet gekoppeld.", value=quote(name)))
        return None
    return found.id
