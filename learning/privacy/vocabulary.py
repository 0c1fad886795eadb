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
    notaris werkgever collega aanbieder zorgaanbieder verhuurder corporatie oudere ouderen
    senior kids zorgverlener mantelzorger vrijwilliger stagiair stagiaire teamleider
    leidinggevende manager coördinator coordinator directeur bestuurder medewerker
    woonconsulent wmo-consulent wijkagent agent politie jurist advocate sociaal raadsman
    raadslid ombudsman rechter kantonrechter deurwaarder gedragswetenschapper psycholoog
    psychiater orthopedagoog ergotherapeut fysiotherapeut tandarts apotheker specialist
    voorzitter secretaris penningmeester notulist gespreksleider dagvoorzitter
    intern begeleider ib'er docent leraar juf meester mentor schoolmaatschappelijk werker
    casemanager dementie ervaringsdeskundige tolk vertaler buurtwerker opbouwwerker
    kwartiermaker aanjager programmamanager wethouder burgemeester ambtenaar consulente
    klantmanager inkomensconsulent schuldhulpverlener budgetcoach jobcoach werkcoach
    huismeester opzichter verhuurder eigenaar huisbaas huisjesmelker uitzendbureau
    bewindvoerder mentor curator gastouder oppas
    """
)

# Lowercase particles of Dutch surnames ("van", "de", "van der").
INTERFIXES: frozenset[str] = _words(
    """
    van de der den het 't ten ter te in op la le du da di del von vom zu el al bin
    """
)
# Particles inside names from every background: Dutch, Arabic, Portuguese, Italian, ...
NAME_PARTICLES: frozenset[str] = INTERFIXES | _words(
    """
    v v. vd vd. v.d. v/d d' l' ben bint ibn abu abou bou ould uit dos das do della dello
    mac mc o' van't vander vanden vande
    """
)

# Titles and forms of address after which the next word is a name (or a verb: "mevrouw
# belde"). "fam."/"gezin" count too: "fam. de Vries" is one household, i.e. a person.
ADDRESS_WORDS: frozenset[str] = _words(
    """
    mevrouw mevr mvr mw mwr mej mejuffrouw juffrouw meneer mijnheer mnr dhr hr heer fam
    familie gezin echtpaar ibu bapak sr sra mr mrs ms dr drs
    """
)
# Kin and relations: "zoon kevin", "oma sastrowidjojo", "vader (piet)". A name after one
# of these needs to be a known first name or an unknown (non-Dutch) word.
KIN_WORDS: frozenset[str] = _words(
    """
    zoon zoontje dochter dochtertje moeder vader broer broertje zus zusje zuster opa oma ma pa
    tante oom neef nicht kleinzoon kleindochter kleinkind stiefvader stiefmoeder stiefzoon
    stiefdochter pleegzoon pleegdochter pleegkind schoonzoon schoondochter schoonmoeder
    schoonvader buurman buurvrouw buurjongen buurmeisje buurkind tweeling vriend vriendin
    vriendje vriendinnetje partner ex-partner echtgenoot echtgenote verloofde
    """
)
# Residents by their role: "cliënt Yilmaz", "bewoner de Groot", "jongere Kevin".
RESIDENT_WORDS: frozenset[str] = _words(
    """
    cliënt client cliente cliënte cl clt klant bewoner bewoonster inwoner inwoonster huurder
    aanvrager deelnemer patiënt patient statushouder nieuwkomer leerling jongere jongen
    meisje kind baby peuter puber tiener man vrouw weduwe weduwnaar mantelzorger
    """
)
# Prepositions before a name with no other cue: "afspraak met yonas", "bij Tesfamariam".
PREPOSITION_CUES: frozenset[str] = _words("met bij voor van aan naar over namens via door tegen om")
# "heet", "genaamd", "naam": a name follows when a person was just mentioned.
NAMING_WORDS: frozenset[str] = _words("heet heette genaamd naam roepnaam bijnaam alias betreft")
# "casus dewi:", "zaak ROSSI:", "dossier Lammers": the case is named after the resident.
CASE_WORDS: frozenset[str] = _words("casus zaak dossier cliëntdossier huisbezoek")
# Common abbreviations that look like initials ("m.b.t.", "o.a.").
ABBREVIATIONS: frozenset[str] = _words(
    """
    a.s. bijv. bv. c.q. d.d. d.m.v. d.w.z. e.a. e.d. e.e.a. i.c.m. i.o.m. i.p.v. i.s.m. i.v.m.
    i.o. m.a.w. m.b.t. m.b.v. m.i.v. m.u.v. n.a.v. n.v.t. o.a. o.b.v. o.i.d. o.l.v. p.p. p.w.
    t.a.v. t.b.v. t.g.v. t.o.v. t.w. t.z.t. v.a. v.w.b. w.o. z.s.m. z.o.z. n.b. m.n. s.v.p.
    """
)
# Months, weekdays and holidays start sentences ("Juni is de maand ...") and are first names.
CALENDAR_WORDS: frozenset[str] = _words(
    """
    januari februari maart april mei juni juli augustus september oktober november
    december jan feb mrt apr jun jul aug sep sept okt nov dec maandag dinsdag woensdag
    donderdag vrijdag zaterdag zondag ma di wo do vr za zo pasen pinksteren kerst kerstmis
    koningsdag bevrijdingsdag hemelvaart sinterklaas oudjaar nieuwjaar carnaval ramadan
    suikerfeest offerfeest keti koti divali chanoeka voorjaar zomer najaar herfst winter
    lente zomervakantie kerstvakantie meivakantie herfstvakantie voorjaarsvakantie
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
# Streets, schools and funds are named after royals and saints: "Prins Hendrikstraat",
# "Koning Willem I College", "Sint Annaklooster". The name after these is no resident.
NAMESAKE_HEADS: frozenset[str] = _words(
    "prins prinses koning koningin keizer keizerin sint st graaf gravin hertog paus pater"
)
ORGANISATION_TAILS: frozenset[str] = _words(
    """
    ziekenhuis gasthuis kliniek stichting fonds huis zorg wonen groep college school
    instituut centrum bank kantoor ggz hotel bv b.v. nv n.v. vof foundation praktijk
    apotheek welzijn kerk moskee vereniging club kliniek fonds lyceum gymnasium atheneum
    academie universiteit hogeschool
    """
)
# The last part of a compound that names a service or organisation: "Voedselbank",
# "Buurtteam", "Jongerenwerk", "Stadswinkel". A capitalised one opens an organisation's
# name ("Voedselbank Maasland"), never a person's.
ORGANISATION_COMPOUND_TAILS: frozenset[str] = _words(
    """
    bank team huis centrum fonds loket punt kantoor dienst werk winkel opvang zorg stichting
    groep kliniek school college raad
    """
)


# Abbreviations professionals type in lower case ("pgb wordt niet uitbetaald").
DOMAIN_ABBREVIATIONS: frozenset[str] = _words(
    """
    pgb zin bbz wmo wlz zvw uwv svb cak ciz duo ind coa ggz ggd poh mdo lvb nah adhd add
    ptss ass vog aow ww wia wajong aio ioaw ioaz tozo brp bsn digid kvk zzp zzp'er hbo mbo
    vmbo havo vwo roc vso wsnp wgs msnp bkr cjib uht lbio ibo jggz sggz bw rib ovb ots bopz
    wvggz wzd mee kbo vve bso kdv max min ib'er pmt mzp pv ama amv ozb gbt wsw bw beschut gbo
    """
)
# Dutch function words and frequent adverbs that deduce's lists leave out ("niemand komt").
FUNCTION_WORDS: frozenset[str] = _words(
    """
    niemand iemand iedereen elkaar niets niks iets alles alvast nergens ergens overal ieder
    iedere elk
    elke ene andere anderen sommige sommigen enkele beide allebei alle weinig veel meer
    minder meest minst genoeg zoveel zoveel evenveel nooit altijd soms vaak weer steeds
    telkens constant continu meteen direct gelijk gewoon eigenlijk helemaal bijna ongeveer
    misschien waarschijnlijk inmiddels intussen ondertussen daarna daarvoor daardoor
    daarom daarmee daarbij daarin daarop daarvan daarna waardoor waarom waarmee waarbij
    wanneer waar hoe wie welk welke zoals zodat zodra terwijl omdat want dus echter toen
    nadat voordat totdat sinds tijdens volgens zonder binnen buiten tussen naast achter
    boven beneden tegenover rond rondom langs via per vanaf vanuit naartoe omhoog omlaag
    achteraf vooraf vooraan achteraan voorlopig tijdelijk definitief opnieuw nogmaals
    samen apart alleen ook nog al pas net toch zelfs vooral juist zeker echt heel erg zeer
    best wel niet geen nee ja oké ok graag liever snel langzaam vroeg laat later eerder
    straks zojuist vandaag morgen gisteren overmorgen eergisteren vanavond vanmorgen
    vanochtend vanmiddag vannacht nu dan toen hier daar ginds thuis weg terug verder
    hoogstens minstens tenminste ten minste eerst daarna vervolgens uiteindelijk tot slot
    twee drie vier vijf zes zeven acht negen tien elf twaalf dertien veertien vijftien
    zestien zeventien achttien negentien twintig dertig veertig vijftig zestig zeventig
    tachtig negentig honderd duizend miljoen eerste tweede derde vierde vijfde zesde
    helft kwart dubbel enkel
    ivm mbt tav obv ipv nav tzt zsm dwz mbv tbv tov ism iom vwb ihkv ovv evt incl excl
    bijv ca resp nvt oa mn ws wrs idd
    """
)

# Countries and nationalities: where residents come from is no personal data by itself.
COUNTRY_WORDS: frozenset[str] = _words(
    """
    nederland nederlands nederlandse nederlander belgië belgisch duitsland duits duitse
    polen pools poolse roemenië roemeens roemeense bulgarije bulgaars bulgaarse turkije
    turks turkse marokko marokkaans marokkaanse suriname surinaams surinaamse antillen
    antilliaans antilliaanse curaçao aruba bonaire syrië syrisch syrische eritrea eritrees
    eritrese somalië somalisch somalische afghanistan afghaans afghaanse irak iraaks
    iraakse iran iraans iraanse ethiopië ethiopisch ghana ghanees ghanese nigeria
    nigeriaans kaapverdië kaapverdiaans kaapverdiaanse indonesië indonesisch molukken
    moluks molukse china chinees chinese vietnam vietnamees oekraïne oekraïens
    oekraïense rusland russisch litouwen litouws letland lets hongarije hongaars
    portugal portugees spanje spaans italië italiaans italiaanse griekenland grieks
    tunesië tunesisch egypte egyptisch jemen soedan libië algerije europa afrika azië
    amerika engeland engels buitenland buitenlands buitenlandse
    """
)


def dutch_domain_words() -> set[str]:
    """The words above as lower-case Dutch vocabulary (not names), for dutch.py."""
    words = (
        TITLES
        | ROLE_WORDS
        | COMMON_WORDS
        | ORGANISATION_HEADS
        | ORGANISATION_TAILS
        | ADDRESS_WORDS
        | KIN_WORDS
        | NAMING_WORDS
        | CASE_WORDS
        | CALENDAR_WORDS
        | DOMAIN_ABBREVIATIONS
        | COUNTRY_WORDS
        | FUNCTION_WORDS
    )
    return {word.casefold() for word in words} - SURNAME_WORDS
