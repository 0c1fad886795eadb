"""Synthetic knelpunt corpora for the suggestion benchmark, with cached embeddings.

The dev set has only 255 labelled knelpunten, so national-scale corpora are made of
deterministic variants of them. Each variant keeps the gold pattern of its source. Queries
are typed-prefix variants of *held-out* source texts, so a query never has a near-copy of
itself in the corpus and precision measures whether other reports of the same pattern are
found, not whether a paraphrase of the query is.
"""

from __future__ import annotations

import json
import multiprocessing as mp
import random
import re
import sys
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np

# The shared data folder lies beside the checkout (../shared/data), in CI as on a laptop.
DEV_PATH = Path(__file__).resolve().parents[2] / "shared" / "data" / "knelpunten-dev.jsonl"
CACHE_DIR = Path(__file__).parent / ".cache"
CHUNK = 10_000
DIMENSIONS = 512

# A pattern needs this many dev texts before some of them are held out as query sources.
MIN_PATTERN_SIZE_FOR_HOLDOUT = 4
HOLDOUT_EVERY = 4

# Bump when the generator changes, so cached embeddings of the old texts are not reused.
GENERATOR_VERSION = 2
# Lead-ins some reporters type. Rare on purpose: when most variants carried one, the embedding
# matched on the shared lead-in instead of the content, an artefact real reports do not have.
PREFIX_RATE = 0.1
_PREFIXES = (
    "Casus: ",
    "Melding: ",
    "Signaal: ",
    "Knelpunt: ",
    "Praktijkvoorbeeld: ",
    "Uit het wijkteam: ",
    "Vanuit de praktijk: ",
    "Opnieuw: ",
    "Ter info: ",
    "Graag aandacht voor: ",
    "Zie ook eerdere melding. ",
)
_SENTENCE = re.compile(r"(?<=[.!?;])\s+")
_NUMBER = re.compile(r"\d+")


@dataclass(frozen=True)
class Source:
    """One dev knelpunt used as a seed for variants."""

    text: str
    pattern: str


@dataclass(frozen=True)
class Corpus:
    """Corpus texts with gold patterns, and typed queries with gold patterns."""

    texts: list[str]
    patterns: list[str]
    queries: list[str]
    query_patterns: list[str]
    near_queries: list[str]
    near_query_patterns: list[str]
    # Texts from this position on are not embedded: their vectors are derived from the
    # embedded text ``parents[i - embedded]``, a variant of the same source (see
    # ``corpus_vectors``).
    embedded: int
    parents: list[int]
    # Per text, the position of its source in the stream's source list (for calibration).
    sources: list[int]


def load_sources(path: Path = DEV_PATH) -> tuple[list[Source], list[Source]]:
    """Split the dev set into corpus sources and held-out query sources, deterministically."""
    by_pattern: dict[str, list[dict[str, str]]] = defaultdict(list)
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            by_pattern[row["pattern"]].append(row)
    corpus_sources: list[Source] = []
    held_out: list[Source] = []
    for pattern in sorted(by_pattern):
        rows = sorted(by_pattern[pattern], key=lambda r: r["id"])
        for position, row in enumerate(rows):
            source = Source(row["text"], pattern)
            holdout = (
                len(rows) >= MIN_PATTERN_SIZE_FOR_HOLDOUT
                and position % HOLDOUT_EVERY == HOLDOUT_EVERY - 1
            )
            (held_out if holdout else corpus_sources).append(source)
    return corpus_sources, held_out


def _change_numbers(text: str, rng: random.Random) -> str:
    def repl(match: re.Match[str]) -> str:
        value = int(match.group())
        if rng.random() < 0.5:
            return match.group()
        return str(max(1, value + rng.randint(-max(2, value // 3), max(2, value // 3))))

    return _NUMBER.sub(repl, text)


def _drop_words(text: str, rng: random.Random, rate: float) -> str:
    words = text.split()
    kept = [w for w in words if rng.random() >= rate]
    return " ".join(kept or words)


def variant(
    source: Source, same_pattern: list[Source], rng: random.Random, typed: bool = False
) -> str:
    """Perturb a source text without changing what it is about (and so its gold pattern)."""
    sentences = [s for s in _SENTENCE.split(source.text) if s]
    others = [o for o in same_pattern if o.text != source.text]
    if others and len(sentences) > 1 and rng.random() < 0.3:
        donor = [s for s in _SENTENCE.split(rng.choice(others).text) if s]
        sentences[rng.randrange(len(sentences))] = rng.choice(donor)
    if len(sentences) > 2 and rng.random() < 0.2:
        del sentences[rng.randrange(len(sentences))]
    if len(sentences) > 1 and rng.random() < 0.2:
        i = rng.randrange(len(sentences) - 1)
        sentences[i], sentences[i + 1] = sentences[i + 1], sentences[i]
    text = " ".join(sentences)
    text = _change_numbers(text, rng)
    text = _drop_words(text, rng, rate=rng.choice((0.0, 0.05, 0.1, 0.15)))
    if rng.random() < 0.15:
        text = text.lower()
    if rng.random() < 0.1:
        text = text.rstrip(".")
    if rng.random() < PREFIX_RATE:
        text = rng.choice(_PREFIXES) + text
    if typed:
        # What the form holds while someone is still typing: a prefix of the full text.
        words = text.split()
        keep = max(4, round(len(words) * rng.uniform(0.4, 1.0)))
        text = " ".join(words[:keep])
    return text


def _variants(
    sources: list[Source], rng: random.Random, typed: bool, exclude: set[str]
) -> Iterator[tuple[str, str, str]]:
    """Endless distinct (text, pattern, source text) variants of the sources."""
    by_pattern: dict[str, list[Source]] = defaultdict(list)
    for s in sources:
        by_pattern[s.pattern].append(s)
    seen = set(exclude)
    misses = 0
    while True:
        source = sources[rng.randrange(len(sources))]
        text = variant(source, by_pattern[source.pattern], rng, typed=typed)
        if text in seen:
            misses += 1
            if misses > 10_000:
                raise RuntimeError("variant space exhausted")
            continue
        misses = 0
        seen.add(text)
        yield text, source.pattern, source.text


def build_corpus(
    n: int, seed: int = 7, n_queries: int = 200, embedded: int | None = None
) -> Corpus:
    """N distinct corpus texts (the first N of one endless stream, so corpora nest) + queries.

    Embedding takes ~4 ms a text on one core, and this machine's cores are shared, so a
    national-scale corpus may embed only its first ``embedded`` texts. The texts after them
    are still distinct variants from the same stream, each with the gold pattern of its
    source; ``corpus_vectors`` derives their vectors from an embedded variant of the same
    source (its parent), so the index holds N distinct vectors in the same clustered geometry.
    """
    embedded = n if embedded is None else min(n, embedded)
    corpus_sources, held_out = load_sources()
    stream = _variants(corpus_sources, random.Random(seed), typed=False, exclude=set())
    texts: list[str] = []
    patterns: list[str] = []
    rows_of_source: dict[str, list[int]] = defaultdict(list)
    source_number: dict[str, int] = {}
    sources: list[int] = []
    parents: list[int] = []
    pick = random.Random(seed + 3)
    for i in range(n):
        text, pattern, source = next(stream)
        texts.append(text)
        patterns.append(pattern)
        sources.append(source_number.setdefault(source, len(source_number)))
        if i < embedded:
            rows_of_source[source].append(i)
        else:
            parents.append(pick.choice(rows_of_source[source]))
    query_stream = _variants(held_out, random.Random(seed + 1), typed=True, exclude=set())
    queries, query_patterns, _ = zip(*(next(query_stream) for _ in range(n_queries)), strict=True)
    # Typed variants of sources that are in the corpus, but not copies of corpus texts.
    near_stream = _variants(corpus_sources, random.Random(seed + 2), typed=True, exclude=set(texts))
    near, near_patterns, _ = zip(*(next(near_stream) for _ in range(n_queries)), strict=True)
    return Corpus(
        texts,
        patterns,
        list(queries),
        list(query_patterns),
        list(near),
        list(near_patterns),
        embedded,
        parents,
        sources,
    )


def _chunk_path(seed: int, index: int) -> Path:
    return CACHE_DIR / f"vectors-v{GENERATOR_VERSION}-seed{seed}-chunk{index:04d}-{CHUNK}.npy"


def _embed_chunk(args: tuple[int, int, list[str]]) -> int:
    from learning.patterns.embedding import embed

    seed, index, texts = args
    path = _chunk_path(seed, index)
    vectors = embed(texts).astype(np.float32)
    tmp = path.with_suffix(".tmp.npy")
    np.save(tmp, vectors)
    tmp.replace(path)
    return index


DERIVE_MODES = ("jitter", "mix")


def corpus_vectors(
    corpus: Corpus, seed: int, processes: int = 2, derive: str = "jitter"
) -> np.ndarray:
    """Embed the corpus once; chunks are cached per seed so a run for 1M reuses 100k's work."""
    CACHE_DIR.mkdir(parents=True, exist_ok=True)
    ignore = CACHE_DIR / ".gitignore"
    if not ignore.exists():
        ignore.write_text("*\n")
    texts = corpus.texts[: corpus.embedded]
    n_chunks = -(-len(texts) // CHUNK)
    chunks = [(seed, i, texts[i * CHUNK : (i + 1) * CHUNK]) for i in range(n_chunks)]
    # A short last chunk is never cached under the full-chunk name; it is embedded each run.
    todo = [c for c in chunks if len(c[2]) == CHUNK and not _chunk_path(seed, c[1]).exists()]
    if todo:
        with mp.get_context("spawn").Pool(processes) as pool:
            for done in pool.imap_unordered(_embed_chunk, todo):
                print(f"embedded chunk {done + 1}/{n_chunks}", file=sys.stderr, flush=True)
    out = np.empty((len(corpus.texts), DIMENSIONS), dtype=np.float32)
    for _, i, part in chunks:
        rows = slice(i * CHUNK, i * CHUNK + len(part))
        if len(part) == CHUNK:
            out[rows] = np.load(_chunk_path(seed, i), mmap_mode="r")
        else:
            from learning.patterns.embedding import embed

            out[rows] = embed(part)
    if corpus.parents:
        _derive_vectors(out, corpus, seed, derive)
    return out


def _derive_vectors(vectors: np.ndarray, corpus: Corpus, seed: int, mode: str) -> None:
    """Fill the rows past ``corpus.embedded`` with vectors derived from their parent's.

    A derived row stands in for another variant of its parent's source. ``jitter``: the
    parent plus isotropic noise, set to put it as far from its parent as two real embedded
    variants of one source are from each other (median over a sample of such pairs); the
    noise leaves the region real texts occupy, so jittered rows score lower against real
    queries than their parents and seldom compete for a top 5. ``mix``: a random convex
    combination of the parent and another embedded variant of the same source, normalised;
    it stays among real variants, so derived rows do compete (the harder test for recall).
    Either way the shortcut replaces only the model call; the rows are distinct vectors and
    every figure (recall against an exact scan, index work per query) is computed on all N.
    """
    rng = np.random.default_rng(seed)
    embedded = corpus.embedded
    real = vectors[:embedded]
    by_source: dict[int, list[int]] = defaultdict(list)
    for row in range(embedded):
        by_source[corpus.sources[row]].append(row)
    pairs = []
    for row in rng.choice(embedded, min(2000, embedded), replace=False):
        peers = by_source[corpus.sources[row]]
        if len(peers) > 1:
            other = peers[int(rng.integers(len(peers)))]
            if other != row:
                pairs.append(float(real[other] @ real[row]))
    cosine = float(np.median(pairs))
    # For a unit vector u plus N(0, sigma^2 I) noise in d dimensions, cos(u, u + e) is about
    # 1 / sqrt(1 + d sigma^2).
    sigma = np.sqrt((1 / cosine**2 - 1) / vectors.shape[1])
    parents = np.asarray(corpus.parents, dtype=np.int64)
    siblings = (
        np.asarray([_other(by_source[corpus.sources[p]], p, rng) for p in parents])
        if mode == "mix"
        else parents
    )
    block = 100_000
    for start in range(0, len(parents), block):
        part = parents[start : start + block]
        if mode == "mix":
            weight = rng.uniform(0.0, 1.0, (len(part), 1)).astype(np.float32)
            derived = weight * real[part] + (1 - weight) * real[siblings[start : start + block]]
        else:
            derived = real[part] + rng.normal(0.0, sigma, (len(part), vectors.shape[1])).astype(
                np.float32
            )
        rows = slice(embedded + start, embedded + start + len(part))
        vectors[rows] = derived / np.linalg.norm(derived, axis=1, keepdims=True)
    print(
        f"derived {len(parents)} vectors ({mode}); real same-source pairs: median cosine "
        f"{cosine:.3f}",
        file=sys.stderr,
        flush=True,
    )


def _other(rows: list[int], row: int, rng: np.random.Generator) -> int:
    """Another row than ``row`` from ``rows`` (itself only if it is the only one)."""
    if len(rows) < 2:
        return row
    while True:
        other = rows[int(rng.integers(len(rows)))]
        if other != row:
            return other
