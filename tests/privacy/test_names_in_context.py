"""Names found by where they stand in a sentence, and names of things that stay readable.

Sentences written for these tests (not taken from the hurried files): a name a list does
not know is found by its place in the sentence, while streets, buildings and organisations
named after people, and headings that look like names, are left alone.
"""

from __future__ import annotations

import pytest

from learning.privacy import mask_text, scan


def names(text: str) -> list[str]:
    return [f.text for f in scan(text) if f.kind == "name"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # An apposition that says who the person is, after a comma, colon or bracket.
        ("Dragomir, Roemeens, 2 kinderen: geen kinderbijslag", ["Dragomir"]),
        ("Nwosu, alleenstaande moeder van 3, heeft geen inkomen", ["Nwosu"]),
        ("Kovalenko (oekr.) mag niet werken zonder vergunning", ["Kovalenko"]),
        ("Szymańska, schoonmaakster, krijgt haar loon niet", ["Szymańska"]),
        # A pronoun further on refers back to a person.
        ("Adjei werkt in de bouw maar zijn contract loopt af", ["Adjei"]),
        # Two unknown names joined by "en" before a plural verb.
        ("tekle en yohannes wonen samen in een kamer", ["tekle", "yohannes"]),
        # A surname with particles, typed in lower case, before its verb.
        ("de groot heeft zijn baan verloren", ["de groot"]),
        # A capitalised first name that is also an abbreviation, before an unknown surname.
        ("Ama Boakye heeft 3 kinderen en geen inkomen", ["Ama Boakye"]),
        ("van dijk wacht al maanden op een besluit", ["van dijk"]),
    ],
)
def test_a_name_that_opens_a_sentence(text: str, expected: list[str]) -> None:
    assert names(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("de buurvrouw zei dat dmytro geen geld heeft", ["dmytro"]),
        ("de huur is te hoog maar oksana wil niet verhuizen", ["oksana"]),
        ("gisteren kreeg wojciech een brief van het CAK", ["wojciech"]),
        ("na het gesprek heeft dmytro de brief getekend", ["dmytro"]),
        ("Tijdens de intake vertelde svitlana over haar schulden", ["svitlana"]),
        ("vandaag svitlana gebeld over de toeslag", ["svitlana"]),
        ("ik heb grzegorz doorverwezen naar de schuldhulp", ["grzegorz"]),
        ("gesprek met dorota over de huurachterstand", ["dorota"]),
        ("bewindvoerder kuipers reageert niet op mails", ["kuipers"]),
        ("zoon storm is weggelopen na een ruzie", ["storm"]),
        ("begeleider de Graaf is al weken ziek", ["de Graaf"]),
        ("oom jan, 60, helpt met de post", ["jan"]),
        ("JEUGDCONSULENT: verlenging voor DAVID nog niet rond", ["DAVID"]),
        # A first name with the genitive s, typed without an apostrophe, before a noun.
        ("annemieks uitkering is gestopt na de verhuizing", ["annemieks"]),
        ("de school wil ahmeds ontheffing niet verlengen", ["ahmeds"]),
        # A listed surname in lower case that spells like Dutch, after a preposition.
        ("de brief aan pietersen is niet verstuurd", ["pietersen"]),
        ("gesprek met hoekstra over de wachtlijst", ["hoekstra"]),
    ],
)
def test_a_name_by_its_place_in_the_clause(text: str, expected: list[str]) -> None:
    assert names(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Karim B. (19) is dakloos sinds de zomer", "[NAAM] (19) is dakloos sinds de zomer"),
        ("petra s. heeft een nieuwe baan", "[NAAM] heeft een nieuwe baan"),
        ("de Bruin, Hendrika - 71 jr, geen mantelzorg", "[NAAM] - 71 jr, geen mantelzorg"),
        ("woont johan de wittlaan 8, 3 hoog", "woont [ADRES], 3 hoog"),
        (
            "geboortedatum vader 3 mei 1984, zoon 9 juni 2020",
            "geboortedatum vader [GEBOORTEDATUM], zoon [GEBOORTEDATUM]",
        ),
    ],
)
def test_the_whole_name_address_or_list_of_birth_dates_is_masked(text: str, expected: str) -> None:
    assert mask_text(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        # Streets, buildings and organisations named after people.
        "Rond de Pieter de Hooghstraat staan de woningen al maanden leeg",
        "De Graaf Florislaan is niet toegankelijk voor rolstoelen",
        "Woonzorgcentrum Anna Paulowna heeft een opnamestop",
        "Stichting Cornelis Jansen sluit de inloop in de zomer",
        "De Van Hall-brug is afgesloten voor fietsers",
        # A lone unknown word before what organisations do, and headings.
        "Ymkerhof biedt geen dagbesteding meer aan jongeren",
        "Kostendelersnorm: jongere van 23 woont bij zijn ouders",
        "ivm privacy mag de school niets zeggen over verzuim",
        "Bijstand wordt alvast verlaagd op basis van een schatting",
        "de cursus is gratis maar scholing wordt niet vergoed",
        "Tip: bel de consulent als de brief niet komt",
        "moeder jan. 2024 overleden, vader zit in de gevangenis",
        "zoon kan niet lezen en dochter bleef thuis",
        "Tilburgpas kan niet gebruikt worden voor zwemles",
        "overleg met Incluzio over de wachtlijst voor schuldhulp",
        "de consulent van Incluzio belt niet terug",
        "de directeur van de Kessler Stichting wil geen gesprek",
        "Utrecht-West krijgt een nieuw wijkteam",
        "POH-GGZ mag max 8 gesprekken, daarna een wachtlijst",
        "Zorgverzekeraars vergoeden geen tolk bij slachtoffers van mensenhandel",
        # Plurals and genitives of words are no first names with an s.
        "de ouders zijn boos over de kosten van de kinderopvang",
        "jeugdzorgs aanbod is beperkt in de zomer",
        "dit moet met spoed geregeld worden, met terugwerkende kracht",
        "AMA Zorg heeft geen plek voor jongeren uit Eritrea",
        # A prepositional phrase, a verb and an organisation or pronoun: no name.
        "na de zomer heeft het wijkteam geen capaciteit meer",
        "door de drukte heeft niemand tijd voor een huisbezoek",
    ],
)
def test_names_of_things_are_no_residents(text: str) -> None:
    assert scan(text) == []
