"""Regex + checksum detectors for BSN, IBAN, phone numbers and e-mail addresses.

They do not depend on deduce, so the identifiers that matter most are caught even when the
deduce model is unavailable or misses an unusual notation.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from learning.privacy.finding import Finding
from learning.privacy.validators import (
    IBAN_LENGTHS,
    digits_of,
    is_valid_bsn,
    is_valid_iban,
    national_phone_digits,
)

# Digit groups of one number: joined by one separator ([ ._/\\-], spaces around it allowed) or by
# up to two spaces. Text is normalised first, so a no-break or zero-width space is a space or
# nothing by now.
_DIGIT_RUN = re.compile(r"\d+")
_BSN_GAP = re.compile(r" ?[._/\\-] ?| {1,2}")
_BSN_LABEL_BEFORE = re.compile(r"bsn\s*$", re.IGNORECASE)
_NUMBER_WORDS = {
    "nul": "0", "een": "1", "één": "1", "eén": "1", "éen": "1", "twee": "2", "drie": "3",
    "vier": "4", "vijf": "5", "zes": "6", "zeven": "7", "acht": "8", "negen": "9",
}  # fmt: skip
_SPOKEN_DIGIT = re.compile(
    r"(?<!\w)(?:" + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True)) + r"|\d)(?!\w)",
    re.IGNORECASE,
)
_SPOKEN_GAP = re.compile(r"[\s,.\-/]{1,3}")
# "bsn: 987654321" with a typo in it is still someone's number: after the label any 8 or 9
# digits count, checksum or not.
_LABELLED_BSN = re.compile(
    r"\b(?:bsn|burgerservicenummer|sofi-?nummer|sofinr)(?:-?nummer|-?nr)?\.?\s*[:=#]?\s*"
    r"(\d(?:(?: ?[._/\\-] ?| {1,2})?\d){7,8})(?![\w,]\d|\d)",
    re.IGNORECASE,
)
_IBAN_START = re.compile(r"(?<![0-9A-Za-z])([A-Za-z]{2}) ?(\d{2})")
_IBAN_SEPARATORS = frozenset(" \u00a0-.")

_EMAIL = re.compile(
    r"(?<![\w.%+-])[\w%+-][\w%+'-]*(?:\.[\w%+'-]+)*"
    r"@(?:[^\W_](?:[\w-]*[^\W_])?\.)+[A-Za-z]{2,24}(?!\w|-\w)"
)

_DIGIT_GROUP = re.compile(r"\+?\d+")
# What may sit between two digit groups of one phone number: a space, a dash, dot or slash,
# and the brackets of "(013)" or "+31 (0)6".
_PHONE_GAP = re.compile(r"[ \u00a0]?[()]?[ \u00a0]?[-./–‑]?[ \u00a0]?[()]?[ \u00a0]?")
# A bare 10-digit number after one of these labels is a reference, not a phone number.
# "klantnummer", not "klant": "telefoon client 0612345678" is the client's phone.
_REFERENCE_LABEL = re.compile(
    r"\b(?:(?:kenmerk|betalingskenmerk|referentie|ref|dossier|zaak|factuur|polis|contract"
    r"|beschikking)(?:nummer|nr)?|(?:order|debiteur|relatie|klant|cliënt|client|aanvraag"
    r"|registratie|volg)(?:nummer|nr))\.?\s*:?\s*$",
    re.IGNORECASE,
)
_DATE_GROUPS = re.compile(r"(0?[1-9]|[12]\d|3[01])[-./ ](0?[1-9]|1[0-2])[-./ ](19|20)\d\d")


def find_bsns(text: str) -> Iterator[Finding]:
    """Yield 9-digit numbers that pass the 11-proef, in any grouping and separator mix.

    "123.456.782", "10 07 52 305", "10076814 3", "1 0 0 8 9 4 8 4 7", "100.601 844": every
    run of whole digit groups that adds up to nine digits is a candidate, unless letters
    are glued to it. A phone number that holds such a run wins the overlap in the scanner.
    """
    for chain in _bsn_chains(text):
        for first in range(len(chain)):
            digits = ""
            for last in range(first, len(chain)):
                digits += chain[last].group()
                if len(digits) >= 9:
                    break
            if len(digits) != 9 or not is_valid_bsn(digits):
                continue
            start, end = chain[first].start(), chain[last].end()
            if _bsn_boundaries_ok(text, start, end):
                yield Finding("bsn", start, end, text[start:end])
    yield from _spoken_bsns(text)
    for match in _LABELLED_BSN.finditer(text):
        yield Finding("bsn", match.start(1), match.end(1), match.group(1))


def _bsn_chains(text: str) -> Iterator[list[re.Match[str]]]:
    """Runs of digit groups that are joined only by number separators."""
    chain: list[re.Match[str]] = []
    for group in _DIGIT_RUN.finditer(text):
        if chain and not _BSN_GAP.fullmatch(text, chain[-1].end(), group.start()):
            yield chain
            chain = []
        chain.append(group)
    if chain:
        yield chain


def _bsn_boundaries_ok(text: str, start: int, end: int) -> bool:
    """No letter glued to either end ("BSN123456782" is fine), no decimal part after it."""
    if start > 0 and text[start - 1].isalpha() and not _BSN_LABEL_BEFORE.search(text, 0, start):
        return False
    if end < len(text) and (text[end].isalpha() or text[end] == "_"):
        return False
    return not re.match(r",\d", text[end : end + 2])


def _spoken_bsns(text: str) -> Iterator[Finding]:
    """A BSN read out digit by digit in Dutch words: "een nul een nul zes ...".

    Nine digit words in a row never happen in ordinary text, so any window of nine that
    passes the 11-proef is a BSN.
    """
    run: list[re.Match[str]] = []
    for token in _SPOKEN_DIGIT.finditer(text):
        if run and not _SPOKEN_GAP.fullmatch(text, run[-1].end(), token.start()):
            yield from _spoken_windows(text, run)
            run = []
        run.append(token)
    yield from _spoken_windows(text, run)


def _spoken_windows(text: str, run: list[re.Match[str]]) -> Iterator[Finding]:
    if len(run) < 9 or all(token.group().isdigit() for token in run):
        return
    for first in range(len(run) - 8):
        window = run[first : first + 9]
        digits = "".join(_NUMBER_WORDS.get(t.group().lower(), t.group()) for t in window)
        if is_valid_bsn(digits):
            start, end = window[0].start(), window[-1].end()
            yield Finding("bsn", start, end, text[start:end])


def find_ibans(text: str) -> Iterator[Finding]:
    """Yield mod-97 valid IBANs, compact or grouped, in any letter case.

    The country's registered length tells where the IBAN ends, so a grouped IBAN followed
    by more words or numbers is cut at the right place.
    """
    for match in _IBAN_START.finditer(text):
        country = match.group(1).upper()
        length = IBAN_LENGTHS.get(country)
        if length is None:
            continue
        end = _iban_end(text, match.end(), length - 4)
        if end is not None and is_valid_iban(text[match.start() : end]):
            yield Finding("iban", match.start(), end, text[match.start() : end])


def _iban_end(text: str, pos: int, needed: int) -> int | None:
    """Return the end of an IBAN body of `needed` characters starting at pos, or None."""
    count = 0
    while count < needed:
        if pos < len(text) and text[pos].isascii() and text[pos].isalnum():
            count += 1
            pos += 1
        elif (
            text[pos - 1].isalnum()
            and pos + 1 < len(text)
            and text[pos] in _IBAN_SEPARATORS
            and text[pos + 1].isascii()
            and text[pos + 1].isalnum()
        ):
            pos += 1
        else:
            return None
    if pos < len(text) and text[pos].isalnum():
        return None
    return pos


def find_emails(text: str) -> Iterator[Finding]:
    """Yield e-mail addresses."""
    for match in _EMAIL.finditer(text):
        yield Finding("email", match.start(), match.end(), match.group())


def find_phones(text: str) -> Iterator[Finding]:
    """Yield Dutch phone numbers (and +country international numbers) in any grouping.

    Digit groups joined by phone-like separators form a chain; from each group that can
    start a number (0 or +) the longest run of groups that forms a complete number wins.
    Trying every run, instead of one greedy regex, keeps a following house number or year
    from spoiling an otherwise valid number.
    """
    for chain in _digit_chains(text):
        i = 0
        while i < len(chain):
            found = _longest_phone(text, chain, i)
            if found is None:
                i += 1
                continue
            finding, i = found
            yield finding


def _digit_chains(text: str) -> Iterator[list[re.Match[str]]]:
    chain: list[re.Match[str]] = []
    for group in _DIGIT_GROUP.finditer(text):
        if chain:
            gap = text[chain[-1].end() : group.start()]
            if not (0 < len(gap) <= 5 and _PHONE_GAP.fullmatch(gap)):
                yield chain
                chain = []
        chain.append(group)
    if chain:
        yield chain


def _longest_phone(text: str, chain: list[re.Match[str]], i: int) -> tuple[Finding, int] | None:
    first = chain[i]
    if first.group()[0] not in "+0":
        return None
    bracketed = first.start() > 0 and text[first.start() - 1] == "("
    if first.start() > 0 and (text[first.start() - 1].isalnum() or text[first.start() - 1] in "+_"):
        return None
    for j in range(len(chain) - 1, i - 1, -1):
        # "(013) 123 45 67": brackets around the area code belong to the number; brackets
        # around a whole number ("cliënt (0612345678)") belong to the sentence.
        start = (
            first.start() - 1 if bracketed and j > i and text[first.end()] == ")" else first.start()
        )
        end = chain[j].end()
        if end < len(text) and (text[end].isalnum() or text[end] == "_"):
            continue
        candidate = text[start:end]
        if candidate.count("(") > candidate.count(")") and text[end : end + 1] == ")":
            end += 1
            candidate = text[start:end]
        groups = [g.group() for g in chain[i : j + 1]]
        if len(groups) == 1 and follows_reference_label(text, start):
            return None
        if _looks_like_phone(candidate, groups):
            return Finding("phone", start, end, candidate), j + 1
    return None


def follows_reference_label(text: str, start: int) -> bool:
    """True after "kenmerk", "dossiernummer", ...: the number there is no phone number."""
    return bool(_REFERENCE_LABEL.search(text[max(0, start - 30) : start]))


def _looks_like_phone(candidate: str, groups: list[str]) -> bool:
    if _DATE_GROUPS.match(candidate.lstrip("(")):
        return False
    gaps = re.sub(r"[\d+]+", "|", candidate).strip("|").split("|")
    if any("." in gap for gap in gaps) and not all(gap == "." for gap in gaps):
        return False  # "09.30-10.30": times and amounts, not a dotted phone number
    if candidate.startswith("+") and not candidate.startswith("+31"):
        digits = digits_of(candidate)
        return 10 <= len(digits) <= 15 and digits[0] != "0"
    if len(groups) == 1 and groups[0].startswith("00") and not groups[0].startswith("0031"):
        return False  # a zero-padded reference number, not a phone number
    return national_phone_digits(candidate) is not None


STRUCTURED_FINDERS = (find_bsns, find_ibans, find_emails, find_phones)


def find_structured(text: str) -> list[Finding]:
    """All structured findings, possibly overlapping; the scanner resolves overlaps."""
    return [finding for finder in STRUCTURED_FINDERS for finding in finder(text)]
