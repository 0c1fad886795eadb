"""Read helpers for patterns: membership, queues, growth and reports per month."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import ScalarSelect, Select, func, select
from sqlalchemy.orm import lazyload

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


def report_counts(pattern_ids: list[int]) -> dict[int, int]:
    """Knelpunten not withdrawn per pattern, counted in the database (one query)."""
    if not pattern_ids:
        return {}
    return dict(
        db.session.execute(
            select(PatternMember.pattern_id, func.count(PatternMember.id))
            .join(Blockage, Blockage.id == PatternMember.blockage_id)
            .where(PatternMember.pattern_id.in_(pattern_ids), Blockage.withdrawn_at.is_(None))
            .group_by(PatternMember.pattern_id)
        ).all()
    )


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


@dataclass
class QueueRow:
    """A pattern on the triage queue with its growth (30 days), reports and table name."""

    pattern: Pattern
    growth: int
    reports: int
    table_name: str | None


def triage_rows(
    user: User, limit: int | None = None, offset: int = 0, days: int = 30
) -> tuple[list[QueueRow], int]:
    """One page of the triage queue, sorted by growth, then size; and the queue's length.

    Growth, size and the table's name come from the database, so a page costs the same few
    queries however long the queue and however large its patterns (neither members nor
    tables with their people are loaded).
    """
    since = today() - timedelta(days=days)
    endorsements = (
        select(func.count(Endorsement.id))
        .where(Endorsement.pattern_id == Pattern.id, Endorsement.created_at >= since)
        .correlate(Pattern)
        .scalar_subquery()
    )
    reports = _active_reports()
    growth = _active_reports(Blockage.reported_on >= since) + endorsements
    where = [Pattern.state.in_(QUEUE)]
    if not user.is_admin:
        where.append(Pattern.table_id.in_(_tables_run_by(user)))
    query = (
        select(Pattern, growth.label("growth"), reports.label("reports"), LearningTable.name)
        .outerjoin(LearningTable, LearningTable.id == Pattern.table_id)
        .where(*where)
        .options(lazyload(Pattern.members), lazyload(Pattern.table))
        .order_by(growth.desc(), reports.desc(), Pattern.id.desc())
        .offset(offset)
    )
    if limit is not None:
        query = query.limit(limit)
    rows = [QueueRow(r[0], r.growth, r.reports, r[3]) for r in db.session.execute(query)]
    total = db.session.scalar(select(func.count(Pattern.id)).where(*where)) or 0
    return rows, total


def _tables_run_by(user: User) -> Select:
    """Ids of the tables the user chairs or is secretary of (a subquery)."""
    return select(LearningTable.id).where(
        (LearningTable.chair_id == user.id) | (LearningTable.secretary_id == user.id)
    )


def triage_queue(user: User) -> list[Pattern]:
    """Patterns waiting for a chair's decision, sorted by growth and then size."""
    return [row.pattern for row in triage_rows(user)[0]]


def _active_reports(*conditions) -> ScalarSelect:
    """Per pattern (correlated): its knelpunten that were not withdrawn (and meet these)."""
    return (
        select(func.count(PatternMember.id))
        .join(Blockage, Blockage.id == PatternMember.blockage_id)
        .where(PatternMember.pattern_id == Pattern.id, Blockage.withdrawn_at.is_(None))
        .where(*conditions)
        .correlate(Pattern)
        .scalar_subquery()
    )


def listed_patterns(
    user: User, state: str, limit: int, offset: int = 0
) -> tuple[list[tuple[Pattern, int]], int]:
    """One page of the patterns list, newest change first, with each pattern's number of
    reports counted in the database; and the number of patterns the list holds."""
    where = [Pattern.state != PatternState.MERGED]
    if state:
        where.append(Pattern.state == state)
    if not (user.is_admin or user.has_role(Role.CHAIR)):
        where.append(Pattern.state != PatternState.CANDIDATE)
    rows = db.session.execute(
        select(Pattern, _active_reports().label("reports"))
        .where(*where)
        .options(lazyload(Pattern.members))
        .order_by(Pattern.updated_at.desc(), Pattern.id.desc())
        .limit(limit)
        .offset(offset)
    )
    total = db.session.scalar(select(func.count(Pattern.id)).where(*where)) or 0
    return [(row[0], row.reports) for row in rows], total


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


def merge_candidates(user: User, pattern: Pattern) -> list[tuple[int, str]]:
    """(id, title) of the patterns the chair may merge into (or split towards) this one.

    Only the two columns: loading the patterns themselves would load every member of up to
    500 patterns on each view of a pattern page.
    """
    query = select(Pattern.id, Pattern.title).where(
        Pattern.state != PatternState.MERGED, Pattern.id != pattern.id
    )
    if not (user.is_admin or user.has_role(Role.CHAIR)):
        query = query.where(Pattern.state != PatternState.CANDIDATE)
    rows = db.session.execute(query.order_by(Pattern.updated_at.desc()).limit(500))
    return [(row.id, row.title) for row in rows]


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
