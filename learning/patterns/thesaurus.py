"""Concepts of the social domain found in a text: synonyms, abbreviations and compounds.

Reports of one pattern name the same thing differently ("VOG", "verklaring omtrent gedrag",
"gedragsverklaring"): neither character n-grams nor the sentence embedding bridge an
abbreviation. Mapping each name to its concept lets two such reports share evidence, and the
explanation can say why ("VOG ≈ verklaring omtrent gedrag").
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np

DATA = Path(__file__).with_name("thesaurus.txt")

# A name this long also matches as the head or tail of a compound ("bijstandsuitkering").
MIN_COMPOUND_PART = 6
# Long tokens whose compound lookup is remembered (a few MB at most).
COMPOUND_MEMO = 50_000
# Dutch linking sounds between the parts of a compound ("bijstand-s-uitkering").
_LINKS = ("", "s", "e", "en")
_WORD = re.compile(r"[^\W_]+")


def words(text: str) -> list[str]:
    """Lower-case word tokens; hyphens and slashes separate words, as in the names."""
    return _WORD.findall(text.lower())


@dataclass
class Thesaurus:
    """Names -> concept labels, with an index for phrases and one for compound parts."""

    phrases: dict[str, list[tuple[tuple[str, ...], str]]] = field(default_factory=dict)
    parts: dict[str, str] = field(default_factory=dict)
    names: dict[str, list[str]] = field(default_factory=dict)
    # Bumped by every add(), so features cached per text know when to find concepts again.
    version: int = 0
    # Compound lookups per token, for this version: the same long words recur in every report.
    _compounds: dict[str, str | None] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def add(self, label: str, names: Iterable[str]) -> None:
        """Register a concept's names (a chair's synonym, or a line of the data file)."""
        self.version += 1
        self._compounds.clear()
        known = self.names.setdefault(label, [])
        for name in [label, *names]:
            tokens = tuple(words(name))
            if not tokens or name in known:
                continue
            known.append(name)
            bucket = self.phrases.setdefault(tokens[0], [])
            if (tokens, label) not in bucket:
                bucket.append((tokens, label))
                bucket.sort(key=lambda entry: -len(entry[0]))
            if len(tokens) == 1 and len(tokens[0]) >= MIN_COMPOUND_PART:
                self.parts.setdefault(tokens[0], label)

    def find(self, text: str) -> dict[str, str]:
        """Concept label -> the words of the text that named it, in reading order."""
        tokens = words(text)
        found: dict[str, str] = {}
        i = 0
        while i < len(tokens):
            matched = 0
            for names, label in self.phrases.get(tokens[i], ()):
                if tuple(tokens[i : i + len(names)]) == names:
                    found.setdefault(label, " ".join(names))
                    matched = len(names)
                    break
            if not matched:
                label = self._compound(tokens[i])
                if label is not None:
                    found.setdefault(label, tokens[i])
            i += max(matched, 1)
        return found

    def _compound(self, token: str) -> str | None:
        """The concept whose name starts or ends this compound (remembered per token)."""
        if len(token) < MIN_COMPOUND_PART + 3:
            return None
        if token not in self._compounds:
            if len(self._compounds) >= COMPOUND_MEMO:
                self._compounds.clear()  # typed input is unbounded; the memo must not be
            self._compounds[token] = self._split_compound(token)
        return self._compounds[token]

    def _split_compound(self, token: str) -> str | None:
        """The concept whose name starts or ends this compound, longest name first."""
        for cut in range(len(token) - 3, MIN_COMPOUND_PART - 1, -1):
            head = token[:cut]
            for link in _LINKS:
                if link and not head.endswith(link):
                    continue
                stem = head[: len(head) - len(link)] if link else head
                if stem in self.parts:
                    return self.parts[stem]
        for cut in range(3, len(token) - MIN_COMPOUND_PART + 1):
            tail = token[cut:]
            if tail in self.parts:
                return self.parts[tail]
        return None


def parse(lines: Iterable[str]) -> Thesaurus:
    """A thesaurus from lines "label | name | name"; # starts a comment."""
    thesaurus = Thesaurus()
    for line in lines:
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        label, *names = [part.strip() for part in line.split("|")]
        thesaurus.add(label, [n for n in names if n])
    return thesaurus


@lru_cache(maxsize=1)
def default() -> Thesaurus:
    """The thesaurus shipped with the app (thesaurus.txt)."""
    return parse(DATA.read_text(encoding="utf-8").splitlines())


def add_synonyms(label: str, names: Iterable[str]) -> None:
    """Teach the running app a synonym (a chair's, when merging two patterns); the app calls
    this for the stored ones at start-up, so the data file stays the public vocabulary only."""
    default().add(label, names)


def concept_matrix(
    found: list[dict[str, str]], weights: dict[str, float] | None = None
) -> np.ndarray:
    """Rows of L2-normalised concept weights (IDF over these texts unless `weights` given).

    A concept every report names ("bijstand" in a collection about income) says little about
    which reports belong together; one that two reports alone share says much.
    """
    labels = sorted({label for concepts in found for label in concepts})
    if not labels:
        return np.zeros((len(found), 0))
    column = {label: c for c, label in enumerate(labels)}
    if weights is None:
        weights = idf(found)
    matrix = np.zeros((len(found), len(labels)))
    for row, concepts in enumerate(found):
        for label in concepts:
            matrix[row, column[label]] = weights.get(label, 1.0)
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return matrix / norms


def idf(found: list[dict[str, str]]) -> dict[str, float]:
    """Smoothed inverse document frequency of each concept over a collection."""
    frequency = Counter(label for concepts in found for label in concepts)
    n = len(found)
    return {label: math.log((n + 1) / (count + 1)) + 1.0 for label, count in frequency.items()}


def explain(a: dict[str, str], b: dict[str, str], limit: int = 3) -> list[str]:
    """Dutch-readable lines for concepts two texts share, "VOG ≈ verklaring omtrent gedrag"
    where they named it differently, the plain name where they used the same words."""

    def shown(label: str, words: str) -> str:
        return label if words == label.lower() else words  # "VOG", not "vog"

    lines = []
    for label in sorted(set(a) & set(b), key=lambda key: (a[key] == b[key], key)):
        first, second = shown(label, a[label]), shown(label, b[label])
        lines.append(first if first == second else f"{first} ≈ {second}")
        if len(lines) == limit:
            break
    return lines
