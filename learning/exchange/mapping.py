"""Which column holds what: the fields of an import, and a mapping guessed from the headers
people write ("Omschrijving van het knelpunt", "Datum melding", "Wet/domein")."""

from __future__ import annotations

from collections.abc import Sequence

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from learning.errors import DomainError
from learning.exchange.values import cell_text, normalise

FIELDS: dict[str, object] = {
    "title": _l("Titel"),
    "description": _l("Omschrijving"),
    "date": _l("Datum"),
    "domain": _l("Domein / wet"),
    "organisation": _l("Organisatie"),
    "area": _l("Wijk"),
    "handling": _l("Aanpak"),
    "remarks": _l("Opmerkingen"),
}

# Dutch words for the fields, as accepted by `--map KOLOM=veld` besides the English names.
FIELD_ALIASES = {
    "titel": "title",
    "omschrijving": "description",
    "beschrijving": "description",
    "datum": "date",
    "domein": "domain",
    "wet": "domain",
    "organisatie": "organisation",
    "wijk": "area",
    "aanpak": "handling",
    "afhandeling": "handling",
    "opmerkingen": "remarks",
    "toelichting": "remarks",
}

# Normalised header → {field: score}. Exact phrases score high; single words found inside a
# longer header score lower (see `_score`).
HEADERS: dict[str, dict[str, float]] = {
    "titel": {"title": 3},
    "titel knelpunt": {"title": 3},
    "knelpunt titel": {"title": 3},
    "onderwerp": {"title": 3},
    "kop": {"title": 2},
    "korte omschrijving": {"title": 3},
    "kort": {"title": 2},
    "samenvatting": {"title": 2},
    "naam knelpunt": {"title": 3},
    "omschrijving": {"description": 3},
    "omschrijving van het knelpunt": {"description": 3},
    "omschrijving knelpunt": {"description": 3},
    "beschrijving": {"description": 3},
    "beschrijving knelpunt": {"description": 3},
    "beschrijving van het knelpunt": {"description": 3},
    "knelpunt": {"description": 2.5, "title": 2},
    "knelpunten": {"description": 2.5, "title": 2},
    "probleem": {"description": 2.5},
    "probleemomschrijving": {"description": 3},
    "wat ging er mis": {"description": 3},
    "wat blokkeerde": {"description": 3},
    "situatie": {"description": 2},
    "casus": {"description": 2},
    "signaal": {"description": 2},
    "toelichting": {"remarks": 2.5, "description": 1.5},
    "datum": {"date": 3},
    "datum melding": {"date": 3},
    "meldingsdatum": {"date": 3},
    "melddatum": {"date": 3},
    "gemeld op": {"date": 3},
    "datum gemeld": {"date": 3},
    "datum signalering": {"date": 3},
    "datum binnenkomst": {"date": 3},
    "datum knelpunt": {"date": 3},
    "wet": {"domain": 3},
    "domein": {"domain": 3},
    "wet domein": {"domain": 3},
    "domein wet": {"domain": 3},
    "wet of regeling": {"domain": 3},
    "wet regelgeving": {"domain": 3},
    "wetgeving": {"domain": 3},
    "regeling": {"domain": 2},
    "wettelijk kader": {"domain": 3},
    "leefgebied": {"domain": 2},
    "thema": {"domain": 2},
    "organisatie": {"organisation": 3},
    "organisatie melder": {"organisation": 3},
    "melder organisatie": {"organisation": 3},
    "ingebracht door": {"organisation": 2},
    "instantie": {"organisation": 2.5},
    "partner": {"organisation": 2},
    "wijk": {"area": 3},
    "buurt": {"area": 2.5},
    "gebied": {"area": 2},
    "stadsdeel": {"area": 2.5},
    "wijkteam": {"area": 2},
    "aanpak": {"handling": 3},
    "afhandeling": {"handling": 3},
    "oplossing": {"handling": 2.5},
    "opgelost": {"handling": 3},
    "opgelost ja nee": {"handling": 3},
    "hoe opgepakt": {"handling": 3},
    "status": {"handling": 2},
    "opmerkingen": {"remarks": 3},
    "opmerking": {"remarks": 3},
    "notities": {"remarks": 2.5},
    "notitie": {"remarks": 2.5},
    "bijzonderheden": {"remarks": 2.5},
    "aanvulling": {"remarks": 2},
    "commentaar": {"remarks": 2.5},
}

# Words that point to a field when they appear inside a longer header.
WORDS: dict[str, str] = {
    "titel": "title",
    "onderwerp": "title",
    "omschrijving": "description",
    "beschrijving": "description",
    "datum": "date",
    "wet": "domain",
    "domein": "domain",
    "organisatie": "organisation",
    "wijk": "area",
    "aanpak": "handling",
    "afhandeling": "handling",
    "opmerkingen": "remarks",
    "toelichting": "remarks",
}

HEADER_SCAN_ROWS = 30


def _score(header: str) -> dict[str, float]:
    key = normalise(header)
    if not key:
        return {}
    if key in HEADERS:
        return HEADERS[key]
    scores: dict[str, float] = {}
    for word in key.split():
        if word in WORDS:
            field = WORDS[word]
            scores[field] = max(scores.get(field, 0), 1.5)
    return scores


def guess_mapping(headers: Sequence[object]) -> dict[int, str]:
    """Column index → field, each field and each column at most once, best matches first.
    Without a description column, the remarks column is taken as the description."""
    candidates = [
        (score, -index, index, field)
        for index, header in enumerate(headers)
        for field, score in _score(cell_text(header)).items()
    ]
    mapping: dict[int, str] = {}
    for _score_value, _order, index, field in sorted(candidates, reverse=True):
        if index not in mapping and field not in mapping.values():
            mapping[index] = field
    if "description" not in mapping.values():
        for index, field in mapping.items():
            if field == "remarks":
                mapping[index] = "description"
                break
    return dict(sorted(mapping.items()))


def header_score(row: Sequence[object]) -> float:
    return sum(max(_score(cell_text(value)).values(), default=0) for value in row)


def detect_header_row(rows: Sequence[tuple[int, Sequence[object]]]) -> int | None:
    """The row number of the header among the first rows: the one that reads most like
    knelpunt headers; else the first row with two or more texts."""
    best: tuple[float, int] | None = None
    for number, row in rows[:HEADER_SCAN_ROWS]:
        score = header_score(row)
        if score >= 3 and (best is None or score > best[0]):
            best = (score, number)
    if best:
        return best[1]
    for number, row in rows[:HEADER_SCAN_ROWS]:
        texts = [v for v in row if isinstance(v, str) and v.strip()]
        if len(texts) >= 2:
            return number
    return rows[0][0] if rows else None


def parse_field(name: str) -> str:
    """A field named in English or Dutch ("omschrijving" = "description")."""
    key = normalise(name).replace(" ", "_")
    field = FIELD_ALIASES.get(key, key)
    if field not in FIELDS:
        known = ", ".join(FIELDS)
        raise DomainError(
            _("Onbekend veld '%(name)s'. Kies uit: %(known)s.", name=name[:40], known=known)
        )
    return field


def mapping_from_options(
    headers: Sequence[object], options: Sequence[str], base: dict[int, str]
) -> dict[int, str]:
    """Apply `KOLOM=veld` options on top of a guessed mapping. KOLOM is a header text, a
    column letter (C) or a column number (3); `veld=` alone is not allowed, `KOLOM=-` unmaps."""
    mapping = dict(base)
    texts = [normalise(cell_text(h)) for h in headers]
    for option in options:
        column_text, sep, field_text = option.partition("=")
        if not sep or not column_text.strip():
            raise DomainError(
                _("Gebruik --map KOLOM=veld (niet '%(option)s').", option=option[:60])
            )
        index = _column_index(column_text.strip(), texts)
        mapping.pop(index, None)
        if field_text.strip() in {"-", ""}:
            continue
        field = parse_field(field_text.strip())
        for other, value in list(mapping.items()):
            if value == field:
                del mapping[other]
        mapping[index] = field
    return dict(sorted(mapping.items()))


def _column_index(text: str, headers: list[str]) -> int:
    key = normalise(text)
    if key in headers:
        return headers.index(key)
    if text.isdigit() and 1 <= int(text) <= max(len(headers), 1):
        return int(text) - 1
    if text.isalpha() and text.isascii() and len(text) <= 2:
        index = 0
        for char in text.upper():
            index = index * 26 + ord(char) - 64
        if index <= len(headers):
            return index - 1
    raise DomainError(_("Kolom '%(column)s' bestaat niet in de kopregel.", column=text[:40]))


def column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters
