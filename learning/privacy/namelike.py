"""Does an unknown word look more like a first name or like a Dutch word? Letter trigrams.

No word list holds every name of a Dutch neighbourhood, nor every Dutch word. Deduce's
14,000 first names (from many backgrounds) and its Dutch word lists do show which letter
sequences each tends to have: "yonas", "radu" and "mebrahtu" read as names, "voorschot"
and "opgenomen" as Dutch. The score is the mean log-likelihood ratio per trigram.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

_N = 3
_SMOOTHING = 0.5


@dataclass(frozen=True)
class NameLikeness:
    """Per-trigram log ratios of the name model against the Dutch model; picklable."""

    ratios: dict[str, float]
    unseen: float

    def score(self, word: str) -> float:
        """Above 0: more name-like than Dutch-like (about -2 to +3 in practice)."""
        grams = _trigrams(word.casefold())
        return sum(self.ratios.get(gram, self.unseen) for gram in grams) / len(grams)


def train(names: Iterable[str], words: Iterable[str]) -> NameLikeness:
    """Letter-trigram models of two word lists, add-half smoothed."""
    name_counts = _counts(names)
    word_counts = _counts(words)
    vocabulary = set(name_counts) | set(word_counts)
    name_total = sum(name_counts.values()) + _SMOOTHING * len(vocabulary)
    word_total = sum(word_counts.values()) + _SMOOTHING * len(vocabulary)
    ratios = {
        gram: math.log((name_counts[gram] + _SMOOTHING) / name_total)
        - math.log((word_counts[gram] + _SMOOTHING) / word_total)
        for gram in vocabulary
    }
    unseen = math.log(_SMOOTHING / name_total) - math.log(_SMOOTHING / word_total)
    return NameLikeness(ratios, unseen)


def _counts(words: Iterable[str]) -> Counter[str]:
    counts: Counter[str] = Counter()
    for word in words:
        if word.isalpha():
            counts.update(_trigrams(word))
    return counts


def _trigrams(word: str) -> list[str]:
    padded = "^^" + word + "$"
    return [padded[i : i + _N] for i in range(len(padded) - _N + 1)]
