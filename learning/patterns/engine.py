"""The pattern engine: similarity between knelpunten, grouping, and summaries of a group.

One small API for the web app, the CLI and the benchmarks. Meaning comes from a multilingual
sentence embedding (computed once per knelpunt and stored), lexical evidence from Dutch
character n-grams and stems, and metadata from the law/domain. When the embedding model is
unavailable every function still works on lexical evidence alone and says so.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date

import numpy as np
import scipy.sparse as sp
from flask_babel import gettext as _

from learning.patterns import clustering, text, textcache, thesaurus
from learning.patterns.embedding import DIMENSIONS, EmbeddingUnavailable, embed

logger = logging.getLogger(__name__)

# Stored vectors are only comparable with vectors from the same model; store this beside them.
VECTOR_MODEL = "use-multilingual-v3"

# Proper names of the laws in the domain list, for explanations; other domains show as given.
LAW_NAMES: dict[str, str] = {
    "wmo": "Wmo",
    "jeugdwet": "Jeugdwet",
    "participatiewet": "Participatiewet",
    "zvw": "Zvw",
    "wlz": "Wlz",
    "wgs": "Wgs",
}

# Explanation wording for the embedding cosine; USE scores unrelated Dutch texts ~0.15 and
# reports of one pattern ~0.3 on average, so these cut points read as "strong" and "some".
STRONG_SEMANTIC = 0.45
SOME_SEMANTIC = 0.28


@dataclass
class EngineSettings:
    """Weights and thresholds of the engine.

    The score of a pair is semantic_weight * embedding cosine + lexical_weight * n-gram
    cosine + domain_weight * (shares a law/domain), clipped to 0..1.

    The thresholds are relative to the background: the typical score of two unrelated
    knelpunten in the collection at hand (clustering.background, the median pair score).
    Each threshold below is the cut for a collection whose background equals `background`
    (or `lexical_only_background`); when the writers of a collection score higher against
    everything (longer, more detailed reports on neighbouring topics), every cut rises by the
    same amount. It never falls below the value given here: too few groups is the safer
    failure. The values sit in the middle of plateaus that two independently written
    labelled sets share; `benchmarks/pattern_quality.py --data A --data B` reports both.
    """

    semantic_weight: float = 0.7
    lexical_weight: float = 1.0
    # Small on purpose: reporters pick the wrong domain in roughly one case in seven.
    domain_weight: float = 0.1
    # Reports by the same role/organisation were no likelier to share a pattern on dev data.
    organisation_weight: float = 0.0
    # Shared thesaurus concepts (IDF-weighted cosine): bridges "VOG" and "gedragsverklaring".
    concept_weight: float = 0.15
    neighbours: int = 5
    # A neighbour vouches for a pair in smoothing only at this score: 0.15 above the
    # background (on words only, as far above lexical_only_background), so a stray text
    # cannot chain two groups.
    neighbour_floor: float = 0.30
    # Median pair score of unrelated reports at which the thresholds below apply as given.
    background: float = 0.15
    lexical_only_background: float = 0.04
    # The background of a few texts is a guess: this many pseudo-pairs at the value above.
    background_weight: float = 20.0
    cluster_threshold: float = 0.35
    # Cosine to a confirmed pattern's centroid (meaning, IDF-weighted n-grams, concepts) at
    # which an unconfirmed report joins it, and by how much it must beat the runner-up pattern;
    # the concepts and the meaning count with these weights in that space.
    prototype_threshold: float = 0.22
    prototype_margin: float = 0.02
    prototype_concept_weight: float = 0.5
    prototype_semantic_weight: float = 0.5
    assign_threshold: float = 0.35
    # One other report is thin evidence, so starting a pair asks for more than joining a group.
    pair_threshold: float = 0.51
    # Without the embedding the scores are lower, so lexical-only grouping has its own cuts.
    lexical_only_cluster_threshold: float = 0.21
    lexical_only_assign_threshold: float = 0.21
    lexical_only_pair_threshold: float = 0.25

    def shift(self, scores: np.ndarray, semantic: bool) -> float:
        """How far this collection's background lies above the reference (never below 0)."""
        prior = self.background if semantic else self.lexical_only_background
        found = clustering.background(scores, prior, self.background_weight)
        return max(0.0, found - prior)


@dataclass
class Item:
    """One knelpunt as the engine sees it; lexical features are cached on first use."""

    id: str
    text: str
    domains: tuple[str, ...] = ()
    organisation: str | None = None  # reporter organisation or role
    created: date | None = None
    vector: np.ndarray | None = None  # stored embedding; computed by vectorize() if None
    _features: tuple[str, sp.csr_matrix, dict[str, str], bool] | None = field(
        default=None, init=False, repr=False, compare=False
    )
    _concepts: tuple[str, dict[str, str]] | None = field(
        default=None, init=False, repr=False, compare=False
    )

    def concepts(self) -> dict[str, str]:
        """Thesaurus concepts the text names (label -> words used), recomputed if text changed."""
        if self._concepts is None or self._concepts[0] != self.text:
            self._concepts = (self.text, thesaurus.default().find(text.clip(self.text)))
        return self._concepts[1]

    def features(self) -> tuple[sp.csr_matrix, dict[str, str], bool]:
        """(character n-gram row, stem -> surface form, has content), recomputed if text changed."""
        if self._features is None or self._features[0] != self.text:
            prepare([self])
        return self._features[1], self._features[2], self._features[3]

    @property
    def domain_set(self) -> frozenset[str]:
        return frozenset(d.strip().lower() for d in self.domains if d and d.strip())


def prepare(items: list[Item]) -> None:
    """Compute the lexical features of many items in one vectoriser call.

    Per item the call overhead dominates (milliseconds each); a suggestion re-ranks tens of
    candidates per keystroke pause, so they are prepared together.
    """
    todo = [i for i in items if i._features is None or i._features[0] != i.text]
    if not todo:
        return
    rows = text.lexical_matrix([i.text for i in todo])
    for position, item in enumerate(todo):
        item._features = (
            item.text,
            rows[position],
            text.term_forms(item.text),
            text.has_content(item.text),
        )


@dataclass
class Match:
    """How much two knelpunten (or a knelpunt and a pattern) resemble each other, and why."""

    score: float
    semantic: float | None  # embedding cosine; None when compared on words only
    lexical: float
    same_domain: bool
    shared_terms: list[str] = field(default_factory=list)
    shared_domains: tuple[str, ...] = ()
    shared_concepts: list[str] = field(default_factory=list)
    lexical_only: bool = False
    too_short: bool = False

    def reasons(self) -> list[str]:
        """Dutch explanation lines for the professional or chair who sees the match."""
        lines: list[str] = []
        if self.too_short:
            lines.append(_("Te weinig tekst om op inhoud te vergelijken"))
        elif self.semantic is None:
            lines.append(_("Alleen op woorden vergeleken: het taalmodel is niet beschikbaar"))
        elif self.semantic >= STRONG_SEMANTIC:
            lines.append(_("Inhoud lijkt sterk op elkaar (%(score).2f)", score=self.semantic))
        elif self.semantic >= SOME_SEMANTIC:
            lines.append(_("Inhoud lijkt op elkaar (%(score).2f)", score=self.semantic))
        else:
            lines.append(_("Inhoud lijkt weinig op elkaar (%(score).2f)", score=self.semantic))
        if self.shared_concepts:
            lines.append(_("Zelfde begrip: %(concepts)s", concepts=", ".join(self.shared_concepts)))
        if self.shared_terms:
            lines.append(_("Gedeelde termen: %(terms)s", terms=", ".join(self.shared_terms)))
        laws = [LAW_NAMES[d] for d in self.shared_domains if d in LAW_NAMES]
        others = [d for d in self.shared_domains if d not in LAW_NAMES]
        if laws:
            lines.append(_("Zelfde wet: %(laws)s", laws=", ".join(laws)))
        if others:
            lines.append(_("Zelfde domein: %(domains)s", domains=", ".join(others)))
        return lines


# --- vectors -------------------------------------------------------------------------------

_semantic_state = {"available": True}


def semantic_available() -> bool:
    """False after the embedding model failed to load (until a later load succeeds)."""
    return _semantic_state["available"]


def vectorize(items: list[Item], batch_size: int = 256) -> bool:
    """Fill `vector` of the items that have none, in batches; True when all now have one.

    Meant to run once when a knelpunt is saved, so the vector can be stored. Texts without
    content get a zero vector (they resemble nothing). If the model cannot load, vectors stay
    None, a warning is logged and False is returned: saving must never fail on this.
    """
    missing = [item for item in items if item.vector is None]
    if not missing:
        return True
    for item in missing:
        if not item.features()[2]:
            item.vector = np.zeros(DIMENSIONS, dtype=np.float32)
    todo = [item for item in missing if item.vector is None]
    try:
        vectors = embed([text.clip(item.text) for item in todo], batch_size=batch_size)
    except EmbeddingUnavailable as exc:
        # Warn once per process, not once per comparison; the state is also in semantic_available.
        level = logging.WARNING if _semantic_state["available"] else logging.DEBUG
        logger.log(level, "Embedding model unavailable, comparing on words only: %s", exc)
        _semantic_state["available"] = False
        return False
    _semantic_state["available"] = True
    for item, vector in zip(todo, vectors, strict=True):
        item.vector = vector.astype(np.float32)
    return True


def pack_vector(vector: np.ndarray) -> bytes:
    """Bytes for a database column; float32 little-endian, DIMENSIONS values."""
    return np.asarray(vector, dtype="<f4").reshape(DIMENSIONS).tobytes()


def unpack_vector(raw: bytes | None) -> np.ndarray | None:
    """Inverse of pack_vector; None stays None."""
    if raw is None:
        return None
    return np.frombuffer(raw, dtype="<f4").reshape(DIMENSIONS).astype(np.float32)


def _semantic_ready(items: list[Item]) -> bool:
    """Vectorize what is missing; True when every item can be compared on meaning."""
    return vectorize(items) and all(item.vector is not None for item in items)


# --- pairwise evidence ---------------------------------------------------------------------


def evidence(items: list[Item], semantic: bool | None = None) -> clustering.Evidence:
    """All pairwise evidence between items, computed in bulk (matrices of n x n)."""
    if semantic is None:
        semantic = _semantic_ready(items)
    n = len(items)
    prepare(items)
    lexical = (
        sp.vstack([item.features()[0] for item in items]).tocsr()
        if items
        else text.lexical_matrix([])
    )
    lexical_scores = (lexical @ lexical.T).toarray()
    semantic_scores = None
    if semantic:
        vectors = np.vstack([item.vector for item in items]) if items else np.zeros((0, 1))
        semantic_scores = vectors @ vectors.T
    vocabulary = sorted({d for item in items for d in item.domain_set})
    columns = {d: c for c, d in enumerate(vocabulary)}
    membership = np.zeros((n, len(vocabulary)))
    for row, item in enumerate(items):
        membership[row, [columns[d] for d in item.domain_set]] = 1.0
    same_domain = (membership @ membership.T) > 0
    organisations = np.array([(item.organisation or "").strip().lower() for item in items])
    same_organisation = (organisations[:, None] == organisations[None, :]) & (
        organisations[:, None] != ""
    )
    concepts = thesaurus.concept_matrix([item.concepts() for item in items])
    return clustering.Evidence(
        concepts=concepts @ concepts.T,
        lexical_weighted=clustering.rarity_weighted_cosine(lexical),
        semantic=semantic_scores,
        lexical=lexical_scores,
        same_domain=same_domain.astype(np.float64),
        same_organisation=same_organisation.astype(np.float64),
        has_content=np.array([item.features()[2] for item in items], dtype=bool),
    )


def score_matrix(evidence: clustering.Evidence, settings: EngineSettings) -> np.ndarray:
    """Combined 0..1 score of every pair, as similarity() would give it."""
    return clustering.combine(
        evidence,
        semantic_weight=settings.semantic_weight,
        lexical_weight=settings.lexical_weight,
        domain_weight=settings.domain_weight,
        organisation_weight=settings.organisation_weight,
        concept_weight=settings.concept_weight,
    )


def make_match(a: Item, b: Item, score: float, semantic: float | None, lexical: float) -> Match:
    """The explanation of an already computed score: shared words, concepts and domains.

    Needs both texts' own features, so rankers score many candidates in bulk first and
    explain only the few they show.
    """
    _row, forms_a, content_a = a.features()
    _row, forms_b, content_b = b.features()
    shared = tuple(sorted(a.domain_set & b.domain_set))
    return Match(
        score=round(float(score), 4),
        semantic=None if semantic is None else round(float(semantic), 4),
        lexical=round(float(lexical), 4),
        same_domain=bool(shared),
        shared_terms=text.shared_terms(forms_a, forms_b),
        shared_domains=shared,
        shared_concepts=thesaurus.explain(a.concepts(), b.concepts()),
        lexical_only=semantic is None,
        too_short=not (content_a and content_b),
    )


def similarity(a: Item, b: Item, settings: EngineSettings | None = None) -> Match:
    """Compare two knelpunten; vectors are computed only if not stored yet."""
    settings = settings or EngineSettings()
    found = evidence([a, b])
    score = score_matrix(found, settings)[0, 1]
    semantic = None if found.semantic is None else found.semantic[0, 1]
    return make_match(a, b, score, semantic, found.lexical[0, 1])


# --- grouping ------------------------------------------------------------------------------


def cluster_evidence(
    found: clustering.Evidence,
    settings: EngineSettings,
    confirmed: list[str | None] | None = None,
    taken_out: dict[str, list[int]] | None = None,
) -> list[int]:
    """Group from precomputed evidence (shared by cluster() and the cross-validation).

    Scores are smoothed over neighbourhoods and cut with average linkage at the cluster
    threshold; the threshold and the neighbour floor rise by how far this collection's
    background lies above the reference. With `confirmed` (a chair's pattern name per
    knelpunt, None where unconfirmed) each other report joins the confirmed pattern whose
    centroid it is clearly closest to (clustering.prototype_assign); the rest are grouped among
    themselves (clustering.place_and_group). Confirmed groups are never broken or fused.
    `taken_out` maps a confirmed name to the knelpunten a chair took out of that pattern.
    """
    semantic = found.semantic is not None
    threshold = settings.cluster_threshold if semantic else settings.lexical_only_cluster_threshold
    raw = score_matrix(found, settings)
    content = np.flatnonzero(found.has_content)
    floor = settings.neighbour_floor
    if not semantic:
        floor += settings.lexical_only_background - settings.background
    shift = settings.shift(raw[np.ix_(content, content)], semantic)
    scores = clustering.smooth(raw, settings.neighbours, floor + shift)
    if confirmed and any(name is not None for name in confirmed):
        names = {name: i for i, name in enumerate(dict.fromkeys(n for n in confirmed if n))}
        fixed = [None if name is None else names[name] for name in confirmed]
        kernel = clustering.prototype_kernel(
            found, settings.prototype_concept_weight, settings.prototype_semantic_weight
        )
        negatives = {names[n]: rows for n, rows in (taken_out or {}).items() if n in names}
        placed = clustering.prototype_assign(
            kernel, fixed, settings.prototype_threshold, settings.prototype_margin, negatives
        )
        return clustering.place_and_group(scores, threshold + shift, fixed, placed)
    return clustering.average_linkage(scores, threshold + shift)


def cluster(
    items: list[Item],
    settings: EngineSettings | None = None,
    confirmed: list[str | None] | None = None,
    taken_out: dict[str, list[int]] | None = None,
) -> list[int]:
    """One label per item (0, 1, ... in order of first appearance); equal label = one pattern.

    A knelpunt that fits no group keeps a label of its own. Deterministic for the same input.
    `confirmed` gives, per item, the name of the pattern a chair confirmed it in (or None):
    those stay together, apart from other names, and the rest is placed around them;
    `taken_out[name]` lists the items a chair took out of that pattern (split, detach).
    """
    settings = settings or EngineSettings()
    if not items:
        return []
    found = evidence(items)
    if found.semantic is None:
        logger.warning("Grouping %d knelpunten on words only (no embedding model)", len(items))
    return cluster_evidence(found, settings, confirmed, taken_out)


def assign(
    item: Item, members_by_pattern: dict[int, list[Item]], settings: EngineSettings | None = None
) -> tuple[int | None, Match | None]:
    """The pattern a new knelpunt joins, with the match to its closest member, or (None, None).

    A pattern's score is the mean score over its members (as in average linkage), so a new
    report must resemble the pattern as a whole, not one stray member. Ties go to the lower
    pattern id. A one-member "pattern" makes this a pairwise test for starting a candidate.
    The thresholds rise with the background of the given members (see EngineSettings), so
    pass every candidate at once; with few members the reference background is used.
    """
    settings = settings or EngineSettings()
    patterns = [(pid, members) for pid, members in sorted(members_by_pattern.items()) if members]
    if not patterns or not item.features()[2]:
        return None, None
    members = [m for _pid, group in patterns for m in group]
    scores, semantic, lexical = scores_against(item, members, settings)
    if semantic is not None:
        join, pair = settings.assign_threshold, settings.pair_threshold
    else:
        join, pair = settings.lexical_only_assign_threshold, settings.lexical_only_pair_threshold
    content = np.array([m.features()[2] for m in members], dtype=bool)
    shift = settings.shift(scores[content], semantic is not None)
    join, pair = join + shift, pair + shift
    best: tuple[float, int, int] | None = None  # (score, pattern id, index of closest member)
    start = 0
    for pid, group in patterns:
        group_scores = scores[start : start + len(group)]
        closest = start + int(np.argmax(group_scores))
        mean = float(group_scores.mean())
        if mean >= (pair if len(group) == 1 else join) and (best is None or mean > best[0]):
            best = (mean, pid, closest)
        start += len(group)
    if best is None:
        return None, None
    mean, pid, closest = best
    closest_semantic = None if semantic is None else semantic[closest]
    return pid, make_match(item, members[closest], mean, closest_semantic, lexical[closest])


def scores_against(
    item: Item, others: list[Item], settings: EngineSettings
) -> tuple[np.ndarray, np.ndarray | None, np.ndarray]:
    """(combined, semantic or None, lexical) scores of one item against many, as one row.

    The same formula as score_matrix(), without building an n x n matrix for a single save.
    """
    semantic_ok = _semantic_ready([item, *others])
    row, _forms, _content = item.features()
    # The others' features come from the per-process cache: a suggestion re-ranks hundreds of
    # candidates per request, most of them (the newest knelpunten) the same every time.
    rows, content, found = textcache.features([o.text for o in others])
    # Against a dense copy of the one query row: sparse x sparse.T first converts the transpose
    # over all 2**20 hashed columns (~5 ms); this is ~0.3 ms for hundreds of candidates.
    dense = np.zeros(row.shape[1], dtype=np.float32)
    dense[row.indices] = row.data
    lexical = rows @ dense
    score = settings.lexical_weight * lexical
    semantic = None
    if semantic_ok:
        semantic = np.vstack([o.vector for o in others]) @ item.vector
        score = score + settings.semantic_weight * semantic
    domains = item.domain_set
    score = score + settings.domain_weight * np.array(
        [bool(domains & o.domain_set) for o in others]
    )
    organisation = (item.organisation or "").strip().lower()
    score = score + settings.organisation_weight * np.array(
        [
            bool(organisation) and (o.organisation or "").strip().lower() == organisation
            for o in others
        ]
    )
    if settings.concept_weight:
        concepts = thesaurus.concept_matrix([item.concepts(), *found])
        score = score + settings.concept_weight * (concepts[1:] @ concepts[0])
    score = np.clip(score, 0.0, 1.0)
    score[~content] = 0.0
    return score, semantic, lexical


# --- summaries -----------------------------------------------------------------------------


def key_terms(texts: list[str], k: int = 5, background: list[str] | None = None) -> list[str]:
    """Readable key terms for a (candidate) pattern; see text.key_terms."""
    return text.key_terms(texts, k=k, background=background)


def suggest_title(texts: list[str]) -> str:
    """A generated Dutch working title for a (candidate) pattern, at most 120 characters."""
    return text.suggest_title(texts, fallback=_("Nieuw patroon"))
