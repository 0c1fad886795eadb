"""Tokens of a text and the word tests that the name rules in names.py share.

Is a word a listed first name or surname, ordinary Dutch, a verb form, a place, or a word
that only a name could be? Each test is one method of `Reader`, memoised per text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

import simplemma

from learning.privacy.lexicon import Lexicon, fold
from learning.privacy.vocabulary import (
    ADDRESS_WORDS,
    CALENDAR_WORDS,
    FUNCTION_WORDS,
    NAME_PARTICLES,
    ORGANISATION_HEADS,
    ORGANISATION_TAILS,
    ROLE_WORDS,
    TITLES,
)

_TOKEN = re.compile(
    r"(?P<initials>(?:[^\W\d_]\.){1,4}(?![^\W\d_]))"
    r"|(?P<word>'t(?![^\W\d_])|[^\W\d_]+(?:['-][^\W\d_]+)*)"
    r"|(?P<number>\d+)"
    r"|(?P<punct>\S)"
)
_SENTENCE_END = frozenset(".!?:;")
_OPENERS = frozenset("\"'([*•-")
_NOT_NAMES = ROLE_WORDS | CALENDAR_WORDS | ADDRESS_WORDS | TITLES | ORGANISATION_HEADS
# How name-like (namelike.py) an unknown word must look, per strength of the evidence
# around it (after a title any non-Dutch word goes); a sentence's subject needs the most.
LIKENESS_AFTER_CUE = -0.5
LIKENESS_SUBJECT = -0.3
LIKENESS_STRANGER = 0.5
# "bvv", "pgb", "ww": a word without a vowel is an abbreviation, not a name.
_MIN_DICTIONARY_WORD = 4
_VOWELS = "aeiou"
_VOWEL = re.compile(r"[aeiouyàáâäèéêëìíîïòóôöùúûü]")
# Past participles and the adjectives made of them: "opgenomen", "uitbetaald", "gedetineerde".
PARTICIPLE = re.compile(
    r"(?:aan|af|bij|door|in|mee|na|om|onder|op|over|terug|toe|uit|voor|weg|vast|vrij|samen"
    r"|tegen)?ge\w{3,}(?:d|t|de|te|den|ten|en)$"
)
# Prepositions that double as particles only right after a title ("dhr. op de Beek"); after a
# name they start a phrase: "Kuijpers op de Heuvel 21".
_PREPOSITION_PARTICLES = frozenset({"in", "op", "te", "uit", "aan", "bij"})
# A word after one of these is a noun, not a name: "een schone lei", "de Brink".
_DETERMINERS = frozenset(
    [
        "de",
        "het",
        "'t",
        "een",
        "deze",
        "die",
        "dat",
        "geen",
        "elke",
        "ieder",
        "iedere",
        "mijn",
        "zijn",
        "haar",
        "onze",
        "hun",
        "uw",
        "welke",
    ]
)


@dataclass(frozen=True)
class Token:
    """One word, initials, number or punctuation mark of the (normalised) text."""

    kind: str
    start: int
    end: int
    text: str

    @cached_property
    def key(self) -> str:
        """Lower case, without a genitive "'s" ("jansen's dochter"); computed once."""
        key = self.text.casefold()
        return key[:-2] if key.endswith("'s") and len(key) > 3 else key

    @property
    def capitalised(self) -> bool:
        return self.text[:1].isupper()

    @property
    def lower(self) -> bool:
        return self.text.islower()


def _inflections(key: str, suffix: str) -> set[str]:
    """ "wit" -> "witte", "groot" -> "grote", "doof" -> "dove": spellings before -e/-er."""
    forms = {key + suffix}
    if len(key) >= 3 and key[-1] not in _VOWELS and key[-2] in _VOWELS:
        if key[-3] == key[-2]:
            forms.add(key[:-2] + key[-1] + suffix)
        elif key[-3] not in _VOWELS:
            forms.add(key + key[-1] + suffix)
    voiced = {
        form[: -len(suffix) - 1] + {"f": "v", "s": "z"}[form[-len(suffix) - 1]] + suffix
        for form in forms
        if form[-len(suffix) - 1] in "fs"
    }
    return forms | voiced


def _infinitives(stem: str) -> set[str]:
    """ "verwijs" -> "verwijzen", "raak" -> "raken", "bel" -> "bellen", "leef" -> "leven"."""
    forms = {stem + "en"}
    if stem.endswith("s"):
        forms.add(stem[:-1] + "zen")
    if stem.endswith("f"):
        forms.add(stem[:-1] + "ven")
    if len(stem) >= 3 and stem[-2] == stem[-3] and stem[-2] in _VOWELS:
        forms |= {f[: len(stem) - 2] + f[len(stem) - 1 :] for f in forms}  # "raak" -> "raken"
    elif len(stem) >= 2 and stem[-1] not in _VOWELS and stem[-2] in _VOWELS:
        forms.add(stem + stem[-1] + "en")  # "bel" -> "bellen"
    return forms


def tokenize(text: str) -> list[Token]:
    return [
        Token(m.lastgroup or "punct", m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text)
    ]


class Reader:
    """The tokens of one text with the word tests the rules share (memoised per text)."""

    def __init__(self, text: str, lexicon: Lexicon, blocked: Sequence[tuple[int, int]]) -> None:
        self.text = text
        self.tokens = tokenize(text)
        self.lexicon = lexicon
        self.blocked = blocked
        self._dutch: dict[str, bool] = {}

    # --- word tests --------------------------------------------------------------------

    def word(self, i: int) -> Token | None:
        if 0 <= i < len(self.tokens) and self.tokens[i].kind == "word":
            return self.tokens[i]
        return None

    def listed(self, token: Token) -> bool:
        """In deduce's first-name or surname list (accents folded)."""
        lexicon = self.lexicon
        return any(
            part in lexicon.first_names or part in lexicon.surnames
            for key in {token.key, fold(token.key)}
            for part in (key, *key.split("-"))
        )

    def noun(self, token: Token) -> bool:
        """A Dutch word that is no verb form: "bakker" is, "vries" (of "vriezen") is not."""
        key = token.key
        lemma = simplemma.lemmatize(key, lang="nl").casefold()
        if lemma != key and lemma.endswith("en") and lemma in self.lexicon.dutch.words:
            return False
        return (simplemma.is_known(key, lang="nl") and lemma == key) or self.dutch(token)

    def adjective(self, token: Token) -> bool:
        """A bare adjective ("jong", "groot", "wit"): it has a form in -e and one in -er.

        After an article a bare adjective cannot stand alone, so "de jong belde" is a name.
        """
        key = token.key
        return all(
            any(simplemma.is_known(form, lang="nl") for form in _inflections(key, suffix))
            for suffix in ("e", "er")
        )

    def surname(self, token: Token) -> bool:
        """In deduce's surname list (accents folded)."""
        return token.key in self.lexicon.surnames or fold(token.key) in self.lexicon.surnames

    def first_name(self, token: Token) -> bool:
        keys = {token.key, fold(token.key)}
        return any(part in self.lexicon.first_names for k in keys for part in (k, *k.split("-")))

    def known(self, token: Token) -> bool:
        """An everyday Dutch word, verb form or diminutive ("bakker" is not; "maatje" is)."""
        return self.lexicon.dutch.is_everyday(token.key)

    def dutch(self, token: Token) -> bool:
        """Known, a compound of known words or a word with a Dutch suffix."""
        key = token.key
        if key not in self._dutch:
            self._dutch[key] = self.lexicon.dutch.is_dutch(key) or self._in_dictionary(token)
        return self._dutch[key]

    def _in_dictionary(self, token: Token) -> bool:
        """A word simplemma's Dutch dictionary knows ("energieleverancier", "burn-out").

        Our lists hold base forms and simple compounds; the dictionary knows far more
        words, but also many surnames ("Mulder", "Peters"): a listed name does not count,
        nor does a short word ("li").
        """
        return (
            len(token.key) >= _MIN_DICTIONARY_WORD
            and not self.listed(token)
            and simplemma.is_known(token.key, lang="nl")
        )

    def particle(self, i: int, *, inside: bool = False) -> bool:
        """A surname particle; `inside` a name, prepositions like "op" do not count."""
        token = self.tokens[i] if 0 <= i < len(self.tokens) else None
        if token is None or token.kind not in {"word", "initials"}:
            return False
        key = token.key
        is_particle = key in NAME_PARTICLES or key in self.lexicon.particles  # deduce's interfixes
        return is_particle and not (inside and key in _PREPOSITION_PARTICLES)

    def after_determiner(self, i: int) -> bool:
        """ "een schone lei", "op de Brink": an article makes the word a noun."""
        for j in (i - 1, i - 2):
            token = self.word(j)
            if token is None or not token.lower:
                return False
            if token.key in _DETERMINERS:
                return True
        return False

    def excluded(self, token: Token) -> bool:
        """Never a name: roles, titles, months, organisations, system terms, acronyms."""
        key = token.key
        return (
            key in _NOT_NAMES
            or key in self.lexicon.dutch.stop
            or len(key) < 2
            or any(s < token.end and token.start < e for s, e in self.blocked)
        )

    def place(self, token: Token) -> bool:
        """A place, a part of one ("Haarlem-Oost") or a compound of one and a Dutch word
        ("Rotterdampas", "Tilburgse")."""
        places = self.lexicon.places
        key = token.key
        if key in places or fold(key) in places:
            return True
        if "-" in key:
            return any(part in places for part in key.split("-") if len(part) > 3)
        return any(
            key[:cut] in places and self.lexicon.dutch.is_dutch(key[cut:])
            for cut in range(4, len(key) - 1)
        )

    def verbish(self, token: Token) -> bool:
        """A lower-case verb form ("belde", "woont", "raakt", "gewaarschuwd")."""
        key = token.key
        return (
            key in self.lexicon.dutch.verbs
            or (len(key) > 3 and key.endswith("t") and self._verb_stem(key))
            or bool(PARTICIPLE.match(key))
        )

    def _verb_stem(self, key: str) -> bool:
        """ "raakt", "wordt": a known stem or word form; not "dawit", "senait", "mebrat"."""
        stem = key[:-1]
        return (
            key.endswith("dt")
            or stem in self.lexicon.dutch.words
            or simplemma.lemmatize(key, lang="nl").casefold() != key
            or any(
                form in self.lexicon.dutch.words or simplemma.is_known(form, lang="nl")
                for form in _infinitives(stem)
            )
        )

    def foreign(self, token: Token) -> bool:
        """Not Dutch, no place, no acronym: in a name's position, likely a name."""
        return not (
            self.excluded(token)
            or self.dutch(token)
            or self.place(token)
            or (token.text.isupper() and len(token.text) > 1)
            or not _VOWEL.search(token.key)
            or PARTICIPLE.match(token.key)
        )

    def likeness(self, token: Token) -> float:
        return self.lexicon.name_likeness.score(fold(token.key))

    def sentence_initial(self, i: int) -> bool:
        j = i - 1
        while j >= 0 and self.tokens[j].kind == "punct" and self.tokens[j].text in _OPENERS:
            j -= 1
        if j < 0:
            return True
        previous = self.tokens[j]
        gap = self.text[previous.end : self.tokens[i].start]
        return "\n" in gap or (previous.kind == "punct" and previous.text in _SENTENCE_END)

    # --- acceptance per strength -------------------------------------------------------

    def after_title(self, token: Token, after_particle: bool) -> bool:
        """After "mw", "dhr.", "fam.": almost any word, but not a verb ("mevrouw belde").

        After a title and a particle even a place or organisation word is a surname:
        "mevr van den bosch", "de heer Van Oosterhout".
        """
        if token.key in _NOT_NAMES or len(token.key) < 2:
            return False
        if not after_particle and self.blocked_token(token):
            return False
        if token.text.isupper() and not _VOWEL.search(token.key):
            return False  # "huisbezoek van JB": initials of a colleague, an acronym
        if token.capitalised:
            # "mevrouw. Daarna belde ze": a new sentence, no name
            return after_particle or not (
                token.key in self.lexicon.dutch.stop or token.key in FUNCTION_WORDS
            )
        if after_particle and self.listed(token):
            return True  # "familie vd meer"
        if token.key in self.lexicon.dutch.stop or token.key in NAME_PARTICLES:
            return False
        if token.key in self.lexicon.dutch.verbs or self.known(token):
            return False  # "mvr belt", "dossier ligt": also surnames, but verbs here
        if self.listed(token):
            return True
        if after_particle:
            return not self.dutch(token)  # "mevrouw de voorzitter"
        return not (self.dutch(token) or self.verbish(token))

    def after_cue(self, token: Token) -> bool:
        """After a kin word or "casus": a listed first name or an unknown word.

        Two letters are not enough here: "zoon (Jw)" is the Jeugdwet.
        """
        if self.excluded(token) or len(token.key) < 3:
            return False
        if self.listed(token) and not self.known(token):
            return True
        if token.capitalised and not self.dutch(token) and not self.place(token):
            return self.likeness(token) >= LIKENESS_AFTER_CUE
        return (
            self.foreign(token)
            and not self.verbish(token)
            and self.likeness(token) >= LIKENESS_AFTER_CUE
        )

    def blocked_token(self, token: Token) -> bool:
        return any(s < token.end and token.start < e for s, e in self.blocked)

    # --- growing a name ----------------------------------------------------------------

    def grow(self, first: int, last: int) -> tuple[int, int]:
        """Extend a name over more name words and particles: "fatima el idrissi"."""
        capital = self.tokens[last].capitalised
        while True:
            j = last + 1
            while self.particle(j, inside=True):
                j += 1
            token = self.word(j)
            if token is None:
                break
            with_particle = j > last + 1
            if not self.continues(token, capital, with_particle):
                break
            last = j
        return first, last

    def continues(self, token: Token, capital: bool, with_particle: bool) -> bool:
        if self.excluded(token) and not (with_particle and token.capitalised):
            return False
        if token.key in ORGANISATION_TAILS:
            return False
        if token.capitalised != capital and not token.text.isupper():
            return with_particle and token.capitalised
        if self.listed(token):
            return not self.known(token) or with_particle
        if token.capitalised:
            return not self.dutch(token) or (with_particle and not self.known(token))
        return self.foreign(token) and not self.verbish(token)

    def grow_left(self, first: int) -> int:
        """Take a preceding unknown word along: "gul ahmad" found from "ahmad"."""
        token = self.word(first - 1)
        if token is None or self.excluded(token) or token.lower != self.tokens[first].lower:
            return first
        if (self.listed(token) and not self.known(token)) or self.foreign(token):
            return first - 1
        return first
