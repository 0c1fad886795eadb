"""Laws, organisations, places and software that a name list might mistake for a person.

Matching is case-insensitive on whole words; a person finding inside one of these is
dropped.
"""

from __future__ import annotations

import re

from learning.privacy.lexicon import get_lexicon
from learning.privacy.vocabulary import (
    ORGANISATION_COMPOUND_TAILS,
    ORGANISATION_HEADS,
    ORGANISATION_TAILS,
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
    "Vreemdelingenwet", "AVG", "Wet BRP", "BRP", "Wet SUWI", "Wet Mulder", "Wet Bibob",
    "Wet Tozo", "Tozo", "Bbz", "IOAW", "AIO", "Wet poolcentrale", "Wet Dwangsom",
    "Centrale Raad van Beroep", "Raad van State", "Hoge Raad", "Jan Modaal", "Klaas Vaak",
    "Jan met de pet", "Jan en alleman", "Sinterklaas", "Zwarte Piet", "Kerstman",
    # national bodies
    "UWV", "SVB", "Sociale Verzekeringsbank", "CAK", "CIZ", "GGD", "GGZ", "Veilig Thuis",
    "Belastingdienst", "Dienst Toeslagen", "DUO", "CJIB", "COA", "IND", "LBIO", "Nibud",
    "Raad voor de Kinderbescherming", "William Schrikker", "Jeugdbescherming Brabant",
    "Reclassering", "Leger des Heils", "Vluchtelingenwerk", "Rode Kruis", "Humanitas",
    "Voedselbank", "Kredietbank", "Stadsbank", "Schuldhulpmaatje", "Juridisch Loket",
    "Nationale Ombudsman", "Kinderombudsman", "Stichting Leergeld", "Jeugdfonds Sport",
    "Nationaal Fonds Kinderhulp", "SZW", "VWS", "BZK", "OnsPact", "VNG", "Divosa", "MEE",
    "Zorgkantoor", "VGZ", "CZ", "Zilveren Kruis", "Menzis", "DSW", "ONVZ", "Achmea",
    "Nidos", "Buurtzorg", "Kwadraad", "Vluchtelingenwerk Nederland", "Sociaal Raadslieden",
    "Formulierenbrigade", "Thuisadministratie", "Jarige Job", "Kinderpostzegels",
    "Jeugdfonds Sport en Cultuur", "Stichting Urgente Noden", "SUN", "Schuldenlijn",
    "Geldfit", "Startpunt Geldzaken", "Inlichtingenbureau", "Zorginstituut", "NZa",
    "Woonbond", "Huurcommissie", "Landelijk Bureau Inning Onderhoudsbijdragen", "BKR",
    "Kadaster", "KvK", "Kamer van Koophandel", "RvdK", "OM", "Openbaar Ministerie", "Politie",
    "Slachtofferhulp", "Halt", "Moviera", "Fier", "Kompaan", "Lindenhout", "Pluryn", "Ipse",
    "Cordaan", "Arkin", "Parnassia", "Lentis", "Mondriaan", "Emergis", "GGzE", "Altrecht",
    "Dimence", "Mediant", "Tactus", "Iriszorg", "Brijder", "Jellinek", "Levvel", "Youké",
    "Kwintes", "Careyn", "Zorgbalans", "Evean", "Amstelring", "Vitras",
    "Zuidzorg", "Stimenz", "Sociom", "Participe", "Stimulus", "Welzijn de Meierij",
    "Wijkracht", "Spirit", "Entrea", "Karakter", "Accare", "Cardea",
    "Horizon", "Koraal", "Sterk Huis", "Severinus", "Philadelphia", "ASVZ", "Cosis",
    "Sherpa", "Zozijn", "Aveleijn", "Siza", "Elver", "Esdégé-Reigersdaal", "Ons Tweede Thuis",
    # registration and case systems in the social domain
    "Suwinet", "Allegro", "Stipter", "Socrates", "GWS4all", "Mens Centraal", "iDoc",
    "Sonar", "Inkijk", "DigiD", "MijnOverheid", "Mijn Overheid", "Berichtenbox", "eHerkenning",
    "werk.nl", "Mijn UWV", "Mijn Toeslagen", "Mijn DUO", "Mijn SVB", "Toeslagen",
    "ParnasSys", "Magister", "Woonnet", "WoningNet", "Woningnet",
    "Klik voor Wonen", "Entree", "Thuis in Brabant",
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
    "Ter Apel", "Ten Boer", "Rotterdam-Zuid", "Nieuw-West", "Schilderswijk", "Kruiskamp",
)  # fmt: skip

# Organisations, shops, brands and software named after people, or written like names: a
# knelpunt mentions them all the time and none of them is a resident.
NAMED_ORGANISATIONS: tuple[str, ...] = (
    # care, welfare and schools named after people or saints
    "Tante Louise", "Martha Flora", "'s Heeren Loo", "s Heeren Loo", "Heeren Loo",
    "William Schrikker", "Dr. Leo Kannerhuis", "Leo Kannerhuis", "Pameijer", "Abrona",
    "Reinaerde", "Amerpoort", "Prinsenstichting", "Bartiméus", "Visio", "Kentalis",
    "Auris", "Zideris", "Ipse de Bruggen", "Lievensberg", "Vincent van Gogh",
    "Antoni van Leeuwenhoek", "Máxima MC", "Maxima MC", "Prinses Máxima Centrum",
    "Juliana Kinderziekenhuis", "Wilhelmina Kinderziekenhuis", "Emma Kinderziekenhuis",
    "Sophia Kinderziekenhuis", "Beatrixziekenhuis", "Catharina Ziekenhuis",
    "Sint Maartenskliniek", "Anna Ziekenhuis", "Albert Schweitzer", "Reinier de Graaf",
    "Franciscus Gasthuis", "Antonius Ziekenhuis", "Laurentius Ziekenhuis", "Radboudumc",
    "Erasmus MC",
    "Martini Ziekenhuis", "Sint Jansdal", "Tjongerschans", "Nij Smellinghe", "VieCuri",
    "Elkerliek", "Zuyderland", "Ikazia", "Maasstad", "Bravis", "Isala", "Gelre", "Treant",
    "Jan van Brabant College", "Titus Brandsma", "Hendrik Pierson", "Jeroen Bosch College",
    "Koning Willem I College", "Willem van Oranje", "Montessori", "Jenaplan",
    "Sint Joris", "Sint Jozef", "Sint Anna", "Huize Padua", "Dichterbij", "Cello",
    "Amarant", "Driestroom", "Zorggroep Elde", "Humanitas",
    # shops, banks, telecom, energy and web services
    "Albert Heijn", "AH", "Jumbo", "Lidl", "Aldi", "Plus", "Dirk van den Broek",
    "Hoogvliet", "Vomar", "Spar", "Coop", "Poiesz", "Jan Linders", "Nettorama",
    "Kruidvat", "Etos", "Hema", "Action", "Zeeman", "Wibra", "Primark", "Blokker", "Ikea",
    "Praxis", "Gamma", "Karwei", "MediaMarkt", "Coolblue", "Intertoys",
    "Leen Bakker", "Henk ten Hoor", "Wehkamp", "Zalando", "Vinted", "Klarna", "Afterpay",
    "Riverty", "PayPal", "Tikkie", "Revolut", "Odido", "T-Mobile", "Vodafone", "Lebara",
    "Lycamobile", "Simyo", "Budget Energie", "Greenchoice", "Vandebron", "Brabant Water",
    "Vitens", "Evides", "Dunea", "Wehkamp", "Thuisbezorgd", "Uber", "Flink", "Picnic",
    # software and apps
    "WhatsApp", "Teams", "Zoom", "Outlook", "Excel", "Google", "Facebook", "Instagram",
    "TikTok", "Snapchat", "Nedap Ons", "Caress", "Carenzorgt", "Youforce", "Ortec",
    "Topicus", "Centric", "PinkRoccade", "Lable", "Plancare", "Sdu", "Mijn Gemeente",
)  # fmt: skip


def system_term_pattern() -> re.Pattern[str]:
    """One regex over all system terms, longest first so "Wmo 2015" beats "Wmo"."""
    terms = sorted(SYSTEM_TERMS + NAMED_ORGANISATIONS, key=len, reverse=True)
    alternatives = "|".join(re.escape(term).replace(r"\ ", r"\s+") for term in terms)
    return re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])", re.IGNORECASE)


def organisation_noun(word: str) -> bool:
    """An organisation word or a compound ending in one ("voedselbank", "buurtteam").

    The first part of the compound must be a Dutch word, and a listed name is no
    organisation noun ("Veldhuis" is a surname).
    """
    if word in ORGANISATION_HEADS:
        return True
    lexicon = get_lexicon()
    if lexicon is None or word in lexicon.surnames or word in lexicon.first_names:
        return False
    if word in ORGANISATION_TAILS:
        return True
    dutch = lexicon.dutch
    return any(
        word.endswith(tail)
        and len(word) - len(tail) >= 3
        and dutch.is_dutch(word[: -len(tail)].removesuffix("s"))
        for tail in ORGANISATION_COMPOUND_TAILS
    )
