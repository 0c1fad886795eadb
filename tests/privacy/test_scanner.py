"""scan(), mask() and mask_text() on realistic knelpunt texts (real deduce, no stubs)."""

from __future__ import annotations

import itertools
import time
from datetime import date

import pytest
import time_machine

from learning.privacy import Finding, mask, mask_text, scan


def spans(text: str) -> list[tuple[str, str]]:
    """(kind, matched text) per finding, in order: readable assertions."""
    return [(f.kind, f.text) for f in scan(text)]


def finding(text: str, kind: str, value: str) -> Finding:
    """The Finding expected for the first occurrence of value in text."""
    start = text.index(value)
    return Finding(kind, start, start + len(value), value)


# --- every kind, with exact offsets ---------------------------------------------------


def test_bsn_in_a_sentence_has_exact_offsets() -> None:
    text = "Mevrouw moest haar BSN 123456782 drie keer doorgeven aan het UWV."
    assert scan(text) == [Finding("bsn", 23, 32, "123456782")]


@pytest.mark.parametrize("bsn", ["123.456.782", "123 456 782", "1234.56.782", "123-456-782"])
def test_bsn_is_found_in_every_notation(bsn: str) -> None:
    text = f"Op het formulier stond burgerservicenummer {bsn}, maar de SVB vond niets."
    assert scan(text) == [finding(text, "bsn", bsn)]


@pytest.mark.parametrize(
    "iban",
    [
        "NL91ABNA0417164300",
        "NL91 ABNA 0417 1643 00",
        "nl91 abna 0417 1643 00",
        "DE89 3704 0044 0532 0130 00",
        "BE68539007547034",
        "GB29NWBK60161331926819",
    ],
)
def test_iban_is_found_compact_grouped_and_in_any_case(iban: str) -> None:
    text = f"Toeslag werd gestort op {iban} van de ex-partner, de Belastingdienst wijzigt niets."
    assert scan(text) == [finding(text, "iban", iban)]


@pytest.mark.parametrize(
    "phone",
    [
        "06-12345678",
        "06 1234 5678",
        "0612345678",
        "+31 6 12345678",
        "+31(0)6 12345678",
        "0031 6 12345678",
        "013-1234567",
        "(013) 123 45 67",
        "0413-123456",
        "0800-1234",
        "0900 123 45 67",
    ],
)
def test_dutch_phone_number_is_found_in_every_notation(phone: str) -> None:
    text = f"Moeder is alleen bereikbaar op {phone} en het wijkteam belt altijd anoniem."
    assert scan(text) == [finding(text, "phone", phone)]


def test_phone_in_brackets_excludes_the_sentence_brackets() -> None:
    text = "Cliënt (0612345678) wacht al 8 weken op het CIZ."
    assert scan(text) == [Finding("phone", 8, 18, "0612345678")]


def test_email_address_is_found_without_the_sentence_full_stop() -> None:
    text = "De beschikking ging naar j.de-vries+post@hotmail.nl."
    assert scan(text) == [finding(text, "email", "j.de-vries+post@hotmail.nl")]


def test_name_after_a_title_is_masked_but_the_title_stays() -> None:
    text = "Mevrouw Jansen uit Tilburg krijgt geen Wmo-indicatie van de gemeente Oss."
    assert scan(text) == [Finding("name", 8, 14, "Jansen")]
    assert mask_text(text) == (
        "Mevrouw [NAAM] uit Tilburg krijgt geen Wmo-indicatie van de gemeente Oss."
    )


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Gesprek met Jan de Vries over de schulden bij de kredietbank.", "Jan de Vries"),
        ("Dhr. Yilmaz wacht al 5 maanden op de SVB.", "Yilmaz"),
        ("Klant J. Bakker heeft een boete van het CJIB.", "J. Bakker"),
        ("Zijn broer Mohammed woont in Rotterdam en helpt met de post.", "Mohammed"),
        ("De dochter van Arthur Pons belde met het CAK.", "Arthur Pons"),
        ("Gesprek met Jente van Es over de huurachterstand.", "Jente van Es"),
    ],
)
def test_person_names_are_found_as_whole_names(text: str, name: str) -> None:
    assert scan(text) == [finding(text, "name", name)]


def test_street_address_with_postcode_and_town_is_one_address() -> None:
    text = (
        "Cliënt woont op Lange Nieuwstraat 5a, 5038 AB Tilburg en de post gaat ergens anders heen."
    )
    assert scan(text) == [finding(text, "address", "Lange Nieuwstraat 5a, 5038 AB Tilburg")]


@pytest.mark.parametrize(
    "address", ["Kerkstraat 12", "Wilhelminapark 3-B", "Lukasboulevard 839", "5038AB"]
)
def test_street_with_house_number_or_postcode_is_an_address(address: str) -> None:
    text = f"Na de verhuizing naar {address} moest alles bij het UWV opnieuw."
    assert scan(text) == [finding(text, "address", address)]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Cliënt (geb. 12-03-1961) kreeg de aanvraag afgewezen.", "12-03-1961"),
        ("Geboortedatum: 3 maart 2012. De Jeugdwet-aanvraag loopt.", "3 maart 2012"),
        ("Jongen, geboren op 2011-05-30, valt onder de Jeugdwet.", "2011-05-30"),
        ("Hij is geboren 4 mrt. 2009 en zit nu zonder school.", "4 mrt. 2009"),
        ("Mevrouw staat sinds haar komst op 14-02-1975 ingeschreven.", "14-02-1975"),
    ],
)
def test_birth_dates_by_context_or_age_are_found(text: str, value: str) -> None:
    assert (value, "birthdate") in [(f.text, f.kind) for f in scan(text)]


def test_recent_and_policy_dates_are_no_birth_dates() -> None:
    text = (
        "Per 1 januari 2015 zijn de Wmo en Jeugdwet gedecentraliseerd. Aanvraag ingediend op "
        "12 januari 2025, besluit op 03-04-2025."
    )
    assert scan(text) == []


def test_birth_date_rule_counts_twelve_years_back_from_today() -> None:
    text = "De melding van 01-02-2013 is nooit afgehandeld."
    with time_machine.travel(date(2025, 6, 1)):
        assert scan(text) == []
    with time_machine.travel(date(2026, 6, 1)):
        assert [f.kind for f in scan(text)] == ["birthdate"]


# --- combined, overlaps, masking ------------------------------------------------------


def test_all_kinds_together_are_sorted_and_masked() -> None:
    text = (
        "Mevrouw El Amrani (geb. 04-11-1979), Kerkstraat 12, BSN 123.456.782, "
        "tel. 06-12345678, mail ea@ziggo.nl, rekening NL91 ABNA 0417 1643 00."
    )
    findings = scan(text)
    assert [f.kind for f in findings] == [
        "name",
        "birthdate",
        "address",
        "bsn",
        "phone",
        "email",
        "iban",
    ]
    assert [f.start for f in findings] == sorted(f.start for f in findings)
    assert all(a.end <= b.start for a, b in itertools.pairwise(findings))
    assert all(text[f.start : f.end] == f.text for f in findings)
    assert mask(text, findings) == (
        "Mevrouw [NAAM] (geb. [GEBOORTEDATUM]), [ADRES], BSN [BSN], "
        "tel. [TELEFOON], mail [EMAIL], rekening [IBAN]."
    )


def test_validated_identifier_wins_an_overlap() -> None:
    text = "Het nummer 080-009-712 staat op de brief van de SVB."
    assert spans(text) == [("bsn", "080-009-712")]


def test_mask_tolerates_overlapping_findings_without_leaking() -> None:
    text = "Jan Jansen 0612345678"
    findings = [Finding("name", 0, 10, "Jan Jansen"), Finding("name", 4, 21, text[4:])]
    assert mask(text, findings) == "[NAAM]"


@pytest.mark.parametrize(
    ("kind", "label"),
    [
        ("bsn", "BSN"),
        ("iban", "IBAN"),
        ("phone", "TELEFOON"),
        ("email", "EMAIL"),
        ("name", "NAAM"),
        ("address", "ADRES"),
        ("birthdate", "GEBOORTEDATUM"),
    ],
)
def test_every_kind_has_a_dutch_label(kind: str, label: str) -> None:
    assert Finding(kind, 0, 1, "x").label == label
    assert mask("x", [Finding(kind, 0, 1, "x")]) == f"[{label}]"


@pytest.mark.parametrize("text", ["", "   ", "\n"])
def test_empty_text_has_no_findings(text: str) -> None:
    assert scan(text) == []
    assert mask_text(text) == text


# --- no false positives ----------------------------------------------------------------

CLEAN_KNELPUNTEN = [
    "Gemeente Tilburg en gemeente Oss hanteren verschillende normen voor bijzondere bijstand.",
    "Het wijkteam in Oosterhout kan pas na 8 weken een Wmo-beschikking afgeven.",
    "In 's-Hertogenbosch duurt een CIZ-indicatie voor de Wlz gemiddeld 6 weken.",
    "De consulent van het UWV en de klantmanager van de gemeente Den Bosch spreken elkaar tegen.",
    "Meneer belde met Veilig Thuis en de GGD in Den Bosch; de SVB wil eerst een nieuw formulier.",
    "Zaaknummer 2025-001234 is nog steeds niet in behandeling genomen door de SVB.",
    "Het CAK rekent een eigen bijdrage van € 1.250 per jaar, terwijl de cliënt in de Wsnp zit.",
    "Dossier 123456789 is overgedragen van Veilig Thuis naar het wijkteam.",
    "De Belastingdienst vordert € 4.300 aan toeslagen terug over 2019 en 2020.",
    "DUO stopt de studiefinanciering zodra de jongere 30 weken niet aanwezig is.",
    "Moeder en dochter wonen bij opa in Amsterdam omdat de corporatie geen urgentie geeft.",
    "Beschikking Zvw en Wlz sluiten niet op elkaar aan; Wgs-traject loopt bij de kredietbank.",
    "Cliënt heeft een aanvraag bij DUO lopen en de Belastingdienst vordert toeslagen terug.",
    "Reinier van Arkel en GGz Breburg hebben een wachtlijst; Novadic-Kentron ook.",
    "Het Jeroen Bosch Ziekenhuis en het ETZ in Tilburg verwijzen door naar de POH-GGZ.",
    "Sociaal raadslieden van Farent en de ombudsman van Oss zien hetzelfde probleem.",
    "Bank sluit de rekening omdat meneer geen geldig ID heeft.",
    "Broers van 22 en 24 wonen bij hun moeder; de kostendelersnorm kost 312 euro per maand.",
    "Nota van ruim €300 per maand voor de eigen bijdrage Wmo.",
    "Gesprek op 12-03-2025 om 09.30-10.30 uur, daarna pas een nieuwe afspraak.",
    "Artikel 12 van de verordening sluit mensen met een WIA-uitkering uit.",
    "Kamer 12 van het opvanghuis is al 6 maanden bezet door iemand zonder indicatie.",
    "Postbus 90155 in Tilburg is het enige adres waar bezwaar kan worden ingediend.",
    "Klantnummer 4001234567 bij de energieleverancier hoort bij het oude adres.",
    "Rapportage Q3 2024 laat 1.234 meldingen zien, 17% meer dan vorig jaar.",
    "Per 01-01-2010 is de regeling veranderd, maar het formulier vraagt nog de oude gegevens.",
    "mevrouw raakt overzicht kwijt, zes hulpverleners, niemand die regie heeft",
    "De consulent, de cliënt en de moeder zaten samen aan tafel met de werkcoach.",
    "Dossiernummer: 0412345678, de SVB en het CAK kennen dat nummer niet.",
    "Volgens artikel 4.3.12 van de verordening valt de aanvraag buiten de regeling.",
    "Sinds de invoering op 1 januari 2015 is dit niet meer mogelijk.",
    "De regeling die op 12 maart 2010 werd ingevoerd, is nooit geëvalueerd.",
    "Jongere (24) meldt zich na einde tijdelijk contract; vader 63 in de bijstand.",
]


@pytest.mark.parametrize("text", CLEAN_KNELPUNTEN)
def test_typical_knelpunt_without_personal_data_is_not_flagged(text: str) -> None:
    assert spans(text) == []


# --- speed and size ----------------------------------------------------------------------


def test_long_text_of_ten_thousand_characters_works() -> None:
    block = (
        "Mevrouw Jansen (geb. 12-03-1961) woont op Kerkstraat 12; BSN 123456782, "
        "tel. 06-12345678. De gemeente Oss en het UWV verwijzen naar elkaar. "
    )
    text = (block * (10_000 // len(block) + 1))[:10_000]
    findings = scan(text)
    assert len([f for f in findings if f.kind == "bsn"]) == text.count("123456782")
    assert "123456782" not in mask(text, findings)


def test_scan_of_a_thousand_characters_is_fast_after_warm_up() -> None:
    text = " ".join(CLEAN_KNELPUNTEN)[:1000]
    scan(text)
    started = time.perf_counter()
    for _ in range(10):
        scan(text)
    # Called while the user types: a few ms each; the bound leaves room for slow CI boxes.
    assert (time.perf_counter() - started) / 10 < 0.1


def test_a_common_word_before_a_number_is_not_a_street_address():
    text = "Eerst 4 weken zoektermijn, dan nog 6 weken wachten op besluit"
    assert scan(text) == []
    assert [f.kind for f in scan("Zij woont op de Eerstelaan 4 in Maasdal.")] == ["address"]


@pytest.mark.parametrize(
    "text",
    [
        "DHR. PIETER DE VRIES, KERKSTRAAT 12, WACHT AL WEKEN.",
        "MEVROUW JANSEN (BSN 123456782) BELDE OPNIEUW.",
        "WOONT OP DE MOLENWEG 3B.",
    ],
)
def test_a_list_typed_in_capitals_is_masked_like_any_other(text):
    masked = mask_text(text)
    assert not any(word in masked for word in ("KERKSTRAAT", "JANSEN", "123456782", "MOLENWEG"))


def test_ordinary_words_in_a_text_typed_in_capitals_are_not_names():
    assert scan("HET GEZIN KWAM ZONDER INKOMEN TE ZITTEN, DE HUUR LIEP OP.") == []
