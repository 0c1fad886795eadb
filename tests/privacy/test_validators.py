"""The checksum and shape validators, without deduce."""

from __future__ import annotations

import pytest

from learning.privacy.validators import (
    is_valid_bsn,
    is_valid_iban,
    is_valid_phone,
    national_phone_digits,
)


@pytest.mark.parametrize(
    "value",
    ["123456782", "111222333", "123.456.782", "123 456 782", "1234.56.782", "012345672"],
)
def test_bsn_passing_the_11_proef_is_valid(value: str) -> None:
    assert is_valid_bsn(value)


@pytest.mark.parametrize(
    "value",
    [
        "123456789",  # fails the 11-proef
        "000000000",  # passes the sum, but is no number
        "12345678",  # too short
        "1234567820",  # too long
        "2025001234",  # case number
        "",
    ],
)
def test_bsn_failing_the_11_proef_or_length_is_invalid(value: str) -> None:
    assert not is_valid_bsn(value)


@pytest.mark.parametrize(
    "value",
    [
        "NL91ABNA0417164300",
        "NL91 ABNA 0417 1643 00",
        "nl91abna0417164300",
        "DE89370400440532013000",
        "GB29 NWBK 6016 1331 9268 19",
        "BE68539007547034",
        "FR1420041010050500013M02606",
    ],
)
def test_iban_with_valid_mod_97_is_valid(value: str) -> None:
    assert is_valid_iban(value)


@pytest.mark.parametrize(
    "value",
    [
        "NL91ABNA0417164301",  # check digits wrong
        "NL91ABNA041716430",  # too short for NL
        "XX91ABNA0417164300",  # unknown country
        "DE8937040044053201300",  # too short for DE
        "NLABABNA0417164300",  # letters where check digits belong
    ],
)
def test_iban_with_wrong_checksum_length_or_country_is_invalid(value: str) -> None:
    assert not is_valid_iban(value)


@pytest.mark.parametrize(
    ("value", "national"),
    [
        ("06-12345678", "0612345678"),
        ("06 1234 5678", "0612345678"),
        ("+31 6 12345678", "0612345678"),
        ("+31 (0)6 12345678", "0612345678"),
        ("0031 6 12345678", "0612345678"),
        ("013-1234567", "0131234567"),
        ("(013) 123 45 67", "0131234567"),
        ("0800-1234", "08001234"),
        ("0900 123 45 67", "09001234567"),
    ],
)
def test_dutch_phone_notations_map_to_one_national_form(value: str, national: str) -> None:
    assert national_phone_digits(value) == national


@pytest.mark.parametrize("value", ["2025-001234", "06-1234567", "013-12345", "+32 6 12345678"])
def test_incomplete_or_foreign_numbers_are_no_dutch_phone_numbers(value: str) -> None:
    assert not is_valid_phone(value)
