"""Where a found name ends: the initial or first name after it, or a street or organisation.

Registers and hurried notes write "Kofi A.", "marco s.", "de Wilde, Margreet" and "Bakker,
J.": the letter or first name after the surname is part of the name. Streets, buildings
and organisations are named after people too: "Willem de Zwijgerlaan", "Van Dam-sluis",
"Anton Constandse-bewoners", "Woonstichting Jan van Hoof", "Buurthuis De Schakel"; there
the name is no resident.
"""

from __future__ import annotations

import re

import simplemma

from learning.privacy.finding import Finding
from learning.privacy.lexicon import Lexicon
from learning.privacy.organisations import organisation_noun
from learning.privacy.vocabulary import (
    NAME_PARTICLES,
    ORGANISATION_COMPOUND_TAILS,
    ORGANISATION_HEADS,
    ORGANISATION_TAILS,
    TITLES,
)
from learning.privacy.words import tokenize

# "Kofi A.", "marco s.", "Youssef A. (17)": one letter and a full stop after a name.
_INITIAL_AFTER = re.compile(r"[ \t]+[^\W\d_]\.(?![^\W\d_]|\.)")
# Register style, surname first: "Bakker, J." or "de Wilde, Margreet".
_COMMA_INITIALS = re.compile(r",[ \t]*(?:[^\W\d_]\.){1,3}(?![^\W\d_])")
_COMMA_GAP = re.compile(r",[ \t]*")
# Words ending like a street, square or quay: "Withstraat", "Zwijgerlaan", "Coenstraat".
_STREET_WORD = re.compile(
    r"[^\W\d_]{2,}(?:straat|laan|plein|steeg|kade|gracht|singel|dreef|plantsoen|boulevard"
    r"|allee|hof)$",
    re.IGNORECASE,
)
# "Van Dam-sluis", "Constandse-bewoners": a name as the first part of a compound noun.
_COMPOUND_TAIL = re.compile(r"-([a-z][^\W\d_]{3,})")
_ORGANISATION_TAILS = tuple(ORGANISATION_COMPOUND_TAILS)
# A cheap test before tokenizing: an organisation word, then a capital.
_ORGANISATION_BEFORE_NAME = re.compile(
    "(?i:"
    + "|".join(
        re.escape(w)
        for w in sorted(ORGANISATION_COMPOUND_TAILS | ORGANISATION_HEADS | ORGANISATION_TAILS)
    )
    + r")[ \t]+[^\W\d_a-z]"
)
_PARTICLES_BETWEEN = re.compile(r"[ \t]+(?:(?:van|de|der|den|'t|ten|ter)[ \t]+){1,3}")


def organisation_names(text: str, lexicon: Lexicon) -> list[tuple[int, int]]:
    """The capitalised words after an organisation noun, which name the organisation.

    "Buurthuis De Schakel", "winkelcentrum Hoog Catharijne", "Stichting Jan Pieter Heije",
    "Verpleeghuis Zuster Bosch": none of these words is a resident's name.
    """
    if not _ORGANISATION_BEFORE_NAME.search(text):
        return []  # most texts: no organisation word before a capital, no tokenizing
    tokens = tokenize(text)
    spans: list[tuple[int, int]] = []
    for i, token in enumerate(tokens[:-1]):
        following = tokens[i + 1]
        if token.kind != "word" or following.kind != "word" or not following.capitalised:
            continue
        if not _organisation_noun(token.key, lexicon):
            continue
        last, j = i + 1, i + 1
        while j < len(tokens) and tokens[j].kind == "word":
            if tokens[j].capitalised:
                last = j
            elif tokens[j].key not in NAME_PARTICLES:
                break
            j += 1
        spans.append((following.start, tokens[last].end))
    return spans


def refine_names(text: str, findings: list[Finding], lexicon: Lexicon) -> list[Finding]:
    """Names grown over a trailing initial or register first name; street and compound
    names dropped; a name before a street address joined to the address."""
    addresses = [f for f in findings if f.kind == "address"]
    refined: list[Finding] = []
    for finding in findings:
        if finding.kind != "name":
            refined.append(finding)
            continue
        if _names_a_thing(text, finding, lexicon) and not any(
            a.start < finding.end and finding.start < a.end for a in addresses
        ):
            continue  # with a house number the address wins and keeps what sticks out
        address = _street_after(text, finding, addresses)
        if address is not None:
            addresses.remove(address)
            refined = [f for f in refined if f is not address]
            joined = Finding(
                "address", finding.start, address.end, text[finding.start : address.end]
            )
            refined.append(joined)
            addresses.append(joined)
            continue
        end = _grown_end(text, finding, findings, lexicon)
        refined.append(Finding("name", finding.start, end, text[finding.start : end]))
    return [f for f in refined if f.kind != "address" or f in addresses]


def _names_a_thing(text: str, finding: Finding, lexicon: Lexicon) -> bool:
    """A street ("de Withstraat") or the first part of a compound ("Van Dam-sluis")."""
    last_word = re.split(r"[\s-]+", finding.text)[-1]
    if _STREET_WORD.search(last_word) and last_word.casefold() not in lexicon.surnames:
        return True
    if not finding.text[:1].isupper():
        return False  # "jan-willem": a double first name typed in lower case
    tail = _COMPOUND_TAIL.match(text, finding.end)
    if tail is None and "-" in finding.text:
        tail = _COMPOUND_TAIL.search(finding.text)
    if tail is None:
        return False
    return _dutch(tail.group(1), lexicon)


def _dutch(word: str, lexicon: Lexicon) -> bool:
    return lexicon.dutch.is_dutch(word) or simplemma.is_known(word, lang="nl")


def _organisation_noun(word: str, lexicon: Lexicon) -> bool:
    """ "stichting", "buurthuis", and compounds our lists cannot split: "verpleeghuis"."""
    if organisation_noun(word):
        return True
    return (
        word.endswith(_ORGANISATION_TAILS)
        and word not in lexicon.surnames
        and simplemma.is_known(word, lang="nl")
    )


def _street_after(text: str, finding: Finding, addresses: list[Finding]) -> Finding | None:
    """ "willem de zwijgerlaan 19": a first name and particles that open a street address."""
    gap = _PARTICLES_BETWEEN.match(text, finding.end)
    if gap is None:
        return None
    return next((a for a in addresses if a.start == gap.end() and gap.end() > finding.end), None)


def _grown_end(text: str, finding: Finding, findings: list[Finding], lexicon: Lexicon) -> int:
    end = finding.end
    initial = _INITIAL_AFTER.match(text, end)
    if initial and initial.group().strip(" \t.").casefold() not in TITLES:
        return initial.end()
    if not _opens_line(text, finding.start):
        return end
    initials = _COMMA_INITIALS.match(text, end)
    if initials:
        return initials.end()
    gap = _COMMA_GAP.match(text, end)
    if gap is None:
        return end
    following = next((f for f in findings if f.kind == "name" and f.start == gap.end()), None)
    if (
        following is not None
        and " " not in following.text
        and following.text.casefold() in lexicon.first_names
    ):
        return following.end  # "de Wilde, Margreet - 67 jr"
    return end


def _opens_line(text: str, start: int) -> bool:
    before = text[:start].rstrip(" \t\"'(*•-")
    return not before or before[-1] in ".!?:;\n"
