"""Birth dates: a date said to be one, or too long ago to be about the case itself."""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable
from datetime import date

from learning.privacy.finding import Finding

_MONTHS = {
    "januari": 1, "jan": 1, "februari": 2, "feb": 2, "maart": 3, "mrt": 3, "mar": 3,
    "april": 4, "apr": 4, "mei": 5, "juni": 6, "jun": 6, "juli": 7, "jul": 7,
    "augustus": 8, "aug": 8, "september": 9, "sept": 9, "sep": 9, "oktober": 10, "okt": 10,
    "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}  # fmt: skip
_MONTH_NAMES = "|".join(sorted(_MONTHS, key=len, reverse=True))
_DATE = re.compile(
    r"(?<![\w/.-])(?:"
    r"(?P<d1>0?[1-9]|[12]\d|3[01])(?P<s1>[-/.])(?P<m1>0?[1-9]|1[0-2])(?P=s1)"
    r"(?P<y1>(?:19|20)\d\d|'?\d\d)"
    rf"|(?P<d2>0?[1-9]|[12]\d|3[01])[ \t]*(?P<m2>{_MONTH_NAMES})\.?[ \t]*"
    r"(?P<y2>(?:19|20)\d\d|'\d\d)"
    r"|(?P<y3>(?:19|20)\d\d)-(?P<m3>0?[1-9]|1[0-2])-(?P<d3>0?[1-9]|[12]\d|3[01])"
    r")(?![\w/-]|\.\d)",
    re.IGNORECASE,
)
_BIRTH_CONTEXT = re.compile(
    r"(?:geboren|geb\.?|geboortedatum|geboorte-?\s?datum|geb\.?\s?datum|geboortedag"
    r"|d\.?o\.?b\.?|date\s+of\s+birth|born)\s*(?:op|in|:|d\.d\.)?\s*[:(]?\s*$",
    re.IGNORECASE,
)
# A year of birth alone: "moeder (geb. 1968)", "geboortejaar: 2007".
_BIRTH_YEAR = re.compile(
    r"\b(?:geboren|geb\.?|geboortejaar)\s*(?:in|:)?\s*((?:19|20)\d\d)(?![\d/.-]\d)",
    re.IGNORECASE,
)
# A date right after "per", "sinds", ... or in a clause about a law or decision is when a
# rule changed, not when a resident was born ("sinds de invoering op 1 januari 2015").
_POLICY_CONTEXT = re.compile(
    r"(?:\b(?:per|sinds|vanaf|m\.?i\.?v\.?|met\s+ingang\s+van|ingangsdatum|tot|t/m"
    r"|tot\s+en\s+met|na|voor|d\.d\.|dd|gedateerd)\s*:?\s*"
    r"|\b(?:invoering|ingevoerd|decentralisatie|wet|wetswijziging|regeling|besluit|beschikking"
    r"|verordening|beleid|werking|gewijzigd|veranderd|aangepast|brief|uitspraak|vonnis)\b"
    r"[^.;!?\n]*)$",
    re.IGNORECASE,
)
_BIRTHDATE_MIN_AGE_YEARS = 12
# Laws and schemes take effect on 1 January or 1 July; without a birth cue such a date is
# about the system ("de Wmo van 1 januari 2007").
_LAW_START_DAYS = frozenset({(1, 1), (1, 7)})


# Between two birth dates of a list: ", kind ", " en zoon ", "; dochter: ".
_LISTED_AFTER = re.compile(r"[ \t]*[,;/&]?[ \t]*(?:en[ \t]+)?(?:[^\W\d_]+[ \t]*:?[ \t]*){0,2}")


def birthdates(text: str, spans: Iterable[tuple[int, int]], today: date) -> list[Finding]:
    """Dates that are birth dates: said so, or too long ago to be about the case itself.

    `spans` are the dates deduce found; this module's own pattern adds notations it misses.
    A date listed right after a birth date is one too: "geboortedatum moeder 7 november
    1990, kind 2 maart 2019".
    """
    dates = sorted(set(spans) | {m.span() for m in _DATE.finditer(text)})
    found: list[Finding] = [
        Finding("birthdate", m.start(1), m.end(1), m.group(1)) for m in _BIRTH_YEAR.finditer(text)
    ]
    for start, end in dates:
        value = text[start:end]
        parsed = parse_date(value, today)
        if parsed is None:
            continue
        before = text[max(0, start - 40) : start]
        if (
            _BIRTH_CONTEXT.search(before)
            or (found and _LISTED_AFTER.fullmatch(text, found[-1].end, start))
            or (
                today.year - parsed.year > _BIRTHDATE_MIN_AGE_YEARS
                and not _POLICY_CONTEXT.search(before)
                and (parsed.day, parsed.month) not in _LAW_START_DAYS
            )
        ):
            found.append(Finding("birthdate", start, end, value))
    return found


def parse_date(value: str, today: date) -> date | None:
    """Parse a Dutch full date (d-m-y, d maand y, y-m-d; two-digit years allowed).

    "1.2.10" with dots and a two-digit year is a paragraph or version number, not a date.
    """
    match = _DATE.fullmatch(value.strip())
    if match is None:
        return None
    groups = match.groupdict()
    suffix = next(s for s in "123" if groups[f"d{s}"])
    day, month_text, year_text = (groups[f"{k}{suffix}"] for k in "dmy")
    month = int(month_text) if month_text.isdigit() else _MONTHS[month_text.lower()]
    year_text = year_text.lstrip("'")
    year = int(year_text)
    if len(year_text) == 2:
        if groups["s1"] == ".":
            return None
        year += 2000 if year <= today.year % 100 else 1900
    if int(day) > calendar.monthrange(year, month)[1]:
        return None
    return date(year, month, int(day))
