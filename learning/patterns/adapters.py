"""Between the stored knelpunten and the pattern engine: items, neighbours, a pattern's summary."""

from __future__ import annotations

from collections import OrderedDict
from types import EllipsisType

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import undefer

from learning.accounts.models import Organisation
from learning.blockages.models import Blockage, BlockageDomain
from learning.extensions import db
from learning.patterns import engine, members
from learning.patterns.models import MemberStatus, Pattern, PatternMember
from learning.patterns.queries import active_members
from learning.patterns.vectors import nearest, recent_ids, to_array

NEIGHBOURS = 50
RECENT_CANDIDATES = 300


def to_item(blockage: Blockage, vector: bytes | EllipsisType | None = ...) -> engine.Item:
    """The engine's view of a knelpunt; pass `vector` when it was loaded in bulk."""
    return engine.Item(
        id=str(blockage.id),
        text=blockage.text,
        domains=tuple(blockage.domains),
        organisation=blockage.organisation.name if blockage.organisation else None,
        created=blockage.reported_on,
        vector=to_array(blockage.vector if vector is ... else vector),
    )


def candidate_items(ids: list[int] | set[int]) -> list[tuple[engine.Item, int | None]]:
    """The engine's view of these live knelpunten with the pattern each is in (or None),
    ordered by id, read as columns.

    A suggestion compares with hundreds of candidates per keystroke pause and shows five:
    loading each as a knelpunt (reporter, area, organisations, domains, pattern) cost more
    than scoring them. Two queries, no objects.
    """
    rows = db.session.execute(
        select(
            Blockage.id,
            Blockage.title,
            Blockage.description,
            Blockage.vector,
            Blockage.reported_on,
            Organisation.name,
            PatternMember.pattern_id,
        )
        .join(Organisation, Organisation.id == Blockage.organisation_id)
        .outerjoin(PatternMember, PatternMember.blockage_id == Blockage.id)
        .where(Blockage.id.in_(set(ids)), Blockage.withdrawn_at.is_(None))
        .order_by(Blockage.id)
    ).all()
    domains: dict[int, list[str]] = {}
    for blockage_id, domain in db.session.execute(
        select(BlockageDomain.blockage_id, BlockageDomain.domain).where(
            BlockageDomain.blockage_id.in_([row.id for row in rows])
        )
    ):
        domains.setdefault(blockage_id, []).append(domain)
    return [
        (
            engine.Item(
                id=str(row.id),
                text=Blockage.compose_text(row.title, row.description),
                domains=tuple(sorted(domains.get(row.id, ()))),
                organisation=row.name,
                created=row.reported_on,
                vector=to_array(row.vector),
            ),
            row.pattern_id,
        )
        for row in rows
    ]


def neighbours(blockage: Blockage, vector: np.ndarray | None) -> list[Blockage]:
    """Candidates: nearest by meaning, plus the most recent ones, which words can still match."""
    ids = recent_ids(RECENT_CANDIDATES, exclude={blockage.id})
    if vector is not None:
        ids = [i for i, _score in nearest(vector, NEIGHBOURS, exclude={blockage.id})] + ids
    ids = list(dict.fromkeys(ids))
    if not ids:
        return []
    found = {
        b.id: b
        for b in db.session.scalars(
            select(Blockage).options(undefer(Blockage.vector)).where(Blockage.id.in_(ids))
        )
    }
    return [found[i] for i in ids if i in found]


def central_title(blockages: list[Blockage], current: str | None = None) -> str:
    """The title a professional gave the pattern's most central knelpunt: a human sentence,
    kept while its knelpunt stays close to the centre (see members.central_member)."""
    if not blockages:
        return ""
    keep = next((str(b.id) for b in blockages if current and b.title == current), None)
    central = members.central_member([to_item(b) for b in blockages], keep)
    chosen = next(b for b in blockages if str(b.id) == central)
    return chosen.title[:200]


def refresh_summary(pattern: Pattern) -> None:
    """Regenerate key terms (the subtitle), and the title while the engine still owns it."""
    blockages = [m.blockage for m in active_members(pattern)]
    if not blockages:
        return
    pattern.key_terms = engine.key_terms([b.text for b in blockages])
    if pattern.confirmed_at is None:
        pattern.title = central_title(blockages, pattern.title)


# Pattern pages ask for the same answer on every view: it only changes with what the engine
# reads of each member (text, domains, organisation, date, vector) and the statuses, which make
# the key. Per process, bounded.
_LOW_FIT_CACHE: OrderedDict[tuple, frozenset[int]] = OrderedDict()
_LOW_FIT_CACHE_SIZE = 512


def low_fit_blockages(pattern: Pattern) -> set[int]:
    """Knelpunten far from the rest of the pattern ("Past minder goed"), unless confirmed.

    A member a chair confirmed (confirming the pattern confirms every member it then has) is
    kept; members the engine added later are flagged when they drift from the rest.
    """
    current = active_members(pattern)
    vectors = _vectors([m.blockage_id for m in current])
    key = tuple(
        (
            m.blockage_id,
            m.status,
            m.blockage.text,
            tuple(m.blockage.domains),
            m.blockage.organisation_id,
            m.blockage.reported_on,
            hash(vectors.get(m.blockage_id)),
        )
        for m in current
    )
    cached = _LOW_FIT_CACHE.get(key)
    if cached is not None:
        _LOW_FIT_CACHE.move_to_end(key)
        return set(cached)
    kept = frozenset(str(m.blockage_id) for m in current if m.status == MemberStatus.CONFIRMED)
    items = [to_item(m.blockage, vectors.get(m.blockage_id)) for m in current]
    flagged = frozenset(int(blockage_id) for blockage_id in members.low_fit(items, kept))
    _LOW_FIT_CACHE[key] = flagged
    if len(_LOW_FIT_CACHE) > _LOW_FIT_CACHE_SIZE:
        _LOW_FIT_CACHE.popitem(last=False)
    return set(flagged)


def _vectors(blockage_ids: list[int]) -> dict[int, bytes | None]:
    """The stored embeddings of these knelpunten in one query (the column is deferred)."""
    if not blockage_ids:
        return {}
    return dict(
        db.session.execute(
            select(Blockage.id, Blockage.vector).where(Blockage.id.in_(blockage_ids))
        ).all()
    )
