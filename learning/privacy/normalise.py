"""Text normalisation before detection, with a map back to the original characters.

People paste text from Word, WhatsApp and PDFs: no-break and zero-width spaces, fullwidth
or Arabic-Indic digits, typographic dashes and quotes. The detectors are written for plain
text, so they run on a normalised copy; every finding is mapped back through the offset map,
so masking replaces the original characters, invisible ones included.
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass

# Dashes and quotes that NFKC leaves alone but that mean "-", "'" and '"' in a knelpunt.
_DASHES = frozenset("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d")
_SINGLE_QUOTES = frozenset("\u2018\u2019\u201a\u201b\u2032\u00b4`")
_DOUBLE_QUOTES = frozenset("\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb")
_KEEP_CONTROLS = frozenset("\t\n\r")
# "&#49;" or "&nbsp;" typed or pasted into a form: the browser shows the character.
_CHARACTER_REFERENCE = re.compile(r"&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


@dataclass(frozen=True)
class Normalised:
    """A normalised text plus, per normalised character, the original span it came from."""

    original: str
    text: str
    starts: tuple[int, ...]
    ends: tuple[int, ...]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original (start, end) of the normalised span [start, end)."""
        if start >= end:
            position = self.starts[start] if start < len(self.starts) else len(self.original)
            return position, position
        return self.starts[start], self.ends[end - 1]


def normalise(text: str) -> Normalised:
    """NFKC, invisible characters removed, every space a plain space, every digit ASCII.

    Characters are handled per cluster (a base character with its combining marks), so an
    "e" followed by a combining accent becomes one "é" that maps back to both.
    """
    if _is_plain(text):
        positions = tuple(range(len(text)))
        return Normalised(text, text, positions, tuple(p + 1 for p in positions))
    chars: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    i, length = 0, len(text)
    while i < length:
        j = i + 1
        while j < length and unicodedata.combining(text[j]):
            j += 1
        cluster = text[i:j]
        if text[i] == "&" and (reference := _CHARACTER_REFERENCE.match(text, i)):
            decoded = html.unescape(reference.group())
            if decoded != reference.group():
                cluster, j = decoded, reference.end()
        for char in _normalise_cluster(cluster):
            chars.append(char)
            starts.append(i)
            ends.append(j)
        i = j
    return Normalised(text, "".join(chars), tuple(starts), tuple(ends))


def normalised_text(text: str) -> str:
    """Only the normalised text, for callers that compare or index texts."""
    return normalise(text).text


def _is_plain(text: str) -> bool:
    """True when normalising cannot change text: printable ASCII without "&"."""
    return text.isascii() and "&" not in text and (text.isprintable() or _only_layout(text))


def _only_layout(text: str) -> bool:
    return all(char.isprintable() or char in _KEEP_CONTROLS for char in text)


def _normalise_cluster(cluster: str) -> str:
    return "".join(_normalise_char(char) for char in unicodedata.normalize("NFKC", cluster))


def _normalise_char(char: str) -> str:
    if char.isascii():
        if char.isprintable() or char in _KEEP_CONTROLS:
            return char
        return ""  # NUL and other controls: never part of what a person meant to type
    category = unicodedata.category(char)
    if category == "Zs":
        return " "
    if category in {"Zl", "Zp"} or char == "\u0085":
        return "\n"
    if category in {"Cf", "Cc", "Cn", "Co", "Cs"}:
        return ""  # zero-width spaces, joiners, soft hyphens, direction marks, BOM
    if category == "Nd":
        return str(unicodedata.decimal(char))
    if char in _DASHES:
        return "-"
    if char in _SINGLE_QUOTES:
        return "'"
    if char in _DOUBLE_QUOTES:
        return '"'
    return char
