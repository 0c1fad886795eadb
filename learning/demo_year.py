"""A deterministic year of knelpunten for the demo of Maasdal, generated from fragments.

Why generated: a first user should see a network that has run for a year (seasonal waves,
patterns that grow, one that returns after a decision, one-off cases), and tests need the same
year every time. Each theme has its own title and sentence fragments; a seeded random
generator combines them with the reporter's organisation and a date relative to today.
The texts describe the system, never a person: no names, addresses or dates of birth
(tests run every generated text through the privacy guard).
"""

from __future__ import annotations

import random
from dataclasses import dataclass

SEED = 2026
DAYS = 365
# Relative weight per month ago (0 = this month … 11 = eleven months ago) for a season.
FLAT = (1,) * 12


@dataclass(frozen=True)
class Theme:
    key: str
    titles: tuple[str, ...]
    obstacles: tuple[str, ...]
    domains: tuple[str, ...]
    impacts: tuple[str, ...]
    reporters: tuple[str, ...]
    share: float  # of the whole year's knelpunten
    months: tuple[float, ...] = FLAT  # weight by months ago; a wave or a trend
    areas: tuple[str, ...] = ("Centrum", "Noord", "Ruwaard", "Zuid")


def _winter(peak: float = 3.0) -> tuple[float, ...]:
    """Months ago → weight, with today in December: high in the last winter and this one."""
    return (peak, 1.5, 0.6, 0.4, 0.3, 0.3, 0.4, 0.6, 1.2, peak, peak, 2.0)


def _growing(start: float = 0.2) -> tuple[float, ...]:
    return tuple(round(1.0 - (1.0 - start) * m / 11, 2) for m in range(12))


# A pattern the ambtelijke stuurgroep decided on about five months ago: it stopped, and came
# back in the last two months (the demo's recurrence after a decision).
_RETURNS = (1.2, 1.0, 0, 0, 0, 0, 0.8, 1.0, 1.2, 1.0, 0.8, 0.6)
# A pattern the werktafel solved about four months ago with a structural fix: the reports
# stopped (the demo's before/after effect).
_SOLVED = (0, 0, 0, 0, 0.6, 1.0, 1.2, 1.2, 1.0, 1.0, 1.0, 1.0)
_SCHOOL_YEAR = (0.6, 0.8, 1.0, 2.6, 2.2, 0.3, 0.2, 0.6, 0.8, 1.0, 1.0, 0.8)

THEMES: tuple[Theme, ...] = (
    Theme(
        "kostendelersnorm-inwonend-kind",
        (
            "Kostendelersnorm verlaagt bijstand zodra volwassen kind terugkeert",
            "Bijstand omlaag door inwonend meerderjarig kind zonder inkomen",
            "Kostendelersnorm houdt jongere weg bij ouder in de bijstand",
        ),
        (
            "Een meerderjarig kind trekt tijdelijk weer in bij een ouder met bijstand en de "
            "uitkering gaat direct omlaag, terwijl het kind niets bijdraagt.",
            "De ouder durft het kind niet op te vangen omdat de kostendelersnorm de uitkering "
            "verlaagt; de jongere slaapt nu wisselend bij kennissen.",
            "De kostendelersnorm telt een inwonend kind mee dat zelf schulden heeft en geen "
            "inkomen; het huishouden komt daardoor onder het bestaansminimum.",
        ),
        ("participatiewet", "inkomen"),
        ("inkomen", "wonen"),
        ("mehmet", "sanne", "lotte"),
        0.09,
        _growing(0.5),
    ),
    Theme(
        "energieschuld-afsluiting",
        (
            "Energieleverancier dreigt af te sluiten terwijl schuldhulp loopt",
            "Afsluiting energie in de winter ondanks aangemelde schuldregeling",
            "Energieschuld: melding vroegsignalering komt te laat binnen",
        ),
        (
            "De leverancier kondigt afsluiting aan terwijl het huishouden al is aangemeld bij "
            "de schuldhulpverlening; de melding vroegsignalering kwam pas na de aanmaning.",
            "Voor een huishouden met een energieschuld is geen betalingsregeling mogelijk "
            "zolang het schuldhulptraject nog niet is gestart.",
            "De termijnen van de leverancier en die van de schuldhulpverlening sluiten niet "
            "op elkaar aan, waardoor in de koude maanden afsluiting dreigt.",
        ),
        ("schulden", "wonen"),
        ("schulden", "wonen", "gezondheid"),
        ("fatima", "sanne", "ingrid"),
        0.11,
        _winter(),
    ),
    Theme(
        "wmo-doorlooptijd",
        (
            "Wmo-aanvraag blijft langer dan acht weken liggen",
            "Wachttijd Wmo-indicatie loopt op, tussenoplossing ontbreekt",
            "Geen tijdelijke voorziening zolang de Wmo-indicatie loopt",
        ),
        (
            "De wettelijke termijn voor het Wmo-onderzoek wordt ruim overschreden; er is "
            "geen tijdelijke voorziening in de tussentijd.",
            "Na ontslag uit het ziekenhuis is huishoudelijke hulp nodig, maar de "
            "Wmo-indicatie laat weken op zich wachten.",
            "De aanvraag voor een woningaanpassing ligt stil omdat de ergotherapeut pas over "
            "enkele maanden kan komen.",
        ),
        ("wmo",),
        ("zorg", "wonen"),
        ("ravi", "sanne", "pieter"),
        0.1,
        _growing(0.3),
    ),
    Theme(
        "overgang-18-jeugd-wmo",
        (
            "Jeugdhulp stopt op de achttiende verjaardag zonder Wmo-vervolg",
            "Verlengde jeugdhulp na 18: geen passend Wmo-alternatief",
            "Overgang 18-min naar 18-plus valt stil tussen Jeugdwet en Wmo",
        ),
        (
            "De jeugdhulp eindigt bij achttien jaar, terwijl de Wmo-indicatie nog niet is "
            "afgegeven; er ontstaat een gat van maanden.",
            "Verlengde jeugdhulp wordt afgewezen en de Wmo kent geen vergelijkbare begeleiding "
            "voor deze jongvolwassene.",
            "Bij de overgang naar volwassenheid moet alles opnieuw worden aangevraagd, met "
            "nieuwe intakes bij andere loketten.",
        ),
        ("jeugdwet", "wmo"),
        ("zorg", "werk_school"),
        ("sanne", "pieter", "lotte"),
        0.08,
        _SCHOOL_YEAR,
    ),
    Theme(
        "toeslagen-terugvordering-schuldregeling",
        (
            "Terugvordering toeslagen doorkruist de schuldregeling",
            "Dienst Toeslagen verrekent terwijl een schuldregeling loopt",
        ),
        (
            "Tijdens de minnelijke schuldregeling verrekent de Dienst Toeslagen een oude "
            "terugvordering met de lopende toeslag, waardoor het budget niet meer klopt.",
            "Een nieuwe terugvordering komt binnen nadat de schuldeisers al akkoord waren; "
            "de regeling moet opnieuw worden opgezet.",
        ),
        ("schulden", "inkomen"),
        ("schulden", "inkomen"),
        ("fatima", "mehmet"),
        0.07,
        _RETURNS,
    ),
    Theme(
        "gegevensdeling-uwv-gemeente",
        (
            "UWV en gemeente mogen re-integratiegegevens niet delen",
            "Dubbele intake bij UWV en gemeente voor dezelfde werkzoekende",
        ),
        (
            "Het UWV en de gemeente voeren elk een eigen intake en mogen de uitkomsten niet "
            "met elkaar delen; de werkzoekende vertelt alles twee keer.",
            "Een afgesproken re-integratietraject stopt omdat de uitkering overgaat van UWV "
            "naar gemeente en de gegevens niet mee mogen.",
        ),
        ("werk", "participatiewet"),
        ("werk_school", "administratief"),
        ("joost", "mehmet"),
        0.07,
        _growing(0.6),
    ),
    Theme(
        "uitstroom-beschermd-wonen-urgentie",
        (
            "Uitstroom beschermd wonen stokt op urgentieregeling",
            "Geen woning na beschermd wonen: urgentie wordt afgewezen",
        ),
        (
            "Iemand is klaar om beschermd wonen te verlaten, maar valt buiten de "
            "urgentieregeling; de plek blijft bezet en de wachtlijst groeit.",
            "De corporatie vraagt begeleiding als voorwaarde voor een woning, terwijl die "
            "begeleiding pas start na de verhuizing.",
        ),
        ("wonen", "wmo"),
        ("wonen", "zorg"),
        ("ingrid", "pieter"),
        0.07,
    ),
    Theme(
        "beslagvrije-voet-berekening",
        (
            "Beslagvrije voet verkeerd berekend door ontbrekende gegevens",
            "Beslag laat te weinig leefgeld over",
        ),
        (
            "De beslaglegger rekent met een verouderde woonsituatie, waardoor de beslagvrije "
            "voet te laag is en er te weinig leefgeld overblijft.",
            "Meerdere beslagleggers houden elk geld in zonder onderlinge afstemming; samen "
            "zakt het huishouden onder de beslagvrije voet.",
        ),
        ("schulden",),
        ("schulden", "inkomen"),
        ("fatima", "sanne"),
        0.06,
        _SOLVED,
    ),
    Theme(
        "zoektermijn-jongeren",
        (
            "Vier weken zoektermijn jongeren zonder inkomen",
            "Zoektermijn bijstand jongeren leidt tot schulden",
        ),
        (
            "Een jongere zonder inkomen moet vier weken zoeken voordat de bijstandsaanvraag in "
            "behandeling gaat; in die tijd ontstaan huurachterstanden.",
            "De zoektermijn geldt ook voor een jongere die net uit een instelling komt en geen "
            "netwerk heeft om op terug te vallen.",
        ),
        ("participatiewet", "werk"),
        ("inkomen", "schulden"),
        ("mehmet", "lotte", "joost"),
        0.06,
        _SCHOOL_YEAR,
    ),
    Theme(
        "pgb-betaling-svb",
        (
            "Zorgverlener met pgb wordt maanden niet betaald",
            "Betaling pgb via SVB loopt vast na wijziging zorgovereenkomst",
        ),
        (
            "Na een wijziging in de zorgovereenkomst betaalt de SVB de zorgverlener niet meer "
            "uit; de zorg dreigt te stoppen.",
            "De budgethouder moet dezelfde gegevens bij gemeente en SVB aanleveren en wacht "
            "intussen op goedkeuring.",
        ),
        ("wmo", "jeugdwet"),
        ("zorg", "administratief"),
        ("ravi", "sanne"),
        0.05,
    ),
    Theme(
        "tolk-sociaal-domein",
        (
            "Geen vergoeding voor tolk bij keukentafelgesprek",
            "Tolk ontbreekt bij gesprek over schulden en zorg",
        ),
        (
            "Voor het gesprek over ondersteuning is een tolk nodig, maar geen van de "
            "organisaties vergoedt die; er wordt via een familielid vertaald.",
            "Een statushouder begrijpt de brieven over de uitkering niet en er is geen "
            "budget voor een professionele tolk.",
        ),
        ("overig", "wmo"),
        ("administratief",),
        ("lotte", "ravi", "sanne"),
        0.05,
        _growing(0.1),
    ),
)

SITUATIONS = (
    "Bij een huisbezoek in de wijk bleek het volgende.",
    "Dit kwam naar voren in het wijkteamoverleg.",
    "Tijdens een spreekuur meldde zich een huishouden met deze vraag.",
    "Een collega van een partnerorganisatie vroeg hierover advies.",
    "In het keukentafelgesprek werd dit duidelijk.",
    "",
)
ACTIONS = {
    "maatwerk": (
        "Met maatwerk hebben we het voor dit huishouden opgelost, maar de regel blijft knellen.",
        "Via de casusregisseur is een uitzondering gemaakt; dat lukt niet elke keer.",
    ),
    "omweg": (
        "We hebben het via een omweg tijdelijk opgevangen met bijzondere bijstand.",
        "Een vrijwilliger heeft het gat voorlopig opgevangen; structureel is het niet.",
    ),
    "niet_opgelost": (
        "Er is geen oplossing gevonden; het huishouden wacht.",
        "We hebben het besproken met de teamleider, zonder oplossing.",
    ),
}
# Knelpunten that occur once: first-order learning, no pattern.
SINGLETONS = (
    ("DigiD-machtiging kan niet zonder eigen telefoon", ("overig",), ("administratief",)),
    ("Leerlingenvervoer pas na zes weken geregeld", ("onderwijs",), ("werk_school",)),
    ("Reiskosten naar re-integratie niet vergoed", ("werk",), ("inkomen", "werk_school")),
    ("Briefadres vrouwenopvang geweigerd door uitkeringsinstantie", ("wonen",), ("wonen",)),
    ("Huisdier is geen reden voor uitstel van opname", ("zvw",), ("zorg",)),
    ("Bankrekening openen lukt niet zonder vast adres", ("inkomen",), ("administratief",)),
    ("Wanbetalersregeling zorgpremie stapelt boetes", ("zvw", "schulden"), ("schulden",)),
    ("Mantelzorgwaardering alleen digitaal aan te vragen", ("wmo",), ("administratief",)),
    ("Kinderopvangtoeslag stopt bij start traject", ("inkomen", "werk"), ("inkomen",)),
    ("Scootmobiel niet mee te nemen bij verhuizing naar buurgemeente", ("wmo",), ("zorg",)),
    ("Schoolmaatschappelijk werk mag niet naar huis komen", ("onderwijs",), ("werk_school",)),
    ("Zorgverzekeraar vergoedt bemoeizorg alleen met diagnose", ("zvw",), ("gezondheid",)),
)
SINGLETON_TEXT = (
    "Het ging om een regel die in deze situatie niet past; we hebben het voor nu opgelost "
    "en geven het door zodat anderen het ook weten."
)
REPORTER_ORGANISATION = {
    "sanne": "Sociaal Wijkteam Maasdal",
    "mehmet": "Gemeente Maasdal",
    "ravi": "Gemeente Maasdal",
    "ingrid": "Woonstichting De Linde",
    "joost": "UWV Maasdal",
    "fatima": "Kredietbank Maasdal",
    "pieter": "GGZ Oost-Brabant",
    "lotte": "Welzijn Maasdal",
}


def _day_in_month(rng: random.Random, months_ago: int) -> int:
    return min(DAYS - 1, months_ago * 30 + rng.randrange(30))


def generate(total: int = 930, seed: int = SEED) -> list[dict]:
    """`total` knelpunten as demo records (the curated ones come on top), oldest first."""
    rng = random.Random(seed)
    records: list[dict] = []
    for theme in THEMES:
        count = max(3, round(total * theme.share))
        weights = theme.months
        for _ in range(count):
            months_ago = rng.choices(range(12), weights=weights)[0]
            records.append(_themed(rng, theme, _day_in_month(rng, months_ago)))
    themed_share = sum(theme.share for theme in THEMES)
    singles = max(len(SINGLETONS) // 2, round(total * (1 - themed_share) / 8))
    for i in range(min(singles, len(SINGLETONS))):
        title, domains, impacts = SINGLETONS[i]
        reporter = rng.choice(sorted(REPORTER_ORGANISATION))
        records.append(
            {
                "title": title,
                "description": f"{title}. {SINGLETON_TEXT}",
                "domains": list(domains),
                "impacts": list(impacts),
                "handling": "maatwerk",
                "organisation": REPORTER_ORGANISATION[reporter],
                "reporter": reporter,
                "area": rng.choice(("Centrum", "Noord", "Ruwaard", "Zuid")),
                "days_ago": rng.randrange(DAYS),
                "theme": f"los-{i}",
            }
        )
    records.sort(key=lambda r: (-r["days_ago"], r["title"]))
    return records


def _themed(rng: random.Random, theme: Theme, days_ago: int) -> dict:
    handling = rng.choices(("maatwerk", "omweg", "niet_opgelost"), weights=(2, 4, 4))[0]
    reporter = rng.choice(theme.reporters)
    sentences = [rng.choice(SITUATIONS), rng.choice(theme.obstacles), rng.choice(ACTIONS[handling])]
    return {
        "title": rng.choice(theme.titles),
        "description": " ".join(s for s in sentences if s),
        "domains": list(theme.domains),
        "impacts": list(theme.impacts),
        "handling": handling,
        "organisation": REPORTER_ORGANISATION[reporter],
        "reporter": reporter,
        "area": rng.choice(theme.areas),
        "days_ago": days_ago,
        "theme": theme.key,
    }
