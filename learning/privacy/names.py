"""Names as hurried people type them: lower case, abbreviated titles, first names alone.

Deduce finds "Mevrouw J. de Vries" in a tidy letter; professionals type "mw jansen",
"fam. de Vries", "zoon kevin", "casus dewi:" or "radu heeft geen woning". This detector
weighs three kinds of evidence per word: a cue before it (a title, a kin word, "casus",
"heet"), deduce's first-name and surname lists, and whether the word is ordinary Dutch
(dutch.py). A word that is no Dutch word, place or organisation, standing where a
sentence's subject stands, is taken as a name too: that is how names from every background
are found without a list of them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import simplemma

from learning.privacy.everyday import country_words
from learning.privacy.finding import Finding
from learning.privacy.lexicon import Lexicon, fold
from learning.privacy.subjects import (
    MAX_LOOSE_LENGTH,
    MAX_SUBJECT_WORDS,
    OBJECT_OPENERS,
    inverted_subject,
    listed_unknown,
    organisation_subject,
    participle,
    subject,
    verb_follows,
)
from learning.privacy.titles import (
    abbreviation,
    after_address_word,
    after_cue_word,
    before_address_word,
)
from learning.privacy.vocabulary import (
    CALENDAR_WORDS,
    NAME_PARTICLES,
    NAMESAKE_HEADS,
    ORGANISATION_HEADS,
    ORGANISATION_TAILS,
    PREPOSITION_CUES,
)
from learning.privacy.words import (
    LIKENESS_AFTER_CUE,
    LIKENESS_STRANGER,
    LIKENESS_SUBJECT,
    Reader,
    Token,
)

_PLACE_PREPOSITIONS = frozenset(
    ["op", "aan", "in", "naar", "uit", "langs", "onder", "over", "door", "achter", "via"]
)
_PARTICLES_BEFORE = re.compile(
    r"(?<![\w'])(?:(?:van|de|der|den|ter|ten|'t|vd|v\.d\.)[ \t]+)+$", re.IGNORECASE
)
# Lower-case words that end an organisation's name only when capitalised ("De Boer wonen").
_AMBIGUOUS_TAILS = frozenset({"zorg", "wonen", "huis", "school", "groep", "praktijk"})


def find_names(
    text: str, lexicon: Lexicon, blocked: Sequence[tuple[int, int]] = ()
) -> list[Finding]:
    """Names in a normalised text; `blocked` spans (places, organisations) are never names."""
    reader = Reader(text, lexicon, blocked)
    found_tokens: list[tuple[int, int]] = []
    i = 0
    tokens = reader.tokens
    while i < len(tokens):
        found = (
            after_address_word(reader, i)
            or before_address_word(reader, i)
            or after_cue_word(reader, i)
            or _initials(reader, i)
            or subject(reader, i)
            or inverted_subject(reader, i)
            or _first_name(reader, i)
            or _possessive(reader, i)
            or _after_preposition(reader, i)
            or _object(reader, i)
            or _capitalised_stranger(reader, i)
            or _particle_name(reader, i)
        )
        if found is None:
            i += 1
            continue
        found_tokens.append(found)
        i = found[1] + 1
    found_tokens = _list_neighbours(reader, found_tokens)
    spans = [(tokens[first].start, tokens[last].end) for first, last in found_tokens]
    return [Finding("name", start, end, text[start:end]) for start, end in spans]


def _list_neighbours(reader: Reader, found: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Names come in lists: "huisbezoeken: jansen, el amrani, de boer, kowalski".

    An item of a comma list that holds a found name is a name too when it is a surname,
    an unknown word, or particles and a word; ordinary Dutch items stop the spread.
    """
    result = set(found)
    queue = list(found)
    while queue:
        first, last = queue.pop()
        for item in (_list_item(reader, first, -1), _list_item(reader, last, +1)):
            if item is not None and item not in result and not _overlaps(item, result):
                result.add(item)
                queue.append(item)
    return sorted(result)


def _list_item(reader: Reader, edge: int, step: int) -> tuple[int, int] | None:
    """The comma-separated item right before (step -1) or after (+1) token `edge`."""
    separator = edge + step
    if not (0 <= separator < len(reader.tokens)) or reader.tokens[separator].key not in {
        ",",
        "en",
        "&",
    }:
        return None
    by_comma = reader.tokens[separator].text == ","
    indices: list[int] = []
    j = separator + step
    while reader.word(j) is not None and len(indices) < MAX_SUBJECT_WORDS:
        if step > 0 and indices and verb_follows(reader, j):
            break  # "haile en ghebremedhin delen": the item ends before the verb
        indices.append(j)
        j += step
    if not indices or (reader.word(j) is not None and not (step > 0 and verb_follows(reader, j))):
        return None  # an item of more than three words is a clause, not a name
    first, last = min(indices), max(indices)
    *particles, name = [reader.tokens[k] for k in range(first, last + 1)]
    if not all(p.key in NAME_PARTICLES for p in particles):
        return None
    if reader.excluded(name) or (not particles and (reader.place(name) or reader.known(name))):
        return None  # "de boer" in a list of names is a surname; "boer" alone is a farmer
    if reader.listed(name):
        return first, last
    if not reader.foreign(name):
        return None
    # After "en" a word needs to read as a name: "jansen en kowalski", not "en wachtlijst".
    # "haile en ghebremedhin delen een kamer": a verb after the item makes both subjects.
    if by_comma or reader.likeness(name) >= LIKENESS_STRANGER or verb_follows(reader, last + 1):
        return first, last
    return None


def _overlaps(item: tuple[int, int], spans: set[tuple[int, int]]) -> bool:
    return any(first <= item[1] and item[0] <= last for first, last in spans)


def _initials(reader: Reader, i: int) -> tuple[int, int] | None:
    """ "t. van leeuwen", "J.P. de Groot", "J de Vries": initials, particles and a surname."""
    token = reader.tokens[i]
    bare_initial = token.kind == "word" and len(token.text) == 1 and token.text.isupper()
    if not (token.kind == "initials" or bare_initial) or abbreviation(token):
        return None
    following = reader.word(i + 1)
    if bare_initial and not (
        reader.particle(i + 1) or (following is not None and following.capitalised)
    ):
        return None
    j = i + 1
    while j < len(reader.tokens) and reader.tokens[j].kind == "initials":
        j += 1
    with_particle = reader.particle(j)
    while reader.particle(j):
        j += 1
    name = reader.word(j)
    if name is None or reader.excluded(name):
        return None
    if not (name.capitalised or reader.listed(name) or reader.foreign(name) or with_particle):
        return None
    return reader.grow(i, j)


def _particle_name(reader: Reader, i: int) -> tuple[int, int] | None:
    """ "bij van der Linden", "brief van Jansen", "met de Vries": lower-case particles and
    a capitalised surname inside a sentence.

    After a single "de" the surname must be no noun ("de Boer", "de Bocht" may be a farm
    or a place), and a preposition of place before it makes a place: "op de Brink".
    """
    if not reader.tokens[i].lower or not reader.particle(i, inside=True):
        return None
    j = i
    while reader.particle(j, inside=True) and reader.tokens[j].lower and j - i < 3:
        j += 1
    name = reader.word(j)
    if name is None or not name.capitalised or name.text.isupper():
        return None
    if reader.excluded(name) or not reader.surname(name):
        return None
    # "van Oss" is from a town; "de Vries", "van der Linden" are no towns, "de Bilt" is.
    only_van = j - i == 1 and reader.tokens[i].key == "van"
    phrase = reader.text[reader.tokens[i].start : name.end].casefold()
    if reader.place(name) if only_van else phrase in reader.lexicon.places:
        return None
    if j - i == 1 and not only_van:
        previous = reader.word(i - 1)
        if reader.noun(name) or (previous is not None and previous.key in _PLACE_PREPOSITIONS):
            return None
    first, last = reader.grow(i, j)
    return None if _organisation_follows(reader, last) else (first, last)


def extend_over_particles(text: str, findings: list[Finding]) -> list[Finding]:
    """Names found without their particles ("Leeuwen" in "van Leeuwen krijgt") get them.

    Only where the particles cannot be a preposition of their own: at the start of a
    sentence, two or more of them ("bij van der Linden"), or one that is no "van" ("de").
    """
    extended: list[Finding] = []
    for finding in findings:
        start = finding.start
        match = (
            _PARTICLES_BEFORE.search(text, max(0, start - 24), start)
            if finding.kind == "name"
            else None
        )
        if match and (
            not text[: match.start()].strip(" \t\"'(")
            or text[: match.start()].rstrip()[-1:] in ".!?:;\n"
            or len(match.group().split()) > 1
            or match.group().strip().lower() != "van"
        ):
            start = match.start()
            finding = Finding("name", start, finding.end, text[start : finding.end])
        extended.append(finding)
    return extended


def _first_name(reader: Reader, i: int) -> tuple[int, int] | None:
    """A first name from deduce's list that is no Dutch word: "ruud", "Stefan", "aisha"."""
    token = reader.word(i)
    if token is None or reader.place(token) or not reader.first_name(token):
        return None
    if (reader.excluded(token) or reader.known(token)) and not _capitalised_first_name(reader, i):
        return None
    if _has_acronym(token) or (reader.after_determiner(i) and not _after_conjunction(reader, i)):
        return None
    if _organisation_follows(reader, i) or _namesake(reader, i) or organisation_subject(reader, i):
        return None
    first, last = reader.grow(i, i)
    if _organisation_follows(reader, last):
        return None
    return reader.grow_left(first), last


def _possessive(reader: Reader, i: int) -> tuple[int, int] | None:
    """ "annemieks uitkering", "Ahmeds school": a first name with the genitive s, typed
    without an apostrophe, before a noun. The word itself is no Dutch word or place, the
    word without its s a listed first name that is no listed Dutch word either."""
    token = reader.word(i)
    if token is None or len(token.key) < 4 or not token.key.endswith("s"):
        return None
    stem = token.key[:-1]
    lexicon = reader.lexicon
    if not reader.foreign(token) or reader.verbish(token):
        return None
    if stem not in lexicon.first_names and fold(stem) not in lexicon.first_names:
        return None
    if lexicon.dutch.is_known(stem) or stem in lexicon.places or stem in CALENDAR_WORDS:
        return None
    following = reader.word(i + 1)
    dutch = lexicon.dutch
    if following is None or following.key in dutch.stop or following.key in dutch.verbs:
        return None
    if reader.verbish(following) or not reader.dutch(following):
        return None
    if _organisation_follows(reader, i) or _namesake(reader, i):
        return None  # "Frits Philips lyceum": a surname in an organisation's name
    return i, i


def _after_conjunction(reader: Reader, i: int) -> bool:
    """ "bleek dat youssef ...": "dat" and "die" also open a clause; no word follows then."""
    previous = reader.word(i - 1)
    token = reader.tokens[i]
    return (
        previous is not None
        and previous.key in {"dat", "die"}
        and not (reader.known(token) or reader.excluded(token))
    )


def _capitalised_first_name(reader: Reader, i: int) -> bool:
    """A first name that is also a word, capitalised inside a sentence: "met Jan", "Ben".

    Only a month abbreviation ("jan") among the calendar words, and not next to a number
    ("3 Jan 2025"); titles, roles and stop words stay excluded.
    """
    token = reader.tokens[i]
    key = token.key
    if not token.capitalised or token.text.isupper() or reader.sentence_initial(i):
        return False
    if (key in CALENDAR_WORDS and len(key) > 3) or key in country_words():
        return False
    if key in reader.lexicon.dutch.stop or reader.blocked_token(token):
        return False
    if reader.excluded(token) and key not in CALENDAR_WORDS:
        return False
    neighbours = (reader.tokens[k] for k in (i - 1, i + 1) if 0 <= k < len(reader.tokens))
    return not any(t.kind == "number" for t in neighbours)


def _has_acronym(token: Token) -> bool:
    """ "UWV", "WIA-keuring": names hold no acronyms."""
    return any(len(part) > 1 and part.isupper() for part in token.text.split("-"))


def _organisation_follows(reader: Reader, i: int) -> bool:
    """ "Vincent van Gogh GGZ", "Jeroen Bosch Ziekenhuis": a name that names an organisation."""
    following = reader.word(i + 1)
    if following is None or following.key not in ORGANISATION_TAILS:
        return False
    return following.capitalised or following.key not in _AMBIGUOUS_TAILS


def _namesake(reader: Reader, i: int) -> bool:
    """ "Prins Hendrikstraat", "Koninklijke Marine": part of a proper noun that is no person."""
    previous = reader.word(i - 1)
    if previous is None:
        return False
    if previous.key in ORGANISATION_HEADS or previous.key in NAMESAKE_HEADS:
        return True
    return previous.capitalised and not reader.listed(previous) and reader.dutch(previous)


def _after_preposition(reader: Reader, i: int) -> tuple[int, int] | None:
    """ "afspraak met yonas", "brief naar Tesfamariam": a name-like unknown word.

    A capitalised unknown word after a preposition is as often an organisation ("overleg
    met Incluzio", "bij Dock"), so it must look like a name; a word typed in lower case
    needs less name-likeness ("gesprek met dmytro"), and none when it is a listed surname
    that is no Dutch word: the letter model knows first names, and "pietersen", "mulder"
    or "hoekstra" spell like Dutch words ("de brief aan pietersen").
    """
    token = reader.word(i)
    if token is None or token.key not in PREPOSITION_CUES or not token.lower:
        return None
    name = reader.word(i + 1)
    if name is not None and _lower_case_surname(reader, name):
        return None if _organisation_follows(reader, i + 1) else reader.grow(i + 1, i + 1)
    if name is None or not _stranger(reader, name, LIKENESS_AFTER_CUE):
        return None
    threshold = LIKENESS_STRANGER
    if name.lower and len(name.key) <= MAX_LOOSE_LENGTH:
        threshold = LIKENESS_AFTER_CUE
    if reader.likeness(name) < threshold or _organisation_follows(reader, i + 1):
        return None
    return reader.grow(i + 1, i + 1)


def _lower_case_surname(reader: Reader, token: Token) -> bool:
    """A surname typed in lower case that no dictionary knows as a word: "mulder", not
    "visser" or "bakker"."""
    return (
        token.lower
        and len(token.key) > 3
        and reader.surname(token)
        and listed_unknown(reader, token)
        and reader.foreign(token)
        and not reader.verbish(token)
        and not simplemma.is_known(token.key, lang="nl")
    )


def _object(reader: Reader, i: int) -> tuple[int, int] | None:
    """ "vandaag dmytro gebeld", "ik heb oksana doorverwezen": an unknown word between an
    auxiliary or adverb and a past participle is the person the work was for."""
    token = reader.word(i)
    previous = reader.word(i - 1)
    if token is None or previous is None or previous.key not in OBJECT_OPENERS:
        return None
    if not participle(reader, i + 1) or not _stranger(reader, token, LIKENESS_AFTER_CUE):
        return None
    if len(token.key) > MAX_LOOSE_LENGTH and reader.likeness(token) < LIKENESS_STRANGER:
        return None
    return i, i


def _capitalised_stranger(reader: Reader, i: int) -> tuple[int, int] | None:
    """A capitalised, name-like unknown word inside a sentence: "... dat Mebrahtu ..."."""
    token = reader.word(i)
    if token is None or not token.capitalised or reader.sentence_initial(i):
        return None
    if not _stranger(reader, token) or reader.likeness(token) < LIKENESS_STRANGER:
        return None
    if _organisation_follows(reader, i) or reader.after_determiner(i) or _namesake(reader, i):
        return None
    return reader.grow(i, i)


def _stranger(reader: Reader, token: Token, likeness: float = LIKENESS_SUBJECT) -> bool:
    """Unknown, not Dutch, not a verb, and spelled like a name."""
    return (
        reader.foreign(token)
        and not _has_acronym(token)
        and not (token.lower and reader.verbish(token))
        and reader.likeness(token) >= likeness
    )
