"""The notations people use in lists: dates, laws, handling, headers, Excel errors."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from learning.blockages.models import Handling
from learning.exchange.mapping import detect_header_row, guess_mapping, mapping_from_options
from learning.exchange.values import (
    CellError,
    fingerprint,
    is_excel_error,
    parse_date,
    parse_domains,
    parse_handling,
)

TODAY = date(2026, 12, 3)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("3-12-2025", date(2025, 12, 3)),
        ("03/12/2025", date(2025, 12, 3)),
        ("3.12.25", date(2025, 12, 3)),
        ("2025-12-03", date(2025, 12, 3)),
        ("2025-12-03T09:30:00", date(2025, 12, 3)),
        ("3 december 2025", date(2025, 12, 3)),
        ("3 dec. 2025", date(2025, 12, 3)),
        ("ma 3 dec 2025", date(2025, 12, 3)),
        ("december 2025", date(2025, 12, 1)),
        (46023, date(2026, 1, 1)),  # an Excel serial date
        ("46023", date(2026, 1, 1)),  # the same, as CSV text
        (datetime(2025, 12, 3, 0, 0), date(2025, 12, 3)),
    ],
)
def test_dates_in_dutch_iso_and_excel_notations(value, expected) -> None:
    assert parse_date(value, TODAY) == expected


@pytest.mark.parametrize("value", ["31-02-2025", "z.s.m.", "3-12-2099", "1-1-1900", "#N/B", ""])
def test_unreadable_future_and_implausible_dates_are_none(value) -> None:
    assert parse_date(value, TODAY) is None


def test_laws_as_people_write_them() -> None:
    assert parse_domains("WMO 2015") == (["wmo"], [])
    assert parse_domains("PW / schulden") == (["participatiewet", "schulden"], [])
    assert parse_domains("Jeugdwet en Wmo") == (["jeugdwet", "wmo"], [])
    assert parse_domains("Armoedebeleid") == ([], ["Armoedebeleid"])


def test_handling_from_free_text() -> None:
    assert parse_handling("Ja, maatwerk") == Handling.SOLVED_WITH_WORKAROUND
    assert parse_handling("omweg gevonden") == Handling.WORKED_AROUND
    assert parse_handling("Nee") == Handling.NOT_SOLVED
    assert parse_handling("misschien") is None


def test_excel_errors_in_english_and_dutch() -> None:
    assert is_excel_error("#N/B")
    assert is_excel_error(" #DEEL/0! ")
    assert is_excel_error(CellError("#REF!"))
    assert not is_excel_error("#hashtag")


def test_fingerprint_ignores_whitespace_case_and_punctuation() -> None:
    assert fingerprint("De  Wmo-indicatie duurt, te lang.") == fingerprint(
        "de wmo indicatie DUURT te lang"
    )
    assert fingerprint("De Wmo-indicatie duurt te lang") != fingerprint(
        "De Wmo-indicatie duurt kort"
    )


def test_mapping_guessed_from_dutch_headers() -> None:
    headers = [
        "Nr.",
        "Datum melding",
        "Knelpunt",
        "Omschrijving van het knelpunt:",
        "WET/Domein",
        "organisatie",
        "Wijk",
        "Opgelost?",
        "Toelichting",
    ]
    assert guess_mapping(headers) == {
        1: "date",
        2: "title",
        3: "description",
        4: "domain",
        5: "organisation",
        6: "area",
        7: "handling",
        8: "remarks",
    }


def test_toelichting_is_the_description_when_there_is_none() -> None:
    assert guess_mapping(["Titel", "Toelichting"]) == {0: "title", 1: "description"}


def test_header_found_below_a_title_and_a_note() -> None:
    rows = [
        (1, ["Knelpuntenlijst Wijkteam Ruwaard 2025", None, None]),
        (2, ["Vertrouwelijk", None, None]),
        (3, ["Datum", "Omschrijving", "Wet"]),
        (4, ["3-12-2025", "De aanvraag duurt te lang", "Wmo"]),
    ]
    assert detect_header_row(rows) == 3


def test_map_options_by_header_letter_or_number() -> None:
    headers = ["Datum", "Wat ging er mis", "Extra"]
    guessed = guess_mapping(headers)
    assert mapping_from_options(headers, ["Extra=opmerkingen", "A=-"], guessed) == {
        1: "description",
        2: "remarks",
    }
    assert mapping_from_options(headers, ["3=omschrijving"], guessed) == {
        0: "date",
        2: "description",
    }
