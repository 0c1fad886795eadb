"""The nightly re-grouping: the live app's candidates converge on what batch grouping makes.

Saving places a knelpunt at once and order decides more than it should (an early pair can
start a pattern batch grouping would not make). Each night the loose knelpunten and the members
of candidate patterns are grouped again in one batch around every other pattern: those are on a
werktafel's queue or in a chair's hands, so their members are fixed (`engine.cluster(...,
confirmed=...)` never breaks or fuses them), a candidate keeps its id where most of its members
stay, and a knelpunt a chair detached from a pattern never goes back. A closed pattern (solved,
evaluated, rejected) gains no members at night: only a newly saved report reopens it, as
recurring, through the live placement; an old loose report that resembles it stays loose.
"""

from __future__ import annotations

import logging
from collections import Counter

from sqlalchemy import delete, select

from learning.audit.services import record
from learning.blockages.models import Blockage
from learning.extensions import db
from learning.patterns import engine, live
from learning.patterns.adapters import refresh_summary, to_item
from learning.patterns.emergence import evaluate_emergence
from learning.patterns.grouping import add_member
from learning.patterns.models import (
    MemberStatus,
    Pattern,
    PatternExclusion,
    PatternMember,
    PatternState,
)
from learning.patterns.queries import member_of
from learning.patterns.states import CLOSED
from learning.patterns.vectors import store_vector

logger = logging.getLogger(__name__)


def _home(pattern: Pattern) -> Pattern:
    """The pattern a merged pattern lives on in."""
    while pattern.state == PatternState.MERGED and pattern.merged_into_id:
        pattern = db.session.get(Pattern, pattern.merged_into_id)
    return pattern


def regroup() -> dict[str, int]:
    """Re-group the loose knelpunten and those in candidate patterns; returns counts.

    Members of every pattern past the candidate stage stay where they are, as fixed groups the
    others may join: a queued pattern (new or reopened) was announced to its chair and its
    reporters with these members, and any later state means a chair decided about it. Members
    a chair or reporter confirmed stay too.
    """
    blockages = db.session.scalars(
        select(Blockage).where(Blockage.withdrawn_at.is_(None)).order_by(Blockage.id)
    ).all()
    for blockage in blockages:
        if blockage.vector is None:
            store_vector(blockage)
    fixed: list[str | None] = []
    previous: list[int | None] = []
    closed: set[int] = set()  # a chair closed these: the night adds nothing to them
    for blockage in blockages:
        member = member_of(blockage.id)
        pattern = _home(member.pattern) if member is not None else None
        movable = pattern is None or (
            pattern.state == PatternState.CANDIDATE and member.status != MemberStatus.CONFIRMED
        )
        fixed.append(None if movable else f"p{pattern.id}")
        if pattern is not None and pattern.state in CLOSED:
            closed.add(pattern.id)
        previous.append(pattern.id if pattern is not None and movable else None)
    excluded = set(
        db.session.execute(select(PatternExclusion.blockage_id, PatternExclusion.pattern_id))
    )
    position = {blockage.id: i for i, blockage in enumerate(blockages)}
    taken_out: dict[str, list[int]] = {}
    for blockage_id, pattern_id in sorted(excluded):
        if blockage_id in position:
            taken_out.setdefault(f"p{pattern_id}", []).append(position[blockage_id])
    labels = engine.cluster(
        [to_item(b) for b in blockages], engine.EngineSettings(), fixed, taken_out
    )
    sizes = Counter(labels)
    anchor = {label: int(name[1:]) for label, name in zip(labels, fixed, strict=True) if name}
    first_free = -1 - len(blockages)  # negative: never an existing pattern id
    target = live.stable_ids(previous, labels, first_free)
    counts = {"moved": 0, "created": 0, "removed": 0}
    homes: dict[int, Pattern] = {}
    for blockage, label, name, wanted, was in zip(
        blockages, labels, fixed, target, previous, strict=True
    ):
        if name is not None:
            continue
        if label in anchor:
            goal = anchor[label] if anchor[label] not in closed else None
        elif sizes[label] > 1:
            goal = wanted
        else:
            goal = None
        if goal is not None and (blockage.id, goal) in excluded:
            goal = None
        if goal == was:
            continue
        _move(blockage, was, goal, homes, counts)
    _tidy(counts)
    return {**counts, "knelpunten": len(blockages)}


def _move(
    blockage: Blockage,
    was: int | None,
    goal: int | None,
    homes: dict[int, Pattern],
    counts: dict[str, int],
) -> None:
    """Take a knelpunt out of its candidate pattern and put it in `goal` (None: loose).

    A negative goal is a new candidate, created on its first member.
    """
    if was is not None:
        db.session.execute(
            delete(PatternMember).where(
                PatternMember.blockage_id == blockage.id, PatternMember.pattern_id == was
            )
        )
    if goal is None:
        counts["moved"] += was is not None
        return
    pattern = homes.get(goal) if goal < 0 else db.session.get(Pattern, goal)
    if pattern is None:
        pattern = Pattern(title=blockage.title[:200], state=PatternState.CANDIDATE)
        db.session.add(pattern)
        db.session.flush()
        homes[goal] = pattern
        counts["created"] += 1
        record(None, "pattern.candidate_created", pattern, blockages=[blockage.id])
    add_member(pattern, blockage, None, None)
    counts["moved"] += 1


def _tidy(counts: dict[str, int]) -> None:
    """Drop candidates left with fewer than two members; refresh the summaries of the rest."""
    db.session.flush()
    db.session.expire_all()
    for pattern in db.session.scalars(
        select(Pattern).where(Pattern.state == PatternState.CANDIDATE)
    ).all():
        members = [m for m in pattern.members if not m.blockage.is_withdrawn]
        if len(members) >= 2:
            refresh_summary(pattern)
            evaluate_emergence(pattern)
            continue
        db.session.execute(delete(PatternMember).where(PatternMember.pattern_id == pattern.id))
        db.session.execute(
            delete(PatternExclusion).where(PatternExclusion.pattern_id == pattern.id)
        )
        db.session.delete(pattern)
        counts["removed"] += 1
    db.session.flush()
    logger.info("Nightly re-grouping: %s", counts)
