"""The Finding value object and masking of findings in a text."""

from __future__ import annotations

from dataclasses import dataclass

LABELS: dict[str, str] = {
    "bsn": "BSN",
    "iban": "IBAN",
    "phone": "TELEFOON",
    "email": "EMAIL",
    "name": "NAAM",
    "address": "ADRES",
    "birthdate": "GEBOORTEDATUM",
}
KINDS: tuple[str, ...] = tuple(LABELS)


@dataclass(frozen=True)
class Finding:
    """One piece of personal data in a text; `text` is the data itself, so never log it."""

    kind: str
    start: int
    end: int
    text: str

    @property
    def label(self) -> str:
        """Dutch tag shown to the user and used in masked text, without brackets."""
        return LABELS[self.kind]


def mask(text: str, findings: list[Finding]) -> str:
    """Replace each finding's span with "[LABEL]".

    Overlapping findings are tolerated (the union is masked under the first label) so a
    caller that combines findings from several sources can never leak a fragment.
    """
    parts: list[str] = []
    cursor = 0
    for finding in sorted(findings, key=lambda f: (f.start, -f.end)):
        if finding.end <= cursor:
            continue
        if finding.start >= cursor:
            parts.append(text[cursor : finding.start])
            parts.append(f"[{finding.label}]")
        cursor = finding.end
    parts.append(text[cursor:])
    return "".join(parts)
