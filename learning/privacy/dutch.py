"""Is this an ordinary Dutch word? Deduce's word lists, inflected, plus compounds and suffixes.

A name typed in lower case ("radu heeft geen woning") can only be told apart from a noun
("thuiszorg komt niet") by knowing the noun. Deduce ships frequent words, stop words and
medical terms in their base form; this module adds the inflected forms a knelpunt uses
(verbs, plurals, diminutives), splits compounds ("huurtoeslag" = "huur" + "toeslag") and
accepts words with a Dutch derivational suffix ("kwijtschelding").
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

import simplemma
import stop_words

from learning.privacy import vocabulary
from learning.privacy.everyday import EVERYDAY_WORDS, country_words

_VOWELS = "aeiou"
_VOICELESS = ("t", "k", "f", "s", "p", "ch", "x")  # 't kofschip: past tense with -te instead of -de
# Frequent irregular verb forms; regular ones are derived from the infinitives.
_IRREGULAR_VERBS = """
    ben bent is zijn was waren heb hebt heeft hebben had hadden kreeg kregen kwam kwamen
    ging gingen zat zaten lag lagen stond stonden zag zagen gaf gaven nam namen bleef bleven
    liep liepen sliep sliepen viel vielen hield hielden hing hingen vond vonden wist wisten
    kon konden mocht mochten moest moesten wilde wilden wou zou zouden deed deden zei zeiden
    schreef schreven kocht kochten dacht dachten bracht brachten vroeg vroegen stierf trok
    werd werden sprak spraken koos verloor begon begonnen bood ontving ontvingen belde
    zocht zochten verdween verdwenen verliet vertrok verbood weigerde gebleven gebeld
    gekregen gekomen gegaan gezeten gelegen gestaan gezien gegeven genomen gelopen gevallen
    gehouden gevonden geweten gekund gemogen gemoeten gewild gedaan gezegd geschreven
    gekocht gedacht gebracht gevraagd gestorven geweigerd verloren begonnen ontvangen
    verdwenen vertrokken verboden geworden gesproken gekozen gebleven gesloten sloot sloten
    kwijt snapt snapte begrijpt begreep begrepen ga gaat gaan sta staat staan doe doet
    zie ziet sla slaat kom komt weet laat valt houdt vindt kan kunt mag moet wil wilt zal
    zult hoeft hoefde durft durfde wordt blijft krijgt
"""
_DERIVATIONAL_SUFFIX = re.compile(
    r"(?:ing|ingen|heid|heden|lijk|lijke|lijker|schap|schappen|isch|ische|atie|aties|itie"
    r"|ities|teit|teiten|baar|bare|loos|loze|achtig|achtige|erij|erijen|ment|menten|isme"
    r"|iste|isten|ief|ieve|euze|ende|enden|igheid|ster|sters"
    r"|aar|aars|eur|eurs|ant|anten|ent|enten|eren|elen|ering|eringen|nis|nissen|sel|sels"
    r"|iek|ieke|ig|ige|iger|igen|straat|laan|plein|steeg|gracht|kade|singel|dreef|weg)$"
)
_MIN_PART = 3
_VERB_ENDINGS = ("d", "t", "de", "te", "den", "ten", "en")
_DIMINUTIVES = frozenset({"je", "jes", "tje", "tjes"})
# Separable verb prefixes: "uitbetaald" is "uit" + "betaald", "opgenomen" "op" + "genomen".
_SEPARABLE = (
    "aan", "af", "bij", "door", "in", "mee", "na", "om", "onder", "op", "over", "terug",
    "toe", "uit", "voor", "weg", "vast", "vrij", "samen", "tegen", "thuis", "binnen",
)  # fmt: skip
_INSEPARABLE = ("be", "ge", "ver", "ont", "her", "er")


@dataclass(frozen=True)
class DutchWords:
    """Dutch word forms, finite verb forms and stop words; picklable for the cache."""

    words: frozenset[str]
    everyday: frozenset[str]
    verbs: frozenset[str]
    stop: frozenset[str]

    def __contains__(self, word: object) -> bool:
        return isinstance(word, str) and self.is_dutch(word)

    def is_known(self, word: str) -> bool:
        """True for a listed word or one of its conjugated forms (no guessing)."""
        return word.casefold().strip("'-") in self.words

    def is_everyday(self, word: str) -> bool:
        """Like is_known, without deduce's medical terms (which hold names like "Ilias").

        Diminutives count too: "maatje" and "mannetje" are also old first names.
        """
        key = word.casefold().strip("'-")
        return key in self.everyday or any(
            suffix in _DIMINUTIVES and base in self.everyday for suffix, base in _bases(key)
        )

    def is_inflected(self, key: str) -> bool:
        """A plural, diminutive or adjective form of a listed word ("woningen", "oudere")."""
        return any(
            base in self.words and not (suffix == "e" and base in self.verbs)
            for suffix, base in _bases(key)
        )

    def is_verb_form(self, key: str) -> bool:
        """A strong or irregular form of a listed verb: "betrokken", "verhuisde", "bleek".

        Our own conjugation covers regular verbs only; simplemma's Dutch dictionary knows
        the strong forms. Only forms that end like a verb and lead to a verb we list (with
        or without a prefix) count, so a surname that simplemma also reads as a rare word
        form ("Lammert", "Vermunt") stays a name.
        """
        if not key.endswith(_VERB_ENDINGS):
            return False
        lemma = simplemma.lemmatize(key, lang="nl").casefold()
        if lemma == key or not lemma.endswith("en"):
            return False
        # "betrekken" is "be" + "trekken", "opnemen" "op" + "nemen".
        return lemma in self.words or any(
            lemma.startswith(prefix) and lemma[len(prefix) :] in self.words
            for prefix in _INSEPARABLE + _SEPARABLE
        )

    def is_dutch(self, word: str) -> bool:
        """True for a known word, a compound of known words or a word with a Dutch suffix."""
        key = word.casefold().strip("'-")
        if not key or key in self.words or self.is_inflected(key):
            return True
        if self.is_verb_form(key):
            return True
        if "-" in key:
            # The last part is the head of a compound: "WIA-keuring", "Wajong-regelingen".
            return self.is_dutch(key.rsplit("-", 1)[1])
        if len(key) >= 6 and _DERIVATIONAL_SUFFIX.search(key):
            return True
        if any(
            key.startswith(prefix) and key[len(prefix) :] in self.words for prefix in _SEPARABLE
        ):
            return True
        return self._is_compound(key)

    def _is_compound(self, key: str) -> bool:
        """ "huurtoeslag", "seizoenswerk", "energietoeslag": every part a known word."""
        if len(key) < 2 * _MIN_PART:
            return False
        return _split(key, self.words, depth=0)


def _split(rest: str, words: frozenset[str], depth: int) -> bool:
    if depth > 3:
        return False
    for cut in range(len(rest) - _MIN_PART, _MIN_PART - 1, -1):
        head, tail = rest[:cut], rest[cut:]
        if not (tail in words or any(base in words for _suffix, base in _bases(tail))):
            continue
        if head in words or _derived(head) or _split(head, words, depth + 1):
            return True
        # Linking letters: "seizoen-s-werk", "boek-en-kast", "sanering-s-krediet".
        for link in ("s", "en", "e"):
            stem = head.removesuffix(link)
            if stem != head and len(stem) >= _MIN_PART and (stem in words or _derived(stem)):
                return True
    return False


def _derived(head: str) -> bool:
    """A first part of a compound with a Dutch derivational suffix ("sanering")."""
    return len(head) >= 6 and bool(_DERIVATIONAL_SUFFIX.search(head))


def _bases(key: str) -> Iterable[tuple[str, str]]:
    """(suffix, base form) pairs a word may come from: plurals, diminutives, adjectives."""
    for suffix in ("en", "s", "'s", "e", "er", "ere", "st", "ste", "je", "jes", "tje", "tjes"):
        if key.endswith(suffix) and len(key) - len(suffix) >= _MIN_PART:
            stem = key[: -len(suffix)]
            yield suffix, stem
            if len(stem) >= 2 and stem[-1] == stem[-2] and stem[-1] not in _VOWELS:
                yield suffix, stem[:-1]  # "bedden" -> "bed"
            if suffix in {"en", "e", "er"} and len(stem) >= 2 and stem[-2] in _VOWELS:
                yield suffix, stem[:-1] + stem[-2] * 2 + stem[-1]  # "straten" -> "straat"
            if stem.endswith("v"):
                yield suffix, stem[:-1] + "f"  # "brieven" -> "brief"
            if stem.endswith("z"):
                yield suffix, stem[:-1] + "s"  # "huizen" -> "huis"
            if suffix == "er":
                yield suffix, stem + "en"  # "leider" -> "leiden", "zorger" -> "zorgen"


def build_dutch_words(
    *, common: Iterable[str], stop: Iterable[str], medical: Iterable[str]
) -> DutchWords:
    """The base forms from deduce and our own domain lists, with every verb conjugated."""
    stop_set = {w.casefold() for w in stop if w}
    stop_set |= {w.casefold() for w in stop_words.get_stop_words("dutch")}
    irregular = set(_IRREGULAR_VERBS.split())
    everyday = {w.casefold() for w in common if w} | stop_set | irregular
    everyday |= vocabulary.dutch_domain_words() | EVERYDAY_WORDS | country_words()
    medical = {w.casefold() for w in medical if w}
    everyday_forms, everyday_verbs = _with_verb_forms(everyday)
    medical_forms, medical_verbs = _with_verb_forms(medical)
    return DutchWords(
        words=frozenset(everyday_forms | medical_forms),
        everyday=frozenset(everyday_forms),
        verbs=frozenset(everyday_verbs | medical_verbs | irregular),
        stop=frozenset(stop_set),
    )


def _with_verb_forms(base: set[str]) -> tuple[set[str], set[str]]:
    """The words plus the finite forms and stems of every "-en" word; and those forms."""
    forms = set(base)
    verbs: set[str] = set()
    for word in base:
        if word.endswith("en") and len(word) > 4 and word.isalpha():
            finite = _conjugate(word)
            forms |= finite | _participles(word)
            forms.add(_stem(word))
            verbs |= finite
    return forms, verbs


def _conjugate(infinitive: str) -> set[str]:
    """Finite forms of a regular verb: "wonen" -> woont, woonde, woonden."""
    stem = _stem(infinitive)
    # 't kofschip looks at the sound before devoicing: "verhuizen" -> "verhuisde".
    voiced = infinitive[:-2].endswith(("v", "z"))
    past = "te" if stem.endswith(_VOICELESS) and not voiced else "de"
    third = stem if stem.endswith("t") else stem + "t"
    return {third, stem + past, stem + past + "n"}


def _participles(infinitive: str) -> set[str]:
    """ "betalen" -> betaald, "genomen"-style strong forms are in the irregular list."""
    stem = _stem(infinitive)
    ending = "" if stem.endswith(("t", "d")) else ("t" if stem.endswith(_VOICELESS) else "d")
    prefix = "" if infinitive.startswith(_INSEPARABLE) else "ge"
    participle = prefix + stem + ending
    return {participle, participle + "e"}


def _stem(infinitive: str) -> str:
    """ "bellen" -> "bel", "wonen" -> "woon", "geven" -> "geef" (also "woon" in "woonzorg")."""
    stem = infinitive[:-2]
    if len(stem) >= 2 and stem[-1] == stem[-2] and stem[-1] not in _VOWELS:
        stem = stem[:-1]  # bellen -> bel
    elif (
        len(stem) >= 3
        and stem[-1] not in _VOWELS
        and stem[-2] in _VOWELS
        and stem[-3] not in _VOWELS
    ):
        stem = stem[:-1] + stem[-2] + stem[-1]  # wonen -> woon
    if stem.endswith("v"):
        stem = stem[:-1] + "f"
    elif stem.endswith("z"):
        stem = stem[:-1] + "s"
    return stem
