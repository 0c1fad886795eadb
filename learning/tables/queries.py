"""Read helpers for the tables: the ladder, boards, agendas, overdue work, effect, own page."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import or_, select

from learning.accounts.models import User
from learning.blockages.models import Blockage
from learning.extensions import db
from learning.patterns.models import Pattern, PatternEvent, PatternFollower, PatternMember
from learning.patterns.queries import active_members, month_key
from learning.patterns.states import BOARD, CLOSED, QUEUE, STATE_LABELS, PatternState
from learning.tables.models import (
    ActionStatus,
    Decision,
    DecisionRequest,
    LearningTable,
    RequestStatus,
    Resolution,
    TableAction,
)
from learning.tables.permissions import can_decide
from learning.timeutil import as_utc, today, utcnow

EFFECT_MONTHS = 6


# --- the ladder ----------------------------------------------------------------------------


def all_tables() -> list[LearningTable]:
    tables = db.session.scalars(select(LearningTable)).all()
    return sorted(tables, key=lambda t: (-t.rank, t.name.lower()))


def active_users() -> list[User]:
    """Everyone who can be chosen as chair, secretary or member of a table."""
    return list(db.session.scalars(select(User).where(User.active.is_(True)).order_by(User.name)))


def children(table: LearningTable) -> list[LearningTable]:
    return list(
        db.session.scalars(
            select(LearningTable)
            .where(LearningTable.parent_id == table.id)
            .order_by(LearningTable.name)
        )
    )


def patterns_at(table: LearningTable) -> list[Pattern]:
    return list(
        db.session.scalars(
            select(Pattern)
            .where(Pattern.table_id == table.id, Pattern.state != PatternState.CANDIDATE)
            .order_by(Pattern.updated_at.desc())
        )
    )


# --- response times and overdue work -------------------------------------------------------


def take_up_due(pattern: Pattern) -> date | None:
    """When a new (or reopened) pattern must have been taken up by its table."""
    if pattern.table is None or pattern.state not in QUEUE:
        return None
    start = as_utc(pattern.queued_at or pattern.created_at)
    return (start + timedelta(days=pattern.table.take_up_days)).date()


def take_up_overdue(pattern: Pattern) -> bool:
    due = take_up_due(pattern)
    return due is not None and due < today()


def open_requests_to(table: LearningTable) -> list[DecisionRequest]:
    """The agenda: beslisvragen from below that wait for this table."""
    return list(
        db.session.scalars(
            select(DecisionRequest)
            .where(
                DecisionRequest.to_table_id == table.id,
                DecisionRequest.status == RequestStatus.OPEN,
            )
            .order_by(DecisionRequest.due_on, DecisionRequest.id)
        )
    )


def open_request_for(pattern: Pattern, table: LearningTable) -> DecisionRequest | None:
    """The pattern's beslisvraag on this table's agenda, if any (the first by deadline):
    one row, not the table's whole agenda, which at a stuurgroep spans the country."""
    return db.session.scalar(
        select(DecisionRequest)
        .where(
            DecisionRequest.to_table_id == table.id,
            DecisionRequest.status == RequestStatus.OPEN,
            DecisionRequest.pattern_id == pattern.id,
        )
        .order_by(DecisionRequest.due_on, DecisionRequest.id)
        .limit(1)
    )


def open_requests_from(table: LearningTable) -> list[DecisionRequest]:
    """What this table escalated and still waits for."""
    return list(
        db.session.scalars(
            select(DecisionRequest)
            .where(
                DecisionRequest.from_table_id == table.id,
                DecisionRequest.status.in_([RequestStatus.OPEN, RequestStatus.FORWARDED]),
            )
            .order_by(DecisionRequest.id)
        )
    )


def actions_of_table(table: LearningTable, overdue_only: bool = False) -> list[TableAction]:
    query = select(TableAction).where(
        TableAction.table_id == table.id, TableAction.status == ActionStatus.OPEN
    )
    if overdue_only:
        query = query.where(TableAction.due_on < today())
    return list(db.session.scalars(query.order_by(TableAction.due_on, TableAction.id)))


def actions_of_owner(user: User) -> list[TableAction]:
    return list(
        db.session.scalars(
            select(TableAction)
            .where(TableAction.owner_id == user.id, TableAction.status == ActionStatus.OPEN)
            .order_by(TableAction.due_on, TableAction.id)
        )
    )


def actions_of_decision(decision: Decision | None) -> list[TableAction]:
    """The follow-up actions a decision gave to a lower table."""
    if decision is None:
        return []
    return list(
        db.session.scalars(
            select(TableAction)
            .where(TableAction.decision_id == decision.id)
            .order_by(TableAction.due_on, TableAction.id)
        )
    )


def awaiting_decision(user: User) -> list[DecisionRequest]:
    """Beslisvragen on the agenda of the tables where the user decides, deadline first."""
    tables = [t for t in all_tables() if can_decide(user, t)]
    if not tables:
        return []
    return list(
        db.session.scalars(
            select(DecisionRequest)
            .where(
                DecisionRequest.to_table_id.in_([t.id for t in tables]),
                DecisionRequest.status == RequestStatus.OPEN,
            )
            .order_by(DecisionRequest.due_on, DecisionRequest.id)
        )
    )


def actions_of_pattern(pattern: Pattern) -> list[TableAction]:
    return list(
        db.session.scalars(
            select(TableAction)
            .where(TableAction.pattern_id == pattern.id)
            .order_by(TableAction.status != ActionStatus.OPEN, TableAction.due_on, TableAction.id)
        )
    )


# --- the board -----------------------------------------------------------------------------


@dataclass
class Card:
    pattern: Pattern
    reports: int
    overdue: bool = False
    elsewhere: LearningTable | None = None  # escalated: now on the agenda of this table
    request: DecisionRequest | None = None
    open_actions: int = 0
    overdue_actions: int = 0


@dataclass
class Column:
    state: PatternState
    label: str
    cards: list[Card] = field(default_factory=list)


def board(table: LearningTable, show_closed: bool = False) -> list[Column]:
    """The table's patterns by state, with what is overdue; escalated ones stay visible."""
    columns = {s: Column(s, STATE_LABELS[s]) for s in BOARD}
    actions = Counter()
    late_actions = Counter()
    for action in actions_of_table(table):
        actions[action.pattern_id] += 1
        if action.is_overdue:
            late_actions[action.pattern_id] += 1
    incoming = {r.pattern_id: r for r in open_requests_to(table)}
    for pattern in patterns_at(table):
        state = PatternState(pattern.state)
        if state not in columns or (state in CLOSED and not show_closed):
            continue
        request = incoming.get(pattern.id)
        columns[state].cards.append(
            Card(
                pattern=pattern,
                reports=len(active_members(pattern)),
                overdue=take_up_overdue(pattern) or bool(request and request.is_overdue),
                request=request,
                open_actions=actions[pattern.id],
                overdue_actions=late_actions[pattern.id],
            )
        )
    for request in open_requests_from(table):
        pattern = db.session.get(Pattern, request.pattern_id)
        if pattern is None or pattern.table_id == table.id:
            continue
        columns[PatternState.ESCALATED].cards.append(
            Card(
                pattern=pattern,
                reports=len(active_members(pattern)),
                overdue=request.is_overdue,
                elsewhere=pattern.table,
                request=request,
            )
        )
    return [c for c in columns.values() if show_closed or c.state not in CLOSED]


@dataclass
class LadderRow:
    table: LearningTable
    open_patterns: int
    overdue: int
    agenda: int


def ladder() -> list[LadderRow]:
    rows = []
    for table in all_tables():
        patterns = [p for p in patterns_at(table) if p.state not in CLOSED]
        agenda = open_requests_to(table)
        overdue = (
            sum(1 for p in patterns if take_up_overdue(p))
            + sum(1 for r in agenda if r.is_overdue)
            + len(actions_of_table(table, overdue_only=True))
        )
        rows.append(LadderRow(table, len(patterns), overdue, len(agenda)))
    return rows


# --- one pattern ---------------------------------------------------------------------------


def requests_of(pattern: Pattern) -> list[DecisionRequest]:
    return list(
        db.session.scalars(
            select(DecisionRequest)
            .where(DecisionRequest.pattern_id == pattern.id)
            .order_by(DecisionRequest.created_at, DecisionRequest.id)
        )
    )


def resolutions_of(pattern: Pattern) -> list[Resolution]:
    return list(
        db.session.scalars(
            select(Resolution)
            .where(Resolution.pattern_id == pattern.id)
            .order_by(Resolution.created_at.desc())
        )
    )


def decisions_of(pattern: Pattern) -> list[Decision]:
    return list(
        db.session.scalars(
            select(Decision)
            .where(Decision.pattern_id == pattern.id)
            .order_by(Decision.decided_on.desc(), Decision.id.desc())
        )
    )


@dataclass
class Effect:
    """Reports per month before and after the fix: did the knelpunt stop?"""

    since: date
    label: str
    months: list[tuple[str, int, bool]]  # (YYYY-MM, reports, after the fix)
    before_average: float
    after_average: float | None

    @property
    def after_decision(self) -> bool:
        """Measured from a decision of a table above (else from the werktafel's own fix)."""
        return self.label == "decided"

    @property
    def peak(self) -> int:
        return max((n for _m, n, _a in self.months), default=0) or 1


def _add_months(day: date, months: int) -> date:
    """The first of the month `months` away from `day`'s month."""
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def effect(pattern: Pattern, months: int = EFFECT_MONTHS) -> Effect | None:
    """Counts per month around the latest structural fix (procedure solved, or a decision)."""
    resolutions = resolutions_of(pattern)
    decisions = decisions_of(pattern)
    if resolutions:
        since, label = resolutions[0].solved_on, "solved"
    elif decisions:
        since, label = decisions[0].decided_on, "decided"
    else:
        return None
    counts = Counter(month_key(m.blockage.reported_on) for m in active_members(pattern))
    fix_month = month_key(since)
    last = min(_add_months(since, months), today().replace(day=1))
    rows = []
    for offset in range(-months, months + 1):
        month = _add_months(since, offset)
        if month > last:
            break
        key = month_key(month)
        rows.append((key, counts.get(key, 0), key > fix_month))
    before = [n for key, n, after in rows if not after and key != fix_month]
    after = [n for _key, n, is_after in rows if is_after]
    return Effect(
        since=since,
        label=label,
        months=rows,
        before_average=round(sum(before) / len(before), 1) if before else 0.0,
        after_average=round(sum(after) / len(after), 1) if after else None,
    )


# --- the professional's own page -----------------------------------------------------------


@dataclass
class MyPattern:
    pattern: Pattern
    reported: bool
    following: bool
    events: list[PatternEvent]

    @property
    def recent_steps(self) -> int:
        return recent(self.events)


def my_patterns(user: User) -> list[MyPattern]:
    """Patterns with a knelpunt of the user, and patterns they follow, with every step."""
    reported = set(
        db.session.scalars(
            select(PatternMember.pattern_id)
            .join(Blockage, Blockage.id == PatternMember.blockage_id)
            .where(Blockage.reporter_id == user.id, Blockage.withdrawn_at.is_(None))
        )
    )
    followed = set(
        db.session.scalars(
            select(PatternFollower.pattern_id).where(PatternFollower.user_id == user.id)
        )
    )
    ids = reported | followed
    if not ids:
        return []
    patterns = db.session.scalars(
        select(Pattern)
        .where(
            Pattern.id.in_(ids),
            or_(Pattern.state != PatternState.CANDIDATE, Pattern.id.in_(followed)),
        )
        .order_by(Pattern.updated_at.desc())
    ).all()
    events: dict[int, list[PatternEvent]] = {}
    for event in db.session.scalars(
        select(PatternEvent)
        .where(PatternEvent.pattern_id.in_([p.id for p in patterns]))
        .order_by(PatternEvent.at.desc(), PatternEvent.id.desc())
    ):
        events.setdefault(event.pattern_id, []).append(event)
    return [
        MyPattern(p, p.id in reported, p.id in followed, events.get(p.id, [])) for p in patterns
    ]


def recent(events: list[PatternEvent], days: int = 14) -> int:
    since = utcnow() - timedelta(days=days)
    return sum(1 for e in events if as_utc(e.at) >= since)
