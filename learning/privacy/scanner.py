"""scan(): all detectors together, overlaps resolved into one ordered list of findings."""

from __future__ import annotations

import bisect
import re

from learning.privacy.contextual import find_contextual
from learning.privacy.finding import Finding, mask
from learning.privacy.lexicon import get_lexicon
from learning.privacy.normalise import normalise
from learning.privacy.structured import find_structured

# When spans overlap, a checksum-validated identifier is the most certain reading of the
# text, then an e-mail address or phone number (shape only), a street address or birth date
# next, a name from word lists the least.
_PRIORITY = {
    "bsn": 4,
    "iban": 4,
    "email": 3,
    "phone": 3,
    "address": 2,
    "birthdate": 2,
    "name": 1,
}


def scan(text: str) -> list[Finding]:
    """Personal data in text: findings sorted by start, never overlapping.

    Detection runs on the normalised text (normalise.py); offsets and `text` of each
    finding are those of the original, so masking removes invisible characters inside a
    number too.
    """
    if not text or text.isspace():
        return []
    normalised = normalise(text)
    plain = normalised.text
    candidates = find_structured(plain) + find_contextual(_as_typed_in_lower_case(plain))
    findings: list[Finding] = []
    for finding in resolve_overlaps(candidates):
        start, end = normalised.span(finding.start, finding.end)
        findings.append(Finding(finding.kind, start, end, text[start:end]))
    return findings


# A text in capitals (a list typed with caps lock, a heading) gives no capitalisation cue:
# every word would look like a name. Names are then read as in text typed in lower case.
SHOUTED_SHARE = 0.8


# Two or more words in capitals inside a normal text: a name typed as in a register
# ("MOHAMED BENALLAL durft niet", "VAN DER MEER krijgt geen toeslag").
_SHOUTED_WORDS = re.compile(r"\b[^\W\d_a-z]{2,}(?:[ \t]+[^\W\d_a-z]{2,})+\b")


def _as_typed_in_lower_case(text: str) -> str:
    letters = [char for char in text if char.isalpha()]
    if len(letters) < 12 or sum(char.isupper() for char in letters) < SHOUTED_SHARE * len(letters):
        lowered = _SHOUTED_WORDS.sub(lambda m: _lower(m.group()), text)
        lowered = _CAPS_WORD.sub(_lower_listed_name, lowered)
    else:
        lowered = _lower(text)
    return lowered if len(lowered) == len(text) else text  # offsets must stay the same


# One word in capitals that deduce lists as a name, amid others typed for emphasis:
# "JEUGDCONSULENT: beschikking voor ELIAS verlengd". Acronyms are shorter or no name.
_CAPS_WORD = re.compile(r"\b[^\W\d_a-z]{4,}\b")


def _lower_listed_name(match: re.Match[str]) -> str:
    word = match.group()
    lexicon = get_lexicon()
    key = word.casefold()
    if lexicon is not None and (key in lexicon.first_names or key in lexicon.surnames):
        return _lower(word)
    return word


def _lower(words: str) -> str:
    lowered = words.lower()
    return lowered if len(lowered) == len(words) else words


def resolve_overlaps(candidates: list[Finding]) -> list[Finding]:
    """Keep the strongest of overlapping findings: priority first, then the longer span.

    A weaker finding that sticks out of a stronger one keeps the part that sticks out
    ("Kuijpers op de" beside the address "Heuvel 21"), so no fragment is left unmasked.
    One exception: a phone number that holds a nine-digit run passing the 11-proef
    ("+31 6 2345 6789") is a phone number; the BSN reading would leave "+31" unmasked.
    """
    phones = [f for f in candidates if f.kind == "phone"]
    ranked = sorted(
        {f for f in candidates if not (f.kind == "bsn" and _inside_phone(f, phones))},
        key=lambda f: (-_PRIORITY[f.kind], -(f.end - f.start), f.start),
    )
    starts: list[int] = []
    kept: list[Finding] = []
    for finding in ranked:
        pieces = _uncovered(finding.start, finding.end, kept, starts)
        if pieces != [(finding.start, finding.end)]:
            pieces = [p for p in (_trimmed(finding, s, e) for s, e in pieces) if p]
        for start, end in pieces:
            i = bisect.bisect_right(starts, start)
            starts.insert(i, start)
            offset = start - finding.start
            kept.insert(
                i, Finding(finding.kind, start, end, finding.text[offset : offset + end - start])
            )
    return kept


def _trimmed(finding: Finding, start: int, end: int) -> tuple[int, int] | None:
    """A cut-off piece without the spaces and punctuation at its ends; None if too small."""
    text = finding.text
    while start < end and not text[start - finding.start].isalnum():
        start += 1
    while end > start and not text[end - 1 - finding.start].isalnum():
        end -= 1
    piece = text[start - finding.start : end - finding.start]
    return (start, end) if len(piece) >= 2 or piece.isdigit() else None


def _uncovered(
    start: int, end: int, kept: list[Finding], starts: list[int]
) -> list[tuple[int, int]]:
    """The parts of [start, end) outside every kept finding (kept is sorted, disjoint)."""
    pieces: list[tuple[int, int]] = []
    i = max(0, bisect.bisect_right(starts, start) - 1)
    cursor = start
    while i < len(kept) and kept[i].start < end:
        if kept[i].end > cursor:
            if kept[i].start > cursor:
                pieces.append((cursor, kept[i].start))
            cursor = max(cursor, kept[i].end)
        i += 1
    if cursor < end:
        pieces.append((cursor, end))
    return pieces


def _inside_phone(bsn: Finding, phones: list[Finding]) -> bool:
    return any(
        p.start <= bsn.start and bsn.end <= p.end and (p.end - p.start) > (bsn.end - bsn.start)
        for p in phones
    )


# Masking replaces findings with "[LABEL]", which no detector matches, so the loop ends after
# a pass or two; the bound only guards against a detector bug.
MASK_PASSES = 5


def mask_text(text: str) -> str:
    """The text with every finding replaced by its label, e.g. "[BSN]"; clean afterwards.

    Masking one span can reveal another (deduce finds "Jansen" only once the street next to
    it is a tag), so it scans again until nothing is found.
    """
    for _pass in range(MASK_PASSES):
        findings = scan(text)
        if not findings:
            break
        text = mask(text, findings)
    return text
