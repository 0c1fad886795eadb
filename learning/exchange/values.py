"""Reading the values people type in knelpuntenlijsten: dates, laws, handling, Excel errors.

Every function here is pure (no database), so the rules can be tested one notation at a time.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from datetime import date, datetime, timedelta

from learning.blockages.models import Handling

# Excel error values, as stored (English) and as Dutch Excel shows and exports them.
EXCEL_ERRORS = frozenset(
    {
        "#N/A",
        "#N/B",
        "#NULL!",
        "#LEEG!",
        "#DIV/0!",
        "#DEEL/0!",
        "#VALUE!",
        "#WAARDE!",
        "#REF!",
        "#VERW!",
        "#NAME?",
        "#NAAM?",
        "#NUM!",
        "#GETAL!",
        "#SPILL!",
        "#OVERLOOP!",
        "#CALC!",
        "#BEREKENEN!",
        "#GETTING_DATA",
    }
)

EXCEL_EPOCH = date(1899, 12, 30)  # serial 1 = 1900-01-01 with Excel's leap-year bug
EARLIEST_DATE = date(1990, 1, 1)

MONTHS = {
    "januari": 1,
    "jan": 1,
    "februari": 2,
    "feb": 2,
    "maart": 3,
    "mrt": 3,
    "mar": 3,
    "maa": 3,
    "april": 4,
    "apr": 4,
    "mei": 5,
    "juni": 6,
    "jun": 6,
    "juli": 7,
    "jul": 7,
    "augustus": 8,
    "aug": 8,
    "september": 9,
    "sep": 9,
    "sept": 9,
    "oktober": 10,
    "okt": 10,
    "oct": 10,
    "november": 11,
    "nov": 11,
    "december": 12,
    "dec": 12,
}

# What people write in a "Wet" or "Domein" column, normalised (see `normalise`).
DOMAIN_WORDS: dict[str, str] = {
    "participatiewet": "participatiewet",
    "pw": "participatiewet",
    "p wet": "participatiewet",
    "pwet": "participatiewet",
    "bijstand": "participatiewet",
    "wwb": "participatiewet",
    "wmo": "wmo",
    "wmo 2015": "wmo",
    "wet maatschappelijke ondersteuning": "wmo",
    "jeugdwet": "jeugdwet",
    "jeugd": "jeugdwet",
    "jeugdzorg": "jeugdwet",
    "jw": "jeugdwet",
    "zvw": "zvw",
    "zorgverzekeringswet": "zvw",
    "zorgverzekering": "zvw",
    "wlz": "zvw",
    "schulden": "schulden",
    "schuld": "schulden",
    "schuldhulp": "schulden",
    "schuldhulpverlening": "schulden",
    "wgs": "schulden",
    "wet gemeentelijke schuldhulpverlening": "schulden",
    "wonen": "wonen",
    "huisvesting": "wonen",
    "woning": "wonen",
    "onderwijs": "onderwijs",
    "leerplicht": "onderwijs",
    "passend onderwijs": "onderwijs",
    "werk": "werk",
    "arbeid": "werk",
    "re integratie": "werk",
    "reintegratie": "werk",
    "uwv": "werk",
    "inkomen": "inkomen",
    "toeslagen": "inkomen",
    "armoede": "inkomen",
    "minimabeleid": "inkomen",
    "veiligheid": "veiligheid",
    "overig": "overig",
    "overige": "overig",
    "anders": "overig",
}

HANDLING_WORDS: dict[str, Handling] = {
    "maatwerk": Handling.SOLVED_WITH_WORKAROUND,
    "opgelost": Handling.SOLVED_WITH_WORKAROUND,
    "opgelost met maatwerk": Handling.SOLVED_WITH_WORKAROUND,
    "ja": Handling.SOLVED_WITH_WORKAROUND,
    "omweg": Handling.WORKED_AROUND,
    "omweg gevonden": Handling.WORKED_AROUND,
    "workaround": Handling.WORKED_AROUND,
    "deels": Handling.WORKED_AROUND,
    "deels opgelost": Handling.WORKED_AROUND,
    "niet opgelost": Handling.NOT_SOLVED,
    "niet": Handling.NOT_SOLVED,
    "nee": Handling.NOT_SOLVED,
    "open": Handling.NOT_SOLVED,
    "onopgelost": Handling.NOT_SOLVED,
    "loopt nog": Handling.NOT_SOLVED,
    "niet_opgelost": Handling.NOT_SOLVED,
}

_SEPARATORS = re.compile(r"\s*(?:[/,;+&|]|\ben\b)\s*")


class CellError(str):
    """An Excel error value in a cell (#N/B, #DEEL/0! ...): no data, shown by its code."""

    __slots__ = ()


def normalise(text: str) -> str:
    """Lower case, accents and punctuation removed, whitespace collapsed: how two headers
    or two texts are compared ("Omschrijving van het knelpunt:" == "omschrijving van het
    knelpunt")."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    words = re.sub(r"[\W_]+", " ", plain)
    return " ".join(words.split())


def fingerprint(text: str) -> str:
    """The same text, whitespace, case and punctuation aside, gives the same fingerprint."""
    return hashlib.sha256(normalise(text).encode("utf-8")).hexdigest()


def is_excel_error(value: object) -> bool:
    return isinstance(value, CellError) or (
        isinstance(value, str) and value.strip().upper() in EXCEL_ERRORS
    )


def cell_text(value: object) -> str:
    """A cell as text: numbers without a trailing ".0", dates as ISO, errors and None empty."""
    if value is None or is_excel_error(value):
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else str(value)
    if isinstance(value, date):
        return value.isoformat()
    text = str(value).replace("\x00", "").replace("\r\n", "\n").replace("\r", "\n")
    return text.strip()


def _valid(day: date, today: date) -> date | None:
    return day if EARLIEST_DATE <= day <= today else None


def _from_serial(serial: float) -> date | None:
    if not 1 <= serial < 2_958_466:  # Excel's last day, 9999-12-31
        return None
    return EXCEL_EPOCH + timedelta(days=int(serial))


def _year(text: str) -> int:
    year = int(text)
    if len(text) == 2:
        year += 2000 if year < 70 else 1900
    return year


def _numeric_date(text: str) -> date | None:
    """2025-12-03, 2025/12/03, 3-12-2025, 03.12.25, 3/12/2025 (day first: Dutch)."""
    match = re.fullmatch(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T].*)?", text)
    if match:
        year, month, day = (int(g) for g in match.groups())
        return date(year, month, day)
    match = re.fullmatch(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{2}|\d{4})(?:\s.*)?", text)
    if match:
        day, month = int(match.group(1)), int(match.group(2))
        return date(_year(match.group(3)), month, day)
    return None


def _worded_date(text: str) -> date | None:
    """3 december 2025, 3 dec. 2025, ma 3 dec 2025, december 2025 (the first of the month)."""
    words = normalise(text).split()
    if words and words[0] in {"ma", "di", "wo", "do", "vr", "za", "zo", "maandag", "dinsdag"}:
        words = words[1:]
    if len(words) == 3 and words[0].isdigit() and words[1] in MONTHS and words[2].isdigit():
        return date(_year(words[2]), MONTHS[words[1]], int(words[0]))
    if len(words) == 2 and words[0] in MONTHS and words[1].isdigit() and len(words[1]) == 4:
        return date(int(words[1]), MONTHS[words[0]], 1)
    return None


def parse_date(value: object, today: date) -> date | None:
    """A report date in any notation people use, or None when it is not a plausible date
    (unreadable, before 1990, or in the future)."""
    if value is None or is_excel_error(value):
        return None
    if isinstance(value, datetime):
        return _valid(value.date(), today)
    if isinstance(value, date):
        return _valid(value, today)
    if isinstance(value, int | float) and not isinstance(value, bool):
        day = _from_serial(float(value))
        return _valid(day, today) if day else None
    text = str(value).strip()
    if not text:
        return None
    if re.fullmatch(r"\d{5}(?:[.,]\d+)?", text):  # an Excel serial that became text (CSV)
        day = _from_serial(float(text.replace(",", ".")))
        return _valid(day, today) if day else None
    try:
        day = _numeric_date(text) or _worded_date(text)
    except ValueError:  # 31-02-2025
        return None
    return _valid(day, today) if day else None


def parse_domains(text: str) -> tuple[list[str], list[str]]:
    """(known domain codes, the parts nobody could map) for "Wmo / Jeugdwet", "PW en schulden"."""
    whole = normalise(text)
    if not whole:
        return [], []
    if whole in DOMAIN_WORDS:
        return [DOMAIN_WORDS[whole]], []
    domains: list[str] = []
    unknown: list[str] = []
    for part in _SEPARATORS.split(text):
        key = normalise(part)
        if not key:
            continue
        if key in DOMAIN_WORDS:
            domains.append(DOMAIN_WORDS[key])
        else:
            unknown.append(part.strip())
    return list(dict.fromkeys(domains)), unknown


def parse_handling(text: str) -> Handling | None:
    """ "Ja, maatwerk", "Nee", "omweg gevonden": the whole text, else its telling words."""
    key = normalise(text)
    if key in HANDLING_WORDS:
        return HANDLING_WORDS[key]
    words = key.split()
    if "maatwerk" in words or ("opgelost" in words and "niet" not in words):
        return Handling.SOLVED_WITH_WORKAROUND
    if "omweg" in words or "deels" in words:
        return Handling.WORKED_AROUND
    if words and words[0] in {"nee", "niet", "open"}:
        return Handling.NOT_SOLVED
    return None
