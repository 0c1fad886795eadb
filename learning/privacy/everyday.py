"""Everyday Dutch words that deduce's list of 1,000 frequent words lacks, in base form.

Deduce was made for medical letters; a knelpunt is about money, housing, school, work and
family. A word missing from every list reads as unknown, and an unknown word where a
subject stands reads as a name ("fiets", "regie", "adres"). Verbs are listed as
infinitives; dutch.py derives their finite forms and participles, plurals and compounds.
Names of countries come from Babel's Dutch locale data.
"""

from __future__ import annotations

from functools import cache

from babel import Locale


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


EVERYDAY_WORDS = _words(
    """
    adres adressen afspraak afspraken afwijzing agenda akte alarm ambulance app apparaat
    arbeid arbeidsmarkt armoede auto baan baby bad badkamer balie bank bed bedrag bedrijf
    begeleiding begrafenis begroting behandeling beleid bericht beroep beslag beslissing
    besluit bestand betaling bewijs bezoek bezwaar bibliotheek bijdrage bijstand bioscoop
    boete boodschappen boot borg brand brief bril broek brood budget buren bureau bus
    cadeau camping caravan chaos cijfer collega computer contact contant contract crisis
    cursus dak dakloos deadline deken diagnose dienst diploma dochter dokter donatie douche
    draagkracht drempel druk dubbel eenzaamheid eigenaar eten euro examen fabriek factuur
    familie fiets fietsen formulier foto fraude fruit garage gas gat gebouw geld gemeente
    gereedschap gesprek gevangenis gevolg gewicht gezin gezondheid gift glas grens groente
    haven hek helpdesk hoogte hotel huis huishouden huisvesting huur huurder ijskast inbraak
    inkomen inschrijving internet jas jurk kaart kamer kans kantoor kapper kast kassa keuken
    kind kleding klacht klant kledinggeld koffie kok kosten krant kruidenier kwijtschelding
    laptop lening les lift limiet link loket loon lunch maaltijd maat machtiging markt mail
    medicijn medicijnen melding meubels minimum minimumloon mobiel moeite nacht noodgeval
    nood norm nummer onderdak onderwijs ontslag ontruiming oordeel opleiding oppas opvang
    overleg overzicht paspoort pakket papier partner pas pensioen personeel plan plek
    politie portaal post premie prijs probleem procedure proces product programma project
    rapport recht regie regel regeling rekening reis reiskosten rente restaurant richtlijn
    risico rijbewijs rolstoel ruimte ruzie salaris scheiding schilder schimmel school
    schoenen schuld schulden sleutel slot sms sport spreekuur stage stad stoel storing
    straf stroom studie subsidie supermarkt systeem taal tafel tandarts tas taxi team
    telefoon termijn terugvordering tijd toeslag toets toilet tolk traject trap trein tuin
    uitkering uitnodiging uitzondering vakantie verblijf verblijfsvergunning verhuizing
    verjaardag verlof vermogen verslaving vertaling vervoer verzekering voedsel voedselpakket
    vonnis voogdij voorschot vraag vriend vrijwilliger wachtlijst wachttijd wand wasmachine
    water website week weekend werk werkgever werkloos wet wijk winkel woning woord zaak
    zorg zorgverzekering zwangerschap
    aanvragen afbetalen afsluiten afspreken afwijzen begeleiden begrijpen behandelen bellen
    beslissen bespreken besteden betalen bezoeken bijhouden blijven controleren delen
    doorverwijzen douchen dragen drinken duren eten geven haken halen helpen horen huren
    inleveren inloggen invullen kiezen klagen koken kopen kosten krijgen lenen leren lezen
    liegen lopen maken melden missen mogen nemen ontvangen ophalen oplossen opnemen opzeggen
    overleggen passen praten regelen reizen rijden schamen scheiden schrijven slapen sparen
    spelen spreken staan starten stoppen studeren tekenen terugbetalen terugvorderen
    uitbetalen uitleggen verdienen vergeten verhuizen verkopen verliezen verrekenen
    versturen vertalen vertellen vervangen verwerken verzorgen volgen vragen wachten wassen
    weigeren werken wonen zeggen zien zoeken zorgen zwijgen
    aardig alleenstaand arm bang beperkt blij boos druk duur eenzaam eerlijk eigen ernstig
    flexibel gelukkig gehandicapt gescheiden gewoon goedkoop groot hoog jong klein kort
    krap laag lang leeg los makkelijk moeilijk netjes nieuw nodig normaal oud rijk ruim
    schoon slecht snel stil streng sterk tijdelijk trots vast verdrietig verkeerd verplicht
    vies vol vrij warm zeker ziek zwaar zwanger
    nou netto bruto ermee allang eind flink fulltime parttime oké privacy online
    """
)


@cache
def country_words() -> frozenset[str]:
    """Dutch one-word names of countries and regions ("Eritrea", "Turkije"), not people.

    Names of more than one word are left out: their parts are often first names
    ("Sint-Helena", "Saint Lucia").
    """
    territories = Locale("nl").territories.values()
    return frozenset(name.casefold() for name in territories if name.isalpha())
