"""The 22 BSN notations of the security review (F2, M5): every one is found and masked.

Each uses its own valid BSN (11-proef), as the review did, typed into a knelpunt text.
"""

from __future__ import annotations

import re

import pytest

from learning.privacy import PersonalDataFound, guard_fields, mask_text, scan
from learning.privacy.validators import is_valid_bsn

ZWSP = "\u200b"
NBSP = "\u00a0"
FULLWIDTH = str.maketrans("0123456789", "０１２３４５６７８９")
ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
WORDS = ["nul", "een", "twee", "drie", "vier", "vijf", "zes", "zeven", "acht", "negen"]

NOTATIONS = {
    "plain": "111000002",
    "label": "BSN 111037013",
    "label glued": "BSN111074022",
    "dots": "111.111.031",
    "spaces": "111 148 042",
    "dashes": "111-185-051",
    "4-2-3 dots": "1112.22.059",
    "fullwidth digits": "111259071".translate(FULLWIDTH),
    "Arabic-Indic digits": "111296079".translate(ARABIC_INDIC),
    "after a euro sign": "€ 111333088",
    "bsn=": "bsn=111370097",
    "in brackets": "(111407102)",
    "mixed separators": "111.444 111",
    "underscores": "111_481_119",
    "slashes": "111/518/131",
    "2-2-2-3": "11 15 55 139",
    "8+1": "11159214 8",
    "digit by digit": " ".join("111629159"),
    "zero-width spaces": ZWSP.join("111666168"),
    "no-break spaces": NBSP.join(["111", "703", "177"]),
    "Dutch number words": " ".join(WORDS[int(d)] for d in "111740186"),
    "HTML character reference": "&#49;11777197",
}


def digits_of(notation: str) -> str:
    if notation.startswith(tuple(WORDS)):
        return "".join(str(WORDS.index(word)) for word in notation.split())
    return notation.replace("&#49;", "1").translate(
        {ord(c): str(i) for i, c in enumerate("０１２３４５６７８９")}
        | {ord(c): str(i) for i, c in enumerate("٠١٢٣٤٥٦٧٨٩")}
    )


def test_there_are_twenty_two_notations_each_with_its_own_valid_bsn() -> None:
    numbers = [re.sub(r"\D", "", digits_of(n)) for n in NOTATIONS.values()]
    assert len(NOTATIONS) == 22
    assert len(set(numbers)) == 22
    assert all(is_valid_bsn(number) for number in numbers)


@pytest.mark.parametrize("notation", NOTATIONS.values(), ids=NOTATIONS.keys())
def test_every_bsn_notation_is_found_and_masked(notation: str) -> None:
    text = f"Mevrouw moest haar nummer {notation} drie keer doorgeven aan het UWV."
    findings = [f for f in scan(text) if f.kind == "bsn"]
    assert len(findings) == 1
    digits = re.sub(r"\D", "", digits_of(notation))
    assert re.sub(r"\D", "", digits_of(findings[0].text)) == digits
    assert mask_text(text) == text.replace(findings[0].text, "[BSN]")


@pytest.mark.parametrize("notation", NOTATIONS.values(), ids=NOTATIONS.keys())
def test_every_bsn_notation_is_refused_when_not_masked(notation: str) -> None:
    with pytest.raises(PersonalDataFound):
        guard_fields({"description": f"Cliënt heeft BSN {notation}."}, mask=False)


def test_a_typo_in_a_labelled_bsn_is_still_masked() -> None:
    assert mask_text("bsn: 987654321 , ouder van kind in jeugdzorg") == (
        "bsn: [BSN] , ouder van kind in jeugdzorg"
    )


def test_a_phone_number_holding_nine_valid_digits_stays_a_phone_number() -> None:
    text = "tel dochter +31 6 2345 6789, die regelt alles"
    assert [(f.kind, f.text) for f in scan(text)] == [("phone", "+31 6 2345 6789")]


@pytest.mark.parametrize(
    "text",
    [
        "Zaaknummer 2025-001234 ligt stil bij de SVB.",
        "Klantnummer 4001234567 hoort bij het oude adres.",
        "Gesprek om 09.30-10.30 uur, daarna 12 weken wachten.",
        "Per 01-01-2010 is de regeling veranderd.",
        "Een huur van 980 euro en 3 kinderen van 4, 7 en 12.",
    ],
)
def test_other_numbers_are_no_bsn(text: str) -> None:
    assert [f for f in scan(text) if f.kind == "bsn"] == []
