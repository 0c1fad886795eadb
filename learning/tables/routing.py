"""Which table holds a pattern: the werktafel that takes it up, and its route along the ladder."""

from __future__ import annotations

from collections import Counter

from flask_babel import gettext as _
from sqlalchemy import select

from learning.accounts.models import User
from learning.errors import DomainError
from learning.extensions import db
from learning.insight.hooks import pattern_changed
from learning.patterns.models import Pattern
from learning.patterns.queries import active_members
from learning.tables.models import LearningTable, PatternRoute, TableKind
from learning.timeutil import utcnow


def table_for(pattern: Pattern) -> LearningTable | None:
    """The werktafel covering the pattern's most frequent domain (domains can be mistaken)."""
    counts = Counter(d for m in active_members(pattern) for d in m.blockage.domains)
    tables = db.session.scalars(
        select(LearningTable)
        .where(LearningTable.kind == TableKind.WORK_TABLE)
        .order_by(LearningTable.id)
    ).all()
    if not tables:
        return None
    return max(tables, key=lambda t: (sum(counts.get(d, 0) for d in t.domains or []), -t.id))


def held_by(pattern: Pattern) -> LearningTable:
    """The table that holds the pattern now; a step of the table flow needs one."""
    if pattern.table is None:
        raise DomainError(_("Dit patroon ligt nog bij geen tafel."))
    return pattern.table


def move(actor: User | None, pattern: Pattern, table: LearningTable, reason: str) -> None:
    """Hand the pattern to `table`, keeping where it came from."""
    ensure_origin(pattern)
    pattern.table = table
    pattern_changed(pattern, regrouped=True)
    db.session.add(
        PatternRoute(
            pattern_id=pattern.id,
            table_id=table.id,
            reason=reason,
            actor_id=actor.id if actor else None,
        )
    )


def ensure_origin(pattern: Pattern) -> None:
    """The first stop is the table that took the pattern up at triage."""
    if pattern.table_id is None:
        return
    exists = db.session.scalar(
        select(PatternRoute.id).where(PatternRoute.pattern_id == pattern.id).limit(1)
    )
    if not exists:
        db.session.add(
            PatternRoute(
                pattern_id=pattern.id,
                table_id=pattern.table_id,
                reason="taken_up",
                arrived_at=pattern.confirmed_at or pattern.queued_at or utcnow(),
            )
        )
        db.session.flush()


def route(pattern: Pattern) -> list[PatternRoute]:
    """The tables the pattern passed, in order (the triage table first)."""
    stops = list(
        db.session.scalars(
            select(PatternRoute)
            .where(PatternRoute.pattern_id == pattern.id)
            .order_by(PatternRoute.arrived_at, PatternRoute.id)
        )
    )
    if not stops and pattern.table is not None:
        return [
            PatternRoute(
                pattern_id=pattern.id,
                table=pattern.table,
                table_id=pattern.table_id,
                reason="taken_up",
                arrived_at=pattern.confirmed_at or pattern.queued_at or pattern.created_at,
            )
        ]
    return stops
