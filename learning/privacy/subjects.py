"""Names that open a sentence: "radu heeft", "de vries wacht", "Georgiev, Bulgaars, 3 kinderen".

A word no list knows, at the start of a sentence, is a resident or an organisation ("Mitros
laat ...", "Incluzio heeft ..."). What follows decides: a finite verb, an age, an apposition
that says who the person is (a nationality, a kin or role word), and further on a pronoun
that refers back to a person ("... draait hij op voor de naheffing"). Words that describe
what an organisation offers ("biedt", "aanbod", "locatie") speak against a person.
"""

from __future__ import annotations

import re
from functools import cache

import simplemma
from babel import Locale

from learning.privacy.everyday import country_words
from learning.privacy.vocabulary import (
    CALENDAR_WORDS,
    COUNTRY_WORDS,
    DOMAIN_ABBREVIATIONS,
    KIN_WORDS,
    RESIDENT_WORDS,
    ROLE_WORDS,
)
from learning.privacy.words import (
    LIKENESS_AFTER_CUE,
    LIKENESS_STRANGER,
    LIKENESS_SUBJECT,
    PARTICIPLE,
    Reader,
    Token,
)


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# A name may be followed by its age: "lisa (22)", "anouk, 20,", "Haile 18 geworden".
_AGE_AFTER = re.compile(r"\s*[(,]?\s*\d{1,2}\b(?![.,:/-]?\d)")
_POSSESSIVES = frozenset({"zijn", "haar", "hun", "zn", "z'n", "d'r"})
MAX_SUBJECT_WORDS = 3
# Unknown words longer than this are mostly compounds our lists cannot split
# ("mensenhandel", "kostendelersnorm"); on weak evidence they must look like a name.
MAX_LOOSE_LENGTH = 9
# Words that refer back to one person; "ze", "zij" and "hun" refer to organisations too.
_PERSON_PRONOUNS = frozenset({"hij", "hem", "zijn", "zn", "z'n", "haar", "d'r", "m'n"})
# Plurals among the role words name groups, which organisations talk about as well.
_GROUPS = frozenset(
    {"ouders", "broers", "zussen", "kinderen", "jongeren", "ouderen", "buren", "kids"}
)
# Agent nouns: "schoonmaakster", "taxichauffeur", "alleenstaande moeder".
_AGENT_SUFFIXES = ("ster", "aar", "eur", "ist")
# What organisations do and offer: a lone unknown word before these is an organisation.
_ORGANISATION_VERBS = _words(
    """
    biedt bieden levert leveren hanteert hanteren verstrekt verstrekken vergoedt vergoeden
    indiceert indiceren verleent verlenen rekent rekenen accepteert accepteren sluit sluiten
    opent openen stopt stoppen verwijst verwijzen eist eisen
    """
)
_ORGANISATION_NOUNS = _words(
    """
    aanbod locatie locaties vestiging vestigingen capaciteit plekken contract contracten
    onderhoud spreekuur inloop wachtlijst opnamestop respijtzorg medewerkers personeel
    huurders bewoners inwoners cliënten clienten klanten leden vrijwilligers aanbieder
    budget subsidie huurverhoging urgentiekandidaten woningzoekenden kandidaten
    """
)
# How name-like a lone word must be when only a pronoun further on speaks for a person.
_LIKENESS_FLOOR = -2.5


def subject(reader: Reader, i: int) -> tuple[int, int] | None:
    """A sentence opening with unknown words and a verb: "radu heeft", "georgi petrov is"."""
    if not reader.sentence_initial(i):
        if not _clause_initial(reader, i):
            return None
    elif reader.particle(i):
        return particle_subject(reader, i)
    token = reader.word(i)
    if token is not None and _age_in_brackets(reader, i) and _named_word(reader, token):
        return reader.grow(i, i)  # "storm (8) mag niet naar school"
    last, words, j = i - 1, 0, i
    while words < MAX_SUBJECT_WORDS and j < len(reader.tokens):
        if _nickname(reader, j) and words:
            j += 3  # "oluwaseun (seun) balogun": a nickname in brackets
            continue
        token = reader.word(j)
        if token is None or not (
            reader.foreign(token)
            or listed_unknown(reader, token)
            or _first_name_before_surname(reader, j)
        ):
            break
        last, words, j = j, words + 1, j + 1
    if last < i:
        return None
    subject = [t for t in reader.tokens[i : last + 1] if t.kind == "word"]
    if not reader.sentence_initial(i) and any(reader.dutch(t) for t in subject):
        return None  # "maar scholing wordt niet vergoed": a surname that is also a word
    likeness = max(reader.likeness(t) for t in subject)
    listed = any(listed_unknown(reader, t) for t in subject)
    if apposition(reader, last + 1) and not _heading(reader, subject, last + 1):
        # "Georgiev, Bulgaars, 3 kinderen": the apposition says this is a person. A long
        # word before a colon is more often a heading: "Kostendelersnorm: jongere van 23".
        long_word = any(len(t.key) > MAX_LOOSE_LENGTH for t in subject)
        floor = LIKENESS_STRANGER if long_word else _LIKENESS_FLOOR
        return reader.grow(i, last) if listed or likeness >= floor else None
    # A first name and a surname, both capitalised, are stronger evidence than one word:
    # "Georgi Petrov krijgt ...", and even without a verb "Oksana Kovalenko leefgeld ...".
    full_name = len(subject) > 1 and all(t.capitalised for t in subject)
    follows = subject_follows(reader, last + 1) or _verb_ends_clause(reader, i, last + 1)
    if not follows and not (full_name and likeness >= LIKENESS_STRANGER):
        return None
    partner = reader.word(last + 2) if reader.tokens[last + 1 :][:1] else None
    if partner is not None and reader.tokens[last + 1].key == "en" and reader.foreign(partner):
        likeness = max(likeness, reader.likeness(partner))  # "tekle en yohannes wonen"
    referred = _referred_to_as_person(reader, last + 1)
    if len(subject) == 1 and not referred and _organisation_context(reader, last + 1):
        return None  # "Mitros laat urgentiekandidaten wachten", "Laurens biedt geen ..."
    threshold = LIKENESS_AFTER_CUE if len(subject) > 1 else LIKENESS_SUBJECT
    if listed or likeness >= threshold or (referred and likeness >= _LIKENESS_FLOOR):
        return i, last
    return None


def _first_name_before_surname(reader: Reader, j: int) -> bool:
    """ "Ama Boakye heeft", "Roos Mensah woont": a capitalised first name that is also a
    word, or a word that is otherwise an abbreviation ("AMA", "ama"), right before a
    capitalised word no list knows: abbreviations are not typed with one capital."""
    token = reader.tokens[j]
    following = reader.word(j + 1)
    return (
        token.capitalised
        and not token.text.isupper()
        and (reader.first_name(token) or token.key in DOMAIN_ABBREVIATIONS)
        and not reader.excluded(token)
        and not reader.place(token)
        and following is not None
        and following.capitalised
        and not following.text.isupper()
        and reader.foreign(following)
        and not reader.listed(following)
    )


def particle_subject(reader: Reader, i: int) -> tuple[int, int] | None:
    """ "de vries wacht op een woning": particles and a surname that is no word, then a verb.

    "de bakker betaalt" is a baker: a surname that is also a noun does not count; a verb form
    ("vries", of "vriezen") cannot follow an article, so there it is a surname, and neither
    can a bare adjective ("de jong belde", "de groot is"). "van", "ter", "ten" are no
    articles: "van dijk heeft" is a surname even though "dijk" is a noun.
    """
    j = i
    while reader.particle(j, inside=True) and j - i < 3:
        j += 1  # not "in", "op": "In Tilburg mag je ..."
    name = reader.word(j)
    if name is None or j == i or not reader.surname(name):
        return None
    # After two particles even a stop word is a surname: "van der meer", "van den hoven".
    if reader.excluded(name) and not (j - i > 1 and name.key in reader.lexicon.dutch.stop):
        return None
    phrase = reader.text[reader.tokens[i].start : name.end].casefold()
    article = j - i == 1 and reader.tokens[i].key in {"de", "het", "'t", "d'"}
    if phrase in reader.lexicon.places or (
        article and reader.noun(name) and not reader.adjective(name)
    ):
        return None  # "de bakker", "den haag"; but "van der meer", "de jong"
    following = reader.word(j + 1)
    if following is None or following.key not in reader.lexicon.dutch.verbs:
        return None
    return i, j


def apposition(reader: Reader, j: int) -> bool:
    """After a name: a comma, colon or bracket and words that say who the person is.

    "Georgiev, Bulgaars, 3 kinderen", "Isenia, antilliaanse jongen van 20", "Ahmadi (afgh.)
    heeft", "Al-Khatib: diploma tandarts", "ouali x2 (vader en zoon)".
    """
    tokens = reader.tokens
    start = next(
        (k for k in range(j, min(j + 3, len(tokens))) if tokens[k].text in {",", ":", "("}),
        None,
    )
    if start is None or any(t.kind == "word" and t.key == "en" for t in tokens[j:start]):
        return False
    for k in range(start + 1, min(start + 6, len(tokens))):
        token = tokens[k]
        if token.kind == "punct" and token.text in ".!?;":
            break
        if token.kind == "number" and _age(reader, k):
            return True
        if token.kind == "word" and (
            describes_person(token) or nationality(reader, k) or _agent_noun(reader, token)
        ):
            return True
    return False


def _heading(reader: Reader, subject: list[Token], j: int) -> bool:
    """ "Tip: bel de consulent": an ordinary word before a colon is a heading, even one
    that is also a surname; a name before a colon is no dictionary word ("Al-Khatib:")."""
    return (
        j < len(reader.tokens)
        and reader.tokens[j].text == ":"
        and any(simplemma.is_known(t.key, lang="nl") for t in subject)
    )


def describes_person(token: Token) -> bool:
    """A kin, resident or role word for one person ("zoon", "jongen", "mantelzorger")."""
    key = token.key
    return (key in KIN_WORDS or key in RESIDENT_WORDS or key in ROLE_WORDS) and key not in _GROUPS


def nationality(reader: Reader, k: int) -> bool:
    """ "Bulgaars", "antilliaanse", "afgh.": a country, nationality or language word."""
    key = reader.tokens[k].key
    words = _nationality_words()
    if key in words or (key.endswith("e") and key[:-1] in words):
        return True
    after = reader.tokens[k + 1] if k + 1 < len(reader.tokens) else None
    abbreviated = after is not None and after.text == "." and after.start == reader.tokens[k].end
    return abbreviated and len(key) >= 3 and any(word.startswith(key) for word in words)


@cache
def _nationality_words() -> frozenset[str]:
    """Countries, nationalities and languages in Dutch, from Babel's locale data."""
    languages = (name.casefold() for name in Locale("nl").languages.values())
    return COUNTRY_WORDS | country_words() | frozenset(w for w in languages if w.isalpha())


def _agent_noun(reader: Reader, token: Token) -> bool:
    key = token.key
    return len(key) > 6 and key.endswith(_AGENT_SUFFIXES) and reader.dutch(token)


def _age(reader: Reader, k: int) -> bool:
    """A number of one or two digits that is an age: "(67)", ", 20,", "34 jr"."""
    tokens = reader.tokens
    if len(tokens[k].text) > 2:
        return False
    after = tokens[k + 1] if k + 1 < len(tokens) else None
    return after is None or after.text in {")", ",", "-"} or after.key in {"jr", "jaar", "j"}


def organisation_subject(reader: Reader, i: int) -> bool:
    """A lone capitalised word opening a sentence about what an organisation offers, with no
    pronoun for a person: "Laurens biedt geen respijtzorg in het weekend"."""
    return (
        reader.sentence_initial(i)
        and reader.tokens[i].capitalised
        and reader.word(i + 1) is not None
        and not reader.tokens[i + 1].capitalised
        and not _referred_to_as_person(reader, i + 1)
        and _organisation_context(reader, i + 1)
    )


def _referred_to_as_person(reader: Reader, j: int) -> bool:
    """A pronoun for one person later in the sentence: "Oppong werkt ..., draait hij op"."""
    for token in reader.tokens[j:]:
        if token.kind == "punct" and token.text in ".!?;\n":
            return False
        if token.key in KIN_WORDS or (token.key in _PERSON_PRONOUNS and _pronoun(reader, token)):
            return True
    return False


def _pronoun(reader: Reader, token: Token) -> bool:
    """ "zijn" as a possessive ("zijn huur"), not as the verb ("zijn niet in beeld")."""
    if token.key != "zijn":
        return True
    k = reader.tokens.index(token) + 1
    following = reader.word(k)
    dutch = reader.lexicon.dutch
    return (
        following is not None
        and following.key not in dutch.stop
        and following.key not in dutch.verbs
        and not reader.verbish(following)
    )


def _organisation_context(reader: Reader, j: int) -> bool:
    """What an organisation does or offers, in the rest of the sentence."""
    for token in reader.tokens[j:]:
        if token.kind == "punct" and token.text in ".!?;\n":
            return False
        if token.key in _ORGANISATION_NOUNS:
            return True
    following = reader.word(j)
    return following is not None and following.key in _ORGANISATION_VERBS


def _age_in_brackets(reader: Reader, i: int) -> bool:
    tokens = reader.tokens
    return (
        i + 3 < len(tokens)
        and tokens[i + 1].text == "("
        and tokens[i + 2].kind == "number"
        and len(tokens[i + 2].text) <= 2
        and tokens[i + 3].text == ")"
    )


def _named_word(reader: Reader, token: Token) -> bool:
    """A listed first name, even one that is also a word ("roos", "storm"), but no role."""
    return (
        reader.first_name(token)
        and not reader.excluded(token)
        and not reader.place(token)
        and token.key not in KIN_WORDS
        and token.key not in RESIDENT_WORDS
    )


def _nickname(reader: Reader, j: int) -> bool:
    tokens = reader.tokens
    return (
        j + 2 < len(tokens)
        and tokens[j].text == "("
        and tokens[j + 2].text == ")"
        and reader.word(j + 1) is not None
    )


def listed_unknown(reader: Reader, token: Token) -> bool:
    return (
        reader.listed(token)
        and not reader.known(token)
        and not reader.excluded(token)
        and not reader.place(token)
    )


def subject_follows(reader: Reader, j: int) -> bool:
    """A finite verb, an age in brackets, or "en zijn/haar ..." after the subject."""
    if j >= len(reader.tokens):
        return False
    token = reader.tokens[j]
    if _AGE_AFTER.match(reader.text, reader.tokens[j - 1].end):
        return True
    if token.kind != "word":
        return False
    if token.key in reader.lexicon.dutch.verbs or _person_word(token):
        return True  # "radu heeft", "Semedo zoon 17"
    following = reader.word(j + 1)
    if following is None:
        return False
    if token.key == "en":
        # "... en zijn vrouw", "Kateryna en dochter", "haile en ghebremedhin delen"
        return (
            following.key in _POSSESSIVES
            or _person_word(following)
            or (
                reader.foreign(following)
                and verb_follows(reader, j + 2)
                # two unknown words with a plural verb: names, or two neighbourhoods
                and max(reader.likeness(reader.tokens[j - 1]), reader.likeness(following))
                >= LIKENESS_STRANGER
            )
        )
    if token.key == "uit":
        return reader.place(following) or following.capitalised  # "Abena uit Ghana"
    # "Djenaba alleenstaande moeder": an apposition that says who she is.
    return reader.dutch(token) and _person_word(following)


def verb_follows(reader: Reader, j: int) -> bool:
    """A finite verb, also a plural one, which is spelled as the infinitive ("delen")."""
    token = reader.word(j)
    if token is None:
        return False
    dutch = reader.lexicon.dutch
    return token.key in dutch.verbs or (token.key.endswith("en") and token.key in dutch.words)


def _person_word(token: Token) -> bool:
    return token.key in KIN_WORDS or token.key in RESIDENT_WORDS or token.key in ROLE_WORDS


# Before an object that precedes its participle: "heb dmytro gebeld", "vandaag X gesproken".
OBJECT_OPENERS = _words(
    """
    heb hebt heeft hebben had hadden vandaag gisteren vanochtend vanmorgen vanmiddag
    zojuist net eerder vorige ook al nog weer ik we wij jij hij zij ze jullie
    """
)


def participle(reader: Reader, j: int) -> bool:
    """A past participle: "gebeld", "doorverwezen", "gesproken", "bezocht"."""
    token = reader.word(j)
    if token is None or not token.lower:
        return False
    key = token.key
    dutch = reader.lexicon.dutch
    if PARTICIPLE.match(key):
        return True
    if key in dutch.verbs:
        return False  # a finite form: "heeft", "belt"
    return key.endswith(("d", "t", "en")) and dutch.is_verb_form(key)


# Words after which a new clause, and so often its subject, starts: "... dat dmytro geen geld
# heeft", "maar oksana wil niet", "want X heeft geen werk".
_CLAUSE_OPENERS = _words(
    """
    dat want maar omdat terwijl zodat nadat doordat hoewel toen als dus ook
    """
)
# Words that open a sentence before its finite verb: "gisteren kreeg X", "nu heeft X".
_FRONTED = _words(
    """
    gisteren vandaag vanochtend vanmorgen vanmiddag vanavond eergisteren nu toen daarna
    sindsdien inmiddels intussen ondertussen eerst later vervolgens uiteindelijk opeens
    ineens ook helaas gelukkig daarom daardoor dus hierdoor vorige volgende deze afgelopen
    """
)


def _verb_ends_clause(reader: Reader, i: int, j: int) -> bool:
    """ "dat dmytro geen geld heeft": in a subordinate clause the finite verb comes last."""
    opener = reader.word(i - 1)
    if opener is None or opener.key not in _SUBORDINATORS:
        return False
    following = reader.word(j)
    if following is None or following.key not in reader.lexicon.dutch.stop:
        return False  # "geen", "niet", "zijn", "de" after the subject; not a noun
    for k in range(j + 1, min(j + 8, len(reader.tokens))):
        token = reader.tokens[k]
        if token.kind == "punct":
            return token.text in ",.;!?" and verb_follows(reader, k - 1)
    return k + 1 == len(reader.tokens) and verb_follows(reader, k)


_SUBORDINATORS = frozenset(
    {"dat", "omdat", "terwijl", "zodat", "nadat", "doordat", "hoewel", "als", "toen"}
)


def _clause_initial(reader: Reader, i: int) -> bool:
    previous = reader.word(i - 1)
    return previous is not None and previous.lower and previous.key in _CLAUSE_OPENERS


def inverted_subject(reader: Reader, i: int) -> tuple[int, int] | None:
    """The subject right after the finite verb of a sentence that opens with an adverb:
    "gisteren kreeg dmytro een brief", "sinds maart woont oksana in de opvang"."""
    token = reader.word(i)
    verb = reader.word(i - 1)
    if token is None or verb is None or verb.key not in reader.lexicon.dutch.verbs:
        return None
    if not _opens_with_adverb(reader, i - 2):
        return None
    if not (reader.foreign(token) or listed_unknown(reader, token)) or reader.dutch(token):
        return None
    if reader.verbish(token) and not listed_unknown(reader, token):
        return None
    likeness = reader.likeness(token)
    floor = LIKENESS_STRANGER if len(token.key) > MAX_LOOSE_LENGTH else LIKENESS_SUBJECT
    if not listed_unknown(reader, token) and likeness < floor:
        return None
    return reader.grow(i, i)


# Prepositions that open a sentence with a phrase before its finite verb: "na het gesprek
# heeft X", "tijdens de intake vertelde X".
_OPENING_PREPOSITIONS = _words(
    "na op in door bij tijdens sinds voor vanwege volgens met zonder ondanks sedert"
)


def _opens_with_adverb(reader: Reader, j: int) -> bool:
    """Token j ends a fronted adverb, time phrase or short prepositional phrase that opens
    its sentence."""
    for start in range(j - 1, max(-1, j - 4), -1):
        opener = reader.word(start)
        if opener is not None and opener.key in _OPENING_PREPOSITIONS:
            words = [reader.word(k) for k in range(start + 1, j + 1)]
            if reader.sentence_initial(start) and all(w is not None for w in words):
                return True
    for start in (j, j - 1):
        token = reader.word(start)
        if token is None or not reader.sentence_initial(start):
            continue
        words = [reader.word(k) for k in range(start, j + 1)]
        if all(w is not None for w in words) and (
            token.key in _FRONTED or (start < j and reader.word(j).key in CALENDAR_WORDS)
        ):
            return True
    return False
