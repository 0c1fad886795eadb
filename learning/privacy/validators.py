"""Checksum and shape validators for the structured identifiers the guard detects."""

from __future__ import annotations

import re

# Official IBAN lengths per country (SWIFT IBAN registry). A candidate whose length does not
# match its country is never an IBAN, which rules out most look-alike codes before mod-97.
IBAN_LENGTHS: dict[str, int] = {
    "AD": 24, "AE": 23, "AL": 28, "AT": 20, "AZ": 28, "BA": 20, "BE": 16, "BG": 22, "BH": 22,
    "BI": 27, "BR": 29, "BY": 28, "CH": 21, "CR": 22, "CY": 28, "CZ": 24, "DE": 22, "DJ": 27,
    "DK": 18, "DO": 28, "EE": 20, "EG": 29, "ES": 24, "FI": 18, "FK": 18, "FO": 18, "FR": 27,
    "GB": 22, "GE": 22, "GI": 23, "GL": 18, "GR": 27, "GT": 28, "HN": 28, "HR": 21, "HU": 28,
    "IE": 22, "IL": 23, "IQ": 23, "IS": 26, "IT": 27, "JO": 30, "KW": 30, "KZ": 20, "LB": 28,
    "LC": 32, "LI": 21, "LT": 20, "LU": 20, "LV": 21, "LY": 25, "MC": 27, "MD": 24, "ME": 22,
    "MK": 19, "MN": 20, "MR": 27, "MT": 31, "MU": 30, "NI": 28, "NL": 18, "NO": 15, "OM": 23,
    "PK": 24, "PL": 28, "PS": 29, "PT": 25, "QA": 29, "RO": 24, "RS": 22, "RU": 33, "SA": 24,
    "SC": 31, "SD": 18, "SE": 24, "SI": 19, "SK": 24, "SM": 27, "SO": 23, "ST": 25, "SV": 28,
    "TL": 23, "TN": 24, "TR": 26, "UA": 29, "VA": 22, "VG": 24, "XK": 20, "YE": 30,
}  # fmt: skip

_BSN_WEIGHTS = (9, 8, 7, 6, 5, 4, 3, 2, -1)
_NON_DIGIT = re.compile(r"\D")
_NON_ALNUM = re.compile(r"[^0-9A-Za-z]")
_SERVICE_PREFIXES = ("0800", "0900", "0906", "0909")


def digits_of(value: str) -> str:
    """Strip everything but digits, so formatted and plain numbers validate alike."""
    return _NON_DIGIT.sub("", value)


def is_valid_bsn(value: str) -> bool:
    """True for a 9-digit number passing the 11-proef (dots, spaces and dashes allowed).

    The 11-proef is what separates a burgerservicenummer from the many other 9-digit
    numbers in a knelpunt (dossier numbers, amounts); all zeros passes the sum but is not
    a number anyone has.
    """
    digits = digits_of(value)
    if len(digits) != 9 or digits == "000000000":
        return False
    total = sum(int(d) * w for d, w in zip(digits, _BSN_WEIGHTS, strict=True))
    return total % 11 == 0


def is_valid_iban(value: str) -> bool:
    """True for an IBAN of a known country with the right length and a valid mod-97 check."""
    compact = _NON_ALNUM.sub("", value).upper()
    country = compact[:2]
    if IBAN_LENGTHS.get(country) != len(compact) or not compact[2:4].isdigit():
        return False
    rearranged = compact[4:] + compact[:4]
    if not rearranged.isalnum() or not rearranged.isascii():
        return False
    number = "".join(str(int(ch, 36)) for ch in rearranged)
    return int(number) % 97 == 1


def national_phone_digits(value: str) -> str | None:
    """Return the Dutch national form (0 + 9 digits, or a service number) or None.

    Accepts +31 / 0031 prefixes with an optional "(0)", so every way of writing a Dutch
    number maps to one form that can be checked for length.
    """
    stripped = value.strip()
    international = stripped.startswith("+")
    digits = digits_of(stripped)
    if international or digits.startswith("0031"):
        if international and not digits.startswith("31"):
            return None
        rest = digits[2:] if international else digits[4:]
        if re.search(r"\(\s*0\s*\)", stripped) or (len(rest) == 10 and rest.startswith("0")):
            rest = rest[1:]
        return "0" + rest if len(rest) == 9 else None
    if not digits.startswith("0"):
        return None
    if digits.startswith(_SERVICE_PREFIXES) and 8 <= len(digits) <= 11:
        return digits
    return digits if len(digits) == 10 else None


def is_valid_phone(value: str) -> bool:
    """True when value is a complete Dutch phone number in any common notation."""
    return national_phone_digits(value) is not None
