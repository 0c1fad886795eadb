"""normalise(): what the detectors see, and the map back to the original characters."""

from __future__ import annotations

import pytest

from learning.privacy import mask_text, normalise, scan


@pytest.mark.parametrize(
    ("original", "normalised"),
    [
        ("BSN 101\u00a0029\u00a0470", "BSN 101 029 470"),
        ("1\u200b2\u200c3\u200d4\u2060", "1234"),
        ("\ufeffsoft\u00adhyphen", "softhyphen"),
        ("１２３ ABC", "123 ABC"),
        ("\u0661\u0662\u0663 en \u06f4\u06f5", "123 en 45"),
        ("tel.\u202f06\u201312345678", "tel. 06-12345678"),
        ("van \u2019t Hof", "van 't Hof"),
        ("e\u0301e\u0301n", "één"),
        ("&#49;01306635 &amp; &nbsp;x", "101306635 &  x"),
        ("a\x00b\tc\nd", "ab\tc\nd"),
        ("plain ascii stays as it is", "plain ascii stays as it is"),
    ],
)
def test_normalised_text(original: str, normalised: str) -> None:
    assert normalise(original).text == normalised


def test_every_normalised_character_maps_back_to_its_original_span() -> None:
    original = "x\u200by e\u0301 &#49;\uff12"
    result = normalise(original)
    assert result.text == "xy é 12"
    assert result.span(0, 2) == (0, 3)  # "xy" covers the zero-width space between them
    assert result.span(3, 4) == (4, 6)  # "é" is "e" plus the combining accent
    assert result.span(5, 6) == (7, 12)  # "1" was the character reference "&#49;"
    assert result.span(6, 7) == (12, 13)  # "2" was a fullwidth digit
    assert result.span(0, len(result.text)) == (0, len(original))


def test_an_empty_span_maps_to_a_position() -> None:
    result = normalise("a\u200bb")
    assert result.span(1, 1) == (2, 2)
    assert result.span(2, 2) == (3, 3)


def test_findings_point_at_the_original_text_and_masking_removes_invisible_characters() -> None:
    text = "Mevrouw Jan\u200bsen, tel. 06\u00a012345678."
    findings = scan(text)
    assert [(f.kind, f.text) for f in findings] == [
        ("name", "Jan\u200bsen"),
        ("phone", "06\u00a012345678"),
    ]
    assert all(text[f.start : f.end] == f.text for f in findings)
    assert mask_text(text) == "Mevrouw [NAAM], tel. [TELEFOON]."
