"""Names, street addresses and birth dates: deduce's annotations, filtered for knelpunten.

Deduce is a de-identifier for Dutch medical records. Its name and place lists are broad,
so its raw output is narrowed here: a place is only personal data as a street address, a
date only as a birth date, and a "name" that is a law, organisation, role word or
capitalised sentence start is dropped.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from learning import timeutil
from learning.privacy.birthdates import birthdates
from learning.privacy.finding import Finding
from learning.privacy.lexicon import get_engine, get_lexicon
from learning.privacy.nameparts import organisation_names, refine_names
from learning.privacy.names import extend_over_particles, find_names
from learning.privacy.organisations import organisation_noun, system_term_pattern
from learning.privacy.structured import find_emails, follows_reference_label
from learning.privacy.validators import is_valid_bsn, is_valid_phone
from learning.privacy.vocabulary import (
    COMMON_WORDS,
    INTERFIXES,
    NAMESAKE_HEADS,
    ORGANISATION_HEADS,
    ORGANISATION_TAILS,
    ROLE_WORDS,
    SURNAME_WORDS,
    TITLE_BEFORE,
    TITLES,
    TOWN_HEADS,
)

# Deduce processors whose output is never used: ages, generic ids, urls, its own overlap
# resolution and redaction (overlaps are resolved in scanner.py, after filtering).
_DISABLED = frozenset({"ages", "identifier", "urls", "post_processing", "patient_name"})

_SYSTEM_TERMS = system_term_pattern()
_TOKEN = re.compile(r"[^\s,;:!?()\[\]\"“”]+")
_INITIALS = re.compile(r"(?:[A-Z]\.)+[A-Z]?\.?")
_UPPER = "A-ZÀ-ÖØ-Þ"
_NAME_INTERFIX = r"(?:van|de|der|den|het|'t|ten|ter|te|la|le|du|da|von|und|zu|die|al|el)"
_NAME_RIGHT = re.compile(
    rf"(?P<sep>-|[ \t]+)(?P<interfix>(?:{_NAME_INTERFIX}[ \t]+)*)(?P<word>[{_UPPER}][\w'’]+)"
)
_NAME_LEFT = re.compile(rf"(?P<word>[{_UPPER}][\w'’]+)(?P<sep>-|[ \t]+)$")
_PREVIOUS_WORD = re.compile(r"([\w'-]+)[ \t]+$")
_PREPOSITION_ARTICLE = re.compile(
    r"\b(?:op|aan|in|naar|bij|over|uit|achter|langs|onder|door|via)\s+(?:de|het|'t)\s+$"
)
_AMBIGUOUS_TAILS = frozenset({"zorg", "wonen", "huis", "school", "groep", "praktijk"})
_NEXT_WORD = re.compile(r"[ \t-]+([\w'-]+)")

_STREET_SUFFIXES = (
    r"straat|str\.|laan|weg|plein|pad|dreef|singel|steeg|kade|gracht|baan|boulevard|markt"
    "|plantsoen|allee|dijk|hof|ring|park|wal|erf"
)
# In lower case only unambiguous suffixes: "vordering 2" is no address, "kerkstraat 12" is.
_LOWER_STREET_SUFFIXES = (
    r"straat|str\.|laan|weg|plein|steeg|kade|gracht|dijk|singel|plantsoen|boulevard"
)
_UNITS = (
    r"%|procent|jaar|jr|euro|eur|maanden|maand|weken|week|dagen|dag|uur|keer"
    r"|kinderen|personen|km|m2|m²"
)
_UNITS_AFTER = rf"(?!\s*(?:{_UNITS})\b)"
# "Eerst 4 weken": a number followed by a unit is an amount, not a house number.
_UNIT_FOLLOWS = re.compile(rf"\s*(?:{_UNITS})\b", re.IGNORECASE)
# "Kerkstraat 12", "kerkstraat 12", "KERKSTRAAT 12", "Van Goghstraat 88", "Kruisstraat 112 bis".
_STREET_ADDRESS = re.compile(
    rf"(?<![\w-])((?:[{_UPPER}][\w'’.-]*[ \t]+(?:(?:van|de|der|den|'t)[ \t]+)*){{0,2}}?"
    rf"(?:[{_UPPER}][\w'’-]+?(?:{_STREET_SUFFIXES})|[a-z][\w'’-]+?(?:{_LOWER_STREET_SUFFIXES})"
    # A list typed in capitals: "KERKSTRAAT 12".
    rf"|[{_UPPER}][{_UPPER}'’-]+?(?:{_LOWER_STREET_SUFFIXES.upper()})))"
    r"[ \t]+\d{1,4}(?:[ \t]?[a-zA-Z](?!\w))?(?:[-/][0-9A-Za-z]{1,4}(?!\w))?"
    r"(?:[ \t]+(?:bis|hs|huis|boven|beneden|rood|zw)\b)?"
    rf"(?![.,]?\d){_UNITS_AFTER}"
)
_POSTCODE = re.compile(r"(?<![\w€.,-])[1-9]\d{3}(?:[ \t]?[A-Z]{2}|[a-z]{2})(?![\w-])")
_POSTCODE_UNITS = frozenset(
    ["km", "kg", "mg", "ml", "cm", "mm", "gb", "mb", "kb", "am", "pm", "cc", "uu"]
)
_CITY_AFTER = re.compile(
    rf"(?:,?[ \t]+|[ \t]*\n[ \t]*)((?:'s-|'t[ \t])?[{_UPPER}][\w'’.-]*"
    rf"(?:[ \t-][{_UPPER}][\w'’-]*)?)"
)
_ADDRESS_SHAPE = re.compile(r"[^\W\d_].*\s\d{1,4}(?:\s?[a-zA-Z])?(?:[-/]\w{1,4})?$")
_CURRENCY_BEFORE = re.compile(r"(?:€|\bEUR|\beuro)\s*$", re.IGNORECASE)


def find_contextual(text: str) -> list[Finding]:
    """Candidate names, addresses and birth dates (may overlap; the scanner resolves)."""
    engine = get_engine()
    annotations = list(engine.deidentify(text, disabled=_DISABLED).annotations) if engine else []
    places = [(a.start_char, a.end_char) for a in annotations if a.tag == "locatie"]
    institutions = [
        (a.start_char, a.end_char) for a in annotations if a.tag in {"ziekenhuis", "zorginstelling"}
    ]
    system_terms = [m.span() for m in _SYSTEM_TERMS.finditer(text)]
    lexicon = get_lexicon()
    if lexicon is not None:
        system_terms += organisation_names(text, lexicon)

    findings: list[Finding] = []
    dates: list[tuple[int, int]] = []
    for ann in annotations:
        start, end, tag = ann.start_char, ann.end_char, ann.tag
        if tag in {"persoon", "patient"}:
            name = _name_finding(text, start, end, places, institutions + system_terms)
            if name is not None:
                findings.append(name)
        elif (
            tag == "locatie"
            and _looks_like_address(ann.text)
            and not _UNIT_FOLLOWS.match(text, end)
        ):
            findings.append(Finding("address", start, end, ann.text))
        elif tag == "datum":
            dates.append((start, end))
        elif tag == "bsn" and is_valid_bsn(ann.text):
            findings.append(Finding("bsn", start, end, ann.text))
        elif (
            tag == "telefoonnummer"
            and is_valid_phone(ann.text)
            and not (ann.text.isdigit() and follows_reference_label(text, start))
        ):
            findings.append(Finding("phone", start, end, ann.text))
        elif tag == "emailadres":
            # deduce lets ':' into the local part, so "mailto:" would be masked along.
            findings.extend(
                Finding("email", start + f.start, start + f.end, f.text)
                for f in find_emails(ann.text)
            )

    findings = _join_names(text, findings, places + institutions + system_terms)
    if lexicon is not None:
        found = findings + find_names(text, lexicon, institutions + system_terms)
        findings = _union_names(text, extend_over_particles(text, found))
    findings.extend(_street_addresses(text))
    findings.extend(_postcodes(text, places))
    findings = _join_address_parts(text, findings)
    if lexicon is not None:
        findings = refine_names(text, findings, lexicon)
    findings.extend(birthdates(text, dates, timeutil.today()))
    return findings


# --- names -----------------------------------------------------------------------------


def _name_finding(
    text: str,
    start: int,
    end: int,
    places: list[tuple[int, int]],
    organisations: list[tuple[int, int]],
) -> Finding | None:
    """Narrow a deduce person span to the name itself, or drop it when it is no name."""
    tokens = [(start + m.start(), start + m.end()) for m in _TOKEN.finditer(text[start:end])]
    tokens = [_strip_sentence_dot(text, s, e) for s, e in tokens]
    had_title = bool(TITLE_BEFORE.search(text, max(0, start - 20), start))
    while tokens and _is_title(text, tokens):
        tokens = tokens[2:] if _word(text, tokens[0]) == "de" else tokens[1:]
        had_title = True
    while tokens and _word(text, tokens[0]) in ROLE_WORDS:
        tokens = tokens[1:]
    # "Jan de Vries van Stichting": deduce runs on into the organisation after the name.
    while len(tokens) > 1 and (
        _word(text, tokens[-1]) in INTERFIXES
        or _word(text, tokens[-1]) in ORGANISATION_HEADS
        or _word(text, tokens[-1]) in ROLE_WORDS
    ):
        tokens = tokens[:-1]
    # "Op het Koning Willem I College": deduce runs from a sentence start into an
    # organisation; the words inside the organisation are no name, nor are the words
    # before it when only particles are left.
    runs_into = [o for o in organisations if sum(_overlaps_any(t, [o]) for t in tokens) > 1]
    tokens = [t for t in tokens if not _overlaps_any(t, runs_into)]
    if tokens and all(_word(text, t) in INTERFIXES for t in tokens):
        return None
    if not had_title:
        while len(tokens) > 1 and text[slice(*tokens[0])] in INTERFIXES:
            tokens = tokens[1:]
    if not tokens or _word(text, tokens[0]) in ORGANISATION_HEADS | NAMESAKE_HEADS:
        return None  # "Stichting Jarige Job", "Prins Hendrikstraat": no person
    if not had_title and organisation_noun(_word(text, tokens[0])):
        return None  # "Voedselbank Maasland", "Buurtteam Noord"
    core_start, core_end = tokens[0][0], tokens[-1][1]
    if core_end - core_start < 2 or (not had_title and _after_preposition(text, core_start)):
        return None  # "dhr. X": a placeholder; "op de Brink": a place
    words = [_word(text, t) for t in tokens]
    if all(w in ROLE_WORDS or w in INTERFIXES for w in words):
        return None
    if _covered(core_start, core_end, organisations) or _org_context(text, core_start, core_end):
        return None
    if not had_title and _is_not_a_person(text, tokens, places):
        return None
    return Finding("name", core_start, core_end, text[core_start:core_end])


def _join_names(
    text: str, findings: list[Finding], not_names: list[tuple[int, int]]
) -> list[Finding]:
    """Grow names to full names and merge adjacent parts ("Jente" + "van Es").

    Deduce often finds only the first name or only the surname of an unfamiliar name;
    masking half a name still leaks the other half.
    """
    names = sorted((f for f in findings if f.kind == "name"), key=lambda f: f.start)
    spans: list[tuple[int, int]] = []
    for finding in names:
        start, end = _extend_name(text, finding.start, finding.end, not_names)
        if spans and start <= spans[-1][1] + 1 and not text[spans[-1][1] : start].strip(" -"):
            spans[-1] = (spans[-1][0], max(end, spans[-1][1]))
        else:
            spans.append((start, end))
    others = [f for f in findings if f.kind != "name"]
    return others + [Finding("name", s, e, text[s:e]) for s, e in spans]


def _union_names(text: str, findings: list[Finding]) -> list[Finding]:
    """One finding per stretch of overlapping name findings from deduce and names.py.

    The scanner keeps only one of two overlapping findings; for two partial readings of
    one name that would leave the rest of it unmasked.
    """
    names = sorted((f for f in findings if f.kind == "name"), key=lambda f: f.start)
    spans: list[list[int]] = []
    for finding in names:
        if spans and finding.start < spans[-1][1]:
            spans[-1][1] = max(spans[-1][1], finding.end)
        else:
            spans.append([finding.start, finding.end])
    others = [f for f in findings if f.kind != "name"]
    return others + [Finding("name", s, e, text[s:e]) for s, e in spans]


def _extend_name(
    text: str, start: int, end: int, not_names: list[tuple[int, int]]
) -> tuple[int, int]:
    while match := _NAME_RIGHT.match(text, end):
        word_start = match.start("word")
        word = match.group("word")
        after_first_name = _is_first_name(text[_last_word_start(text, end) : end])
        if not (match.group("sep") == "-" or after_first_name or match.group("interfix")):
            break
        if not _could_be_name_part(word, word_start, match.end(), not_names):
            break
        end = match.end()
    while match := _NAME_LEFT.search(text, max(0, start - 60), start):
        word = match.group("word")
        hyphen = match.group("sep") == "-"
        if not hyphen and _sentence_initial(text, match.start()):
            break
        if not _could_be_name_part(word, match.start(), match.start() + len(word), not_names):
            break
        start = match.start()
    return start, end


def _could_be_name_part(word: str, start: int, end: int, not_names: list[tuple[int, int]]) -> bool:
    lowered = word.lower()
    return not (
        (word.isupper() and len(word) > 1)
        or lowered in ROLE_WORDS
        or lowered in ORGANISATION_HEADS
        or lowered in ORGANISATION_TAILS
        or lowered.rstrip(".") in TITLES
        or any(s < end and start < e for s, e in not_names)
    )


def _last_word_start(text: str, end: int) -> int:
    start = end
    while start > 0 and (text[start - 1].isalnum() or text[start - 1] in "'’"):
        start -= 1
    return start


def _is_not_a_person(
    text: str, tokens: list[tuple[int, int]], places: list[tuple[int, int]]
) -> bool:
    """Without a title, drop places, acronyms and lone capitalised everyday words."""
    named = [t for t in tokens if _word(text, t) not in INTERFIXES]
    if named and all(_covered(s, e, places) for s, e in named):
        return True
    if len(named) != 1:
        return False
    token = text[slice(*named[0])]
    if token.isupper() and len(token) > 1:
        return True
    word = token.lower()
    if _is_common(word) or word in ROLE_WORDS:
        return True
    # A lone surname (not a first name) opening a sentence is a capitalised noun far more
    # often than a resident: "Bank sluit de rekening", "Broers van 22 en 24 ...".
    return _sentence_initial(text, named[0][0]) and not _is_first_name(token)


def _is_first_name(token: str) -> bool:
    lexicon = get_lexicon()
    return lexicon is not None and token.casefold() in lexicon.first_names


def _is_common(word: str) -> bool:
    """A frequent Dutch word; a few that are mostly surnames ("Bos", "Kok") are not."""
    if word in SURNAME_WORDS:
        return False
    lexicon = get_lexicon()
    if lexicon is None:
        return word in COMMON_WORDS
    return word in COMMON_WORDS or lexicon.dutch.is_known(word)


def _is_title(text: str, tokens: list[tuple[int, int]]) -> bool:
    word = _word(text, tokens[0])
    if word == "de" and len(tokens) > 1:
        return _word(text, tokens[1]) in {"heer", "weledelgeleerde", "hooggeleerde"}
    return word.rstrip(".") in TITLES


def _org_context(text: str, start: int, end: int) -> bool:
    """True for "gemeente X", "stichting X", "X Ziekenhuis": organisation names, not people."""
    before = _PREVIOUS_WORD.search(text, max(0, start - 40), start)
    if before and (
        before.group(1).lower() in NAMESAKE_HEADS or organisation_noun(before.group(1).lower())
    ):
        return True
    after = _NEXT_WORD.match(text, end)
    # "Sterk Huis", "Jeroen Bosch Ziekenhuis", "Van der Valk hotel"; not "De Boer wonen".
    return bool(
        after
        and after.group(1).lower() in ORGANISATION_TAILS
        and (after.group(1)[0].isupper() or after.group(1).lower() not in _AMBIGUOUS_TAILS)
    )


def _after_preposition(text: str, start: int) -> bool:
    """ "op de Brink", "naar de Kredietbank": a preposition and an article make a place."""
    return bool(_PREPOSITION_ARTICLE.search(text, max(0, start - 20), start))


def _sentence_initial(text: str, start: int) -> bool:
    pos = start
    while pos > 0 and text[pos - 1] in " \t\"'“‘(*•–-":
        pos -= 1
    return pos == 0 or text[pos - 1] in ".!?:;\n"


def _strip_sentence_dot(text: str, start: int, end: int) -> tuple[int, int]:
    token = text[start:end]
    if token.endswith(".") and len(token) > 2 and not _INITIALS.fullmatch(token):
        return start, end - 1
    return start, end


def _word(text: str, token: tuple[int, int]) -> str:
    return text[token[0] : token[1]].lower()


def _overlaps_any(token: tuple[int, int], spans: Iterable[tuple[int, int]]) -> bool:
    return any(s < token[1] and token[0] < e for s, e in spans)


def _covered(start: int, end: int, spans: Iterable[tuple[int, int]]) -> bool:
    return any(s <= start and end <= e for s, e in spans)


# --- addresses -------------------------------------------------------------------------


def _looks_like_address(value: str) -> bool:
    """Deduce marks every town as a location; only a street + number or postcode is data."""
    value = value.strip()
    return bool(_ADDRESS_SHAPE.search(value) or _POSTCODE.search(value)) and not (
        value.lower().startswith("postbus")
    )


def _street_addresses(text: str) -> Iterator[Finding]:
    """Street name + house number, independent of deduce's street list."""
    for match in _STREET_ADDRESS.finditer(text):
        street = match.group(1).lower()
        if _is_common(street) or street in ROLE_WORDS:
            continue
        yield Finding("address", match.start(), match.end(), match.group())


def _postcodes(text: str, places: list[tuple[int, int]]) -> Iterator[Finding]:
    """Postcodes, extended with the town that follows them ("5038 AB Tilburg")."""
    for match in _POSTCODE.finditer(text):
        value = match.group()
        before = text[max(0, match.start() - 8) : match.start()]
        if value[-2:] in _POSTCODE_UNITS or _CURRENCY_BEFORE.search(before):
            continue
        end = match.end()
        city = _CITY_AFTER.match(text, end)
        if city:
            place_end = next((e for s, e in places if s == city.start(1)), None)
            end = place_end or city.end(1)
            first_word = city.group(1).split()[0]
            if place_end is None and " " in city.group(1) and first_word not in TOWN_HEADS:
                end = city.start(1) + len(first_word)
        yield Finding("address", match.start(), end, text[match.start() : end])


def _join_address_parts(text: str, findings: list[Finding]) -> list[Finding]:
    """Merge a street address and the postcode right after it into one finding."""
    addresses = sorted((f for f in findings if f.kind == "address"), key=lambda f: f.start)
    others = [f for f in findings if f.kind != "address"]
    merged: list[Finding] = []
    for finding in addresses:
        if merged:
            last = merged[-1]
            gap = text[last.end : finding.start]
            if finding.start < last.end or (len(gap) <= 3 and not gap.strip(" \t\n,")):
                end = max(last.end, finding.end)
                merged[-1] = Finding("address", last.start, end, text[last.start : end])
                continue
        merged.append(finding)
    return others + merged
