"""Read helpers for patterns: membership, queues, growth and reports per month."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

from sqlalchemy import func, select

from learning.accounts.models import Role, User
from learning.audit.lines import HistoryLine
from learning.blockages.models import Blockage
from learning.extensions import db
from learning.patterns.models import (
    Endorsement,
    Pattern,
    PatternEvent,
    PatternExclusion,
    PatternMember,
)
from learning.patterns.states import QUEUE, PatternState
from learning.tables.models import LearningTable
from learning.timeutil import today


def pattern_of(blockage: Blockage) -> Pattern | None:
    return db.session.scalar(
        select(Pattern)
        .join(PatternMember, PatternMember.pattern_id == Pattern.id)
        .where(PatternMember.blockage_id == blockage.id)
    )


def member_of(blockage_id: int) -> PatternMember | None:
    return db.session.scalar(select(PatternMember).where(PatternMember.blockage_id == blockage_id))


def active_members(pattern: Pattern) -> list[PatternMember]:
    return [m for m in pattern.members if not m.blockage.is_withdrawn]


def growth(pattern: Pattern, days: int = 30) -> int:
    """Reports plus endorsements in the last `days` days: how fast the pattern grows."""
    since = today() - timedelta(days=days)
    reports = sum(1 for m in active_members(pattern) if m.blockage.reported_on >= since)
    endorsements = db.session.scalar(
        select(func.count(Endorsement.id)).where(
            Endorsement.pattern_id == pattern.id,
            Endorsement.created_at >= since,
        )
    )
    return reports + (endorsements or 0)


def endorsement_count(pattern: Pattern) -> int:
    return (
        db.session.scalar(
            select(func.count(Endorsement.id)).where(Endorsement.pattern_id == pattern.id)
        )
        or 0
    )


def reports_per_month(pattern: Pattern, months: int = 12) -> list[tuple[str, int]]:
    """Counts per calendar month for the last `months` months, oldest first (for the chart)."""
    counts = Counter(m.blockage.reported_on.strftime("%Y-%m") for m in active_members(pattern))
    first = today().replace(day=1)
    keys = []
    for _i in range(months):
        keys.append(first.strftime("%Y-%m"))
        first = (first - timedelta(days=1)).replace(day=1)
    return [(key, counts.get(key, 0)) for key in reversed(keys)]


def domain_counts(pattern: Pattern) -> list[tuple[str, int]]:
    counts = Counter(d for m in active_members(pattern) for d in m.blockage.domains)
    return counts.most_common()


def tables_run_by(user: User) -> list[LearningTable]:
    query = select(LearningTable).order_by(LearningTable.name)
    if not user.is_admin:
        query = query.where(
            (LearningTable.chair_id == user.id) | (LearningTable.secretary_id == user.id)
        )
    return list(db.session.scalars(query))


def triage_queue(user: User) -> list[Pattern]:
    """Patterns waiting for a chair's decision, sorted by growth and then size."""
    table_ids = [t.id for t in tables_run_by(user)]
    query = select(Pattern).where(Pattern.state.in_(QUEUE))
    if not user.is_admin:
        query = query.where(Pattern.table_id.in_(table_ids))
    patterns = list(db.session.scalars(query))
    return sorted(patterns, key=lambda p: (growth(p), len(active_members(p)), p.id), reverse=True)


def visible_patterns(user: User, state: str = "") -> list[Pattern]:
    """The patterns list: candidates only for chairs, also when asked for by state."""
    query = select(Pattern).where(Pattern.state != PatternState.MERGED)
    if state:
        query = query.where(Pattern.state == state)
    if not (user.is_admin or user.has_role(Role.CHAIR)):
        query = query.where(Pattern.state != PatternState.CANDIDATE)
    return list(db.session.scalars(query.order_by(Pattern.updated_at.desc()).limit(500)))


def month_key(day: date) -> str:
    return day.strftime("%Y-%m")


def events_of(pattern: Pattern) -> list[PatternEvent]:
    """The pattern's history, newest first."""
    return list(
        db.session.scalars(
            select(PatternEvent)
            .where(PatternEvent.pattern_id == pattern.id)
            .order_by(PatternEvent.at.desc(), PatternEvent.id.desc())
        )
    )


def merge_candidates(user: User, pattern: Pattern) -> list[Pattern]:
    """Patterns the chair may merge into (or split towards) this one."""
    return [p for p in visible_patterns(user) if p.id != pattern.id]


def history_lines(pattern: Pattern, viewer: User) -> list[HistoryLine]:
    """The pattern's history, newest first, as the viewer may see it.

    A reporter is never named to others (security probe L4): a step they took shows without
    their name; chairs and members of the tables are named.
    """
    reporters = {m.blockage.reporter_id for m in pattern.members}
    return [
        HistoryLine(
            e.at,
            e.summary,
            e.actor.name
            if e.actor is not None and (e.actor_id not in reporters or e.actor_id == viewer.id)
            else None,
        )
        for e in events_of(pattern)
    ]


def latest_event(pattern: Pattern) -> PatternEvent | None:
    """The pattern's latest step, for the knelpunt page of its reporters."""
    return db.session.scalar(
        select(PatternEvent)
        .where(PatternEvent.pattern_id == pattern.id)
        .order_by(PatternEvent.at.desc(), PatternEvent.id.desc())
        .limit(1)
    )


def loose_blockages(q: str, limit: int = 10) -> list[Blockage]:
    """Knelpunten in no pattern whose title matches `q`: what a chair can attach by searching."""
    words = [w for w in q.split() if w][:5]
    if not words:
        return []
    query = (
        select(Blockage)
        .where(
            Blockage.withdrawn_at.is_(None),
            Blockage.id.not_in(select(PatternMember.blockage_id)),
            *[Blockage.title.ilike(f"%{w}%") for w in words],
        )
        .order_by(Blockage.reported_on.desc(), Blockage.id.desc())
        .limit(limit)
    )
    return list(db.session.scalars(query))


def detached_blockages(pattern: Pattern) -> list[Blockage]:
    """Knelpunten a chair took out of the pattern and that are still loose: they can go back."""
    return list(
        db.session.scalars(
            select(Blockage)
            .join(PatternExclusion, PatternExclusion.blockage_id == Blockage.id)
            .where(
                PatternExclusion.pattern_id == pattern.id,
                Blockage.withdrawn_at.is_(None),
                Blockage.id.not_in(select(PatternMember.blockage_id)),
            )
            .order_by(Blockage.id)
        )
    )


def absorbed_into(pattern: Pattern) -> list[Pattern]:
    """Patterns merged into this one: each merge can be undone from here."""
    return list(
        db.session.scalars(
            select(Pattern)
            .where(Pattern.merged_into_id == pattern.id, Pattern.state == PatternState.MERGED)
            .order_by(Pattern.id)
        )
    )
