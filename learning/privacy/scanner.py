"""scan(): all detectors together, overlaps resolved into one ordered list of findings."""

from __future__ import annotations

import bisect

from learning.privacy.contextual import find_contextual
from learning.privacy.finding import Finding, mask
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
    """Personal data in text: findings sorted by start, never overlapping."""
    if not text or text.isspace():
        return []
    candidates = find_structured(text) + find_contextual(text)
    return resolve_overlaps(candidates)


def resolve_overlaps(candidates: list[Finding]) -> list[Finding]:
    """Keep the strongest of overlapping findings: priority first, then the longer span."""
    ranked = sorted(
        set(candidates),
        key=lambda f: (-_PRIORITY[f.kind], -(f.end - f.start), f.start),
    )
    starts: list[int] = []
    kept: list[Finding] = []
    for finding in ranked:
        i = bisect.bisect_right(starts, finding.start)
        overlaps_previous = i > 0 and kept[i - 1].end > finding.start
        overlaps_next = i < len(kept) and kept[i].start < finding.end
        if not (overlaps_previous or overlaps_next):
            starts.insert(i, finding.start)
            kept.insert(i, finding)
    return kept


MASK_PASSES = 3


def mask_text(text: str) -> str:
    """The text with every finding replaced by its label, e.g. "[BSN]".

    Masking one span can reveal another (deduce finds "Jansen" only once the street next to
    it is a tag), so it scans again until nothing is found, a few passes at most.
    """
    for _pass in range(MASK_PASSES):
        findings = scan(text)
        if not findings:
            break
        text = mask(text, findings)
    return text
