"""Live suggestions while a professional types a knelpunt: similar knelpunten and patterns.

Known werkwijzen (learning.tables.practices) are added by the views that show both.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import lazyload

from learning.blockages.models import Blockage
from learning.extensions import db
from learning.patterns import engine, members
from learning.patterns.adapters import candidate_items
from learning.patterns.models import Pattern
from learning.patterns.queries import report_counts
from learning.patterns.vectors import nearest, recent_ids

MIN_WORDS = 3
SHOWN = 5
SEMANTIC_CANDIDATES = 30
RECENT_CANDIDATES = 200


@dataclass
class Suggestion:
    match: engine.Match
    blockage: Blockage | None = None
    pattern: Pattern | None = None
    size: int = 0

    @property
    def duplicate(self) -> bool:
        """The same report logged again: the panel asks "is dit dezelfde?"."""
        return self.blockage is not None and members.near_duplicate(self.match)


@dataclass
class Suggestions:
    items: list[Suggestion] = field(default_factory=list)
    too_short: bool = False


def suggest(
    text: str,
    domains: list[str],
    exclude_id: int | None = None,
    organisation: str | None = None,
    vector: np.ndarray | None = None,
) -> Suggestions:
    """The five most similar existing knelpunten or patterns, each with why it matches."""
    text = (text or "").strip()
    if len(text.split()) < MIN_WORDS:
        return Suggestions(too_short=True)
    query = engine.Item(
        id="query",
        text=text[:5000],
        domains=tuple(domains),
        organisation=organisation,
        vector=vector,  # a stored knelpunt brings its own: never embed it again per request
    )
    if not query.features()[2]:  # only stop words, digits or punctuation: nothing to compare
        return Suggestions(too_short=True)
    exclude = {exclude_id} if exclude_id else set()
    ids = recent_ids(RECENT_CANDIDATES, exclude)  # lexical evidence needs candidates too
    if engine.vectorize([query]):
        ids = [i for i, _s in nearest(query.vector, SEMANTIC_CANDIDATES, exclude)] + ids
    if not ids:
        return Suggestions()
    found = candidate_items(set(ids) - exclude)
    candidates = [item for item, _pattern_id in found]
    chosen: list[tuple[engine.Match, Pattern | None, int]] = []
    seen_patterns: set[int] = set()
    for position, match in rank(query, candidates):
        blockage_id = int(candidates[position].id)
        pattern = _live_pattern(found[position][1])
        if pattern is not None:
            if pattern.id in seen_patterns:
                continue
            seen_patterns.add(pattern.id)
        chosen.append((match, pattern, blockage_id))
        if len(chosen) == SHOWN:
            break
    # Only the knelpunten shown are loaded whole, in one query.
    shown = {
        b.id: b
        for b in db.session.scalars(select(Blockage).where(Blockage.id.in_([c[2] for c in chosen])))
    }
    sizes = report_counts([p.id for _m, p, _b in chosen if p is not None])
    return Suggestions(
        items=[
            Suggestion(
                match=match,
                blockage=shown[blockage_id],
                pattern=pattern,
                size=sizes.get(pattern.id, 0) if pattern is not None else 0,
            )
            for match, pattern, blockage_id in chosen
        ]
    )


def _live_pattern(pattern_id: int | None) -> Pattern | None:
    """The pattern a knelpunt is in, or the one it was merged into; None if neither is live."""
    # Without its members: a pattern of a thousand reports must not load them to be named.
    light = [lazyload(Pattern.members)]
    pattern = db.session.get(Pattern, pattern_id, options=light) if pattern_id else None
    if pattern is not None and pattern.is_merged and pattern.merged_into_id:
        pattern = db.session.get(Pattern, pattern.merged_into_id, options=light)
    return None if pattern is None or pattern.is_merged else pattern


def rank(
    query: engine.Item, candidates: list[engine.Item], settings: engine.EngineSettings | None = None
) -> Iterator[tuple[int, engine.Match]]:
    """Positions of the candidates worth showing, best first (ties keep the given order), each
    with why it matches.

    All candidates are scored in one call (one vectoriser call, one matrix product): scoring
    them pair by pair cost ~15 ms each, seconds per keystroke pause with the recent knelpunten
    added. Only the few the caller goes on to show are explained, lazily.
    """
    if not candidates:
        return
    settings = settings or engine.EngineSettings()
    scores, semantic, lexical = engine.scores_against(query, candidates, settings)
    # Below the score at which a knelpunt would join a pattern, a suggestion is noise.
    floor = (
        settings.assign_threshold
        if semantic is not None
        else settings.lexical_only_assign_threshold
    )
    shown = np.round(scores, 4)  # the score a Match shows: equal shown scores are ties
    order = sorted(map(int, np.flatnonzero(shown >= floor)), key=lambda j: (-shown[j], j))
    # The explanations need each text's own features: one vectoriser call for the likely shown.
    engine.prepare([candidates[j] for j in order[:SHOWN]])
    for position in order:
        yield (
            position,
            engine.make_match(
                query,
                candidates[position],
                scores[position],
                None if semantic is None else semantic[position],
                lexical[position],
            ),
        )


def pattern_ids(suggestions: Suggestions) -> list[int]:
    """The patterns suggested, best first: their werkwijzen are shown first."""
    return [s.pattern.id for s in suggestions.items if s.pattern]
