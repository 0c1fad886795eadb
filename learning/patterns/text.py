"""Lexical evidence for the pattern engine: Dutch tokens, stems, character n-grams, key terms."""

from __future__ import annotations

import math
import re
from collections import Counter
from functools import lru_cache

import numpy as np
import scipy.sparse as sp
import snowballstemmer
from sklearn.feature_extraction.text import HashingVectorizer
from stop_words import get_stop_words

# Texts are cut here before any feature is computed: a knelpunt states its blockage early, and
# a pasted 10,000-character document must not cost seconds of embedding or n-gram counting.
MAX_CHARS = 2000
TITLE_MAX_CHARS = 120
MIN_TERM_LENGTH = 3

_WORD = re.compile(r"[^\W_]+")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")

# Hashed (not fitted) so that one knelpunt's lexical vector never depends on the others:
# computed once per text, comparable with any other. 2**20 buckets keep collisions rare.
_CHAR_NGRAMS = HashingVectorizer(
    analyzer="char_wb",
    ngram_range=(4, 5),
    n_features=2**20,
    alternate_sign=False,
    norm=None,
    lowercase=False,
    dtype=np.float32,
)


@lru_cache(maxsize=1)
def stop_words() -> frozenset[str]:
    """Dutch stop words from the stop-words package (not a hand-typed list)."""
    return frozenset(get_stop_words("dutch"))


@lru_cache(maxsize=1)
def _stemmer() -> snowballstemmer.stemmer:
    return snowballstemmer.stemmer("dutch")


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """Snowball stem of a lower-case Dutch word; cached because the vocabulary is small."""
    return _stemmer().stemWord(word)


def clip(text: str | None, max_chars: int = MAX_CHARS) -> str:
    """Collapse whitespace and cut overly long texts at a word boundary."""
    text = " ".join((text or "").split())
    if len(text) <= max_chars:
        return text
    cut = text[:max_chars]
    space = cut.rfind(" ")
    return cut[:space] if space > max_chars // 2 else cut


def tokens(text: str) -> list[str]:
    """Word tokens in reading order, original case, digits kept (ages and limits matter)."""
    return _WORD.findall(text)


def content_words(text: str) -> list[str]:
    """Lower-case tokens that are not Dutch stop words."""
    stops = stop_words()
    return [w for w in (t.lower() for t in tokens(text)) if w not in stops]


def has_content(text: str) -> bool:
    """Whether a text holds at least one content word worth comparing (letters, not a stop word)."""
    return any(not w.isdigit() for w in content_words(clip(text)))


def lexical_matrix(texts: list[str]) -> sp.csr_matrix:
    """One L2-normalised row of sublinear character 4-5-gram counts per text.

    Stop words are dropped first, so the n-grams carry the content; the character n-grams catch
    Dutch compounds and spelling variants ("kostendelersnorm" / "kostendeler") that whole-word
    matching misses.
    """
    docs = [" ".join(content_words(clip(t))) for t in texts]
    if not docs:
        return sp.csr_matrix((0, _CHAR_NGRAMS.n_features), dtype=np.float32)
    counts = _CHAR_NGRAMS.transform(docs).tocsr()
    counts.data = 1.0 + np.log(counts.data)
    norms = np.sqrt(counts.multiply(counts).sum(axis=1)).A.ravel()
    norms[norms == 0] = 1.0
    return sp.csr_matrix(counts.multiply((1.0 / norms)[:, None]), dtype=np.float32)


def term_forms(text: str) -> dict[str, str]:
    """Map each content stem in a text to the surface form seen first, for explanations."""
    forms: dict[str, str] = {}
    for word in content_words(clip(text)):
        if len(word) >= MIN_TERM_LENGTH and not word.isdigit():
            forms.setdefault(stem(word), word)
    return forms


def shared_terms(a: dict[str, str], b: dict[str, str], limit: int = 5) -> list[str]:
    """Readable words two texts share by stem; longer (more specific) words first."""
    common = [a[s] for s in a if s in b]
    return sorted(common, key=lambda w: (-len(w), w))[:limit]


def _display_form(forms: Counter[str]) -> str:
    """Lower case unless the writers consistently capitalise it (Wmo, UWV, CJIB)."""
    lowered = Counter()
    for form, count in forms.items():
        lowered[form.lower()] += count
    best = min(lowered, key=lambda w: (-lowered[w], w))
    variants = {f: c for f, c in forms.items() if f.lower() == best}
    if all(f != best for f in variants):
        return min(variants, key=lambda f: (-variants[f], f))
    return best


def _document_terms(text: str) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(stem, surface) unigrams and adjacent-content-word bigrams of one text."""
    stops = stop_words()
    unigrams: list[tuple[str, str]] = []
    bigrams: list[tuple[str, str]] = []
    previous: tuple[str, str] | None = None
    for token in tokens(clip(text)):
        lower = token.lower()
        if lower in stops or lower.isdigit() or len(lower) < MIN_TERM_LENGTH:
            previous = None
            continue
        current = (stem(lower), token)
        unigrams.append(current)
        if previous is not None:
            bigrams.append((f"{previous[0]} {current[0]}", f"{previous[1]} {current[1]}"))
        previous = current
    return unigrams, bigrams


def key_terms(texts: list[str], k: int = 5, background: list[str] | None = None) -> list[str]:
    """Readable key terms of a group of texts, unstemmed, most characteristic first.

    A term counts once per text, so one verbose writer cannot dominate; when several texts are
    given, only terms used by at least two of them qualify. With `background` (e.g. all stored
    knelpunten) terms common everywhere ("gemeente") are pushed down by an IDF factor.
    """
    texts = [t for t in texts if t and t.strip()]
    if not texts:
        return []
    document_frequency: Counter[str] = Counter()
    surfaces: dict[str, Counter[str]] = {}
    parts: dict[str, tuple[str, ...]] = {}
    for text in texts:
        unigrams, bigrams = _document_terms(text)
        for key, surface in [*unigrams, *bigrams]:
            surfaces.setdefault(key, Counter())[surface] += 1
        for key in {key for key, _ in unigrams} | {key for key, _ in bigrams}:
            document_frequency[key] += 1
        for key, _surface in bigrams:
            parts[key] = tuple(key.split(" "))
    minimum = 2 if len(texts) > 1 else 1
    background_frequency: Counter[str] = Counter()
    if background:
        for text in background:
            unigrams, bigrams = _document_terms(text)
            background_frequency.update({key for key, _ in unigrams} | {key for key, _ in bigrams})

    def weight(key: str) -> float:
        score = document_frequency[key] + (0.5 if key in parts else 0.0) + len(key) / 100
        if background:
            score *= math.log((len(background) + 1) / (background_frequency[key] + 1)) + 1
        return score

    ranked = sorted(
        (key for key, df in document_frequency.items() if df >= minimum),
        key=lambda key: (-weight(key), key),
    )
    chosen: list[str] = []
    covered: set[str] = set()
    for key in ranked:
        pieces = parts.get(key, (key,))
        if key in covered or (key in parts and any(p in covered for p in pieces)):
            continue
        chosen.append(key)
        covered.update(pieces)
        covered.add(key)
        if len(chosen) == k:
            break
    return [_display_form(surfaces[key]) for key in chosen]


def first_sentence(text: str) -> str:
    """The opening sentence of a text, where writers usually state the blockage."""
    text = clip(text)
    return _SENTENCE_END.split(text, maxsplit=1)[0].strip() if text else ""


def shorten(text: str, limit: int) -> str:
    """Cut at a word boundary and mark the cut with an ellipsis."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:-") + "…"


def central_text(texts: list[str]) -> str:
    """The text most similar to all the others by character n-grams (the group's medoid)."""
    texts = [t for t in texts if t and t.strip()]
    if not texts:
        return ""
    if len(texts) == 1:
        return texts[0]
    matrix = lexical_matrix(texts)
    similarity = (matrix @ matrix.T).toarray()
    return texts[int(np.argmax(similarity.sum(axis=1)))]


def suggest_title(texts: list[str], fallback: str = "Nieuw patroon") -> str:
    """A short Dutch working title: shared key terms, then the gist of the most central text.

    The key terms say what the reports share; the central report's first sentence keeps the
    title concrete. A chair can rename it; it never exceeds TITLE_MAX_CHARS.
    """
    texts = [t for t in texts if t and t.strip()]
    if not texts:
        return fallback
    sentence = first_sentence(central_text(texts)).rstrip(".")
    terms = key_terms(texts, k=3) if len(texts) > 1 else []
    if not terms:
        return shorten(sentence, TITLE_MAX_CHARS) or fallback
    head = terms[0][:1].upper() + terms[0][1:]
    if len(terms) > 1:
        head = f"{', '.join([head, *terms[1:-1]])} en {terms[-1]}"
    if len(head) >= TITLE_MAX_CHARS - 20 or not sentence:
        return shorten(head, TITLE_MAX_CHARS)
    sentence = sentence[:1].lower() + sentence[1:] if sentence[1:2].islower() else sentence
    return shorten(f"{head}: {sentence}", TITLE_MAX_CHARS)
