"""Word lists that tell personal data apart from the system words knelpunten are made of.

Deduce was built for medical records; in knelpunten the same capitalised words are mostly
laws, organisations, places and roles. These lists keep those from being masked.
"""

from __future__ import annotations

import re


def _words(text: str) -> frozenset[str]:
    """A word list written as whitespace-separated text, which keeps long lists readable."""
    return frozenset(text.split())


# Salutations and titles: they signal that a name follows but are not personal data
# themselves, so they stay outside the masked span ("mevrouw [NAAM]").
TITLES: frozenset[str] = _words(
    """
    mevrouw mevr mw mej mejuffrouw juffrouw meneer mijnheer heer dhr hr mr dr drs ir ing
    prof ds bc ma msc ba collega
    """
)
TITLE_BEFORE = re.compile(
    r"(?:\b(?:mevrouw|mevr\.?|mw\.?|mej\.?|meneer|mijnheer|de\s+heer|dhr\.?|hr\.?|mr\.?|dr\.?"
    r"|drs\.?|ir\.?|ing\.?|prof\.?))\s*$",
    re.IGNORECASE,
)

# Roles and relations: how professionals refer to residents without naming them.
ROLE_WORDS: frozenset[str] = _words(
    """
    cliënt client cliente klant bewoner bewoonster inwoner inwoonster wijkbewoner burger
    huurder aanvrager belanghebbende deelnemer patiënt patient statushouder nieuwkomer
    moeder vader ouder ouders zoon dochter broer broers zus zussen zuster zusje broertje opa
    oma grootouder kleinkind partner ex echtgenoot echtgenote man vrouw jongen meisje kind
    kinderen baby peuter puber tiener jongere jongeren jongvolwassene jongeman alleenstaande
    weduwe weduwnaar gezin huishouden familie buurman buurvrouw buren consulent wijkcoach
    wijkverpleegkundige hulpverlener casemanager regisseur mentor bewindvoerder
    beschermingsbewindvoerder curator begeleider jeugdconsulent werkcoach klantmanager
    schuldhulpverlener budgetcoach huisarts praktijkondersteuner poh verpleegkundige
    verzorgende thuiszorg maatschappelijk werker jongerenwerker ambtenaar beleidsmedewerker
    wethouder burgemeester leerplichtambtenaar trajectbegeleider jobcoach ambulant
    pleegouder pleegmoeder pleegvader voogd gezinsvoogd jeugdbeschermer advocaat rechter
    notaris werkgever collega aanbieder zorgaanbieder verhuurder corporatie
    """
)

# Lowercase particles of Dutch surnames ("van", "de", "van der").
INTERFIXES: frozenset[str] = _words(
    """
    van de der den het 't ten ter te in op la le du da di del von vom zu el al bin
    """
)

# Social-domain words that deduce's surname list also contains, added to deduce's own list
# of frequent Dutch words at load time: a lone capitalised one is a sentence start or a
# heading, not a person.
COMMON_WORDS: frozenset[str] = _words(
    """
    nota broers zussen brief brieven boete boetes schuld schulden huur rekening rekeningen
    termijn regel regels toeslag toeslagen uitkering bijstand aanvraag aanvragen besluit
    beschikking bezwaar beroep zorg hulp steun geld loon inkomen werk opleiding stage studie
    woning wijk buurt dorp gemeente regio provincie staat wet loket balie kantoor post mail
    telefoon bericht formulier dossier systeem plan traject datum week maand jaar nacht
    avond ochtend middag lente armoede nood honger schade hypotheek lening krediet beslag
    incasso deurwaarder vordering betaling premie eigen bijdrage indicatie melding
    wachtlijst wachttijd urgentie verhuizing opvang begeleiding behandeling dagbesteding
    cursus taalles inburgering werkgever contract ontslag ziekte verlof pensioen
    kinderopvang leerplicht zorgverzekering verzekering energie gas licht water internet
    gezin ouders kinderen baby moeder dochter tante oom neef nicht opa oma vrouw meisje
    """
)
# Frequent Dutch surnames that are also words in deduce's common-word list; these stay
# names when they stand alone mid-sentence ("gesprek met Bos").
SURNAME_WORDS: frozenset[str] = _words(
    """
    bos berg kok jong hoek de
    """
)

# Laws, organisations and places that a name list might mistake for a person. Matching is
# case-insensitive on whole words; a person finding inside one of these is dropped.
SYSTEM_TERMS: tuple[str, ...] = (
    # laws and schemes
    "Wmo", "Wmo 2015", "Jeugdwet", "Participatiewet", "Zvw", "Zorgverzekeringswet", "Wlz",
    "Wet langdurige zorg", "Wgs", "Wet gemeentelijke schuldhulpverlening", "Wsnp", "Awb",
    "AOW", "Anw", "WW", "WIA", "WAO", "Wajong", "IOAW", "IOAZ", "Bbz", "Toeslagenwet",
    "Wet inburgering", "Woningwet", "Huisvestingswet", "Leerplichtwet", "Wet kinderopvang",
    "Wet verplichte ggz", "Wvggz", "Wzd", "Wet zorg en dwang", "Wet passend onderwijs",
    "Vreemdelingenwet", "AVG", "Wet BRP", "BRP", "Wet SUWI",
    # national bodies
    "UWV", "SVB", "Sociale Verzekeringsbank", "CAK", "CIZ", "GGD", "GGZ", "Veilig Thuis",
    "Belastingdienst", "Dienst Toeslagen", "DUO", "CJIB", "COA", "IND", "LBIO", "Nibud",
    "Raad voor de Kinderbescherming", "William Schrikker", "Jeugdbescherming Brabant",
    "Reclassering", "Leger des Heils", "Vluchtelingenwerk", "Rode Kruis", "Humanitas",
    "Voedselbank", "Kredietbank", "Stadsbank", "Schuldhulpmaatje", "Juridisch Loket",
    "Nationale Ombudsman", "Kinderombudsman", "Stichting Leergeld", "Jeugdfonds Sport",
    "Nationaal Fonds Kinderhulp", "SZW", "VWS", "BZK", "OnsPact", "VNG", "Divosa", "MEE",
    "Zorgkantoor", "VGZ", "CZ", "Zilveren Kruis", "Menzis", "DSW", "ONVZ", "Achmea",
    # regional organisations in the pilot municipalities
    "Jeroen Bosch Ziekenhuis", "Elisabeth-TweeSteden", "ETZ", "Amphia", "Bernhoven",
    "Reinier van Arkel", "GGz Breburg", "GGZ Oost Brabant", "Novadic-Kentron", "Amarant",
    "Prisma", "Cello", "Dichterbij", "Lunet", "Juvans", "Farent", "ContourdeTwern", "Zayaz",
    "Thebe", "Vivent", "BrabantZorg", "Woonveste", "Area", "Mooiland", "BrabantWonen",
    "WonenBreburg", "Wonen Breburg", "Tiwos", "Leystromen", "Thuisvester", "Sterk Huis",
    "Kompaan en De Bocht", "Baanbrekers", "Diamant-groep", "WSD", "Ergon", "Werkplein",
    "IMW", "Sociom", "Vitalis", "Traverse", "Jantje Beton",
    # banks and companies residents deal with
    "Rabobank", "ING", "ABN AMRO", "SNS", "ASN Bank", "Triodos", "bunq", "Knab",
    "RegioBank", "Marktplaats", "Bol.com", "Essent", "Eneco", "Vattenfall", "Ziggo", "KPN",
    # places written in ways the place list does not know
    "Den Bosch", "Den Haag", "Den Helder", "Bergen op Zoom", "Ruwaard", "Reeshof",
)  # fmt: skip

# First words of two-word town names after a postcode ("Den Bosch", "Nieuw Vennep").
TOWN_HEADS: frozenset[str] = _words(
    "Den De Het Ter Sint St. Nieuw Oud Groot Klein Hoog Laag Oost West Noord Zuid 's-Heer"
)

# A capitalised word right after one of these is the name of an organisation or place.
ORGANISATION_HEADS: frozenset[str] = _words(
    """
    gemeente wijkteam stichting woonstichting woningcorporatie corporatie zorggroep
    ziekenhuis kredietbank stadsbank huisartsenpraktijk praktijk apotheek school basisschool
    college instelling zorgaanbieder aanbieder team centrum wijk buurt regio provincie ggz
    zorgboerderij dagbesteding inloophuis buurthuis wijkcentrum
    """
)
ORGANISATION_TAILS: frozenset[str] = _words(
    """
    ziekenhuis gasthuis kliniek stichting fonds huis zorg wonen groep college school
    instituut centrum bank kantoor
    """
)


def system_term_pattern() -> re.Pattern[str]:
    """One regex over all system terms, longest first so "Wmo 2015" beats "Wmo"."""
    terms = sorted(SYSTEM_TERMS, key=len, reverse=True)
    alternatives = "|".join(re.escape(term).replace(r"\ ", r"\s+") for term in terms)
    return re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])", re.IGNORECASE)
