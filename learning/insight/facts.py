"""The facts of each pattern that its loop figures need, computed set-wise from the raw tables.

Moments are local calendar dates. Emergence is when the pattern reached a triage queue (or was
created, for one taken up straight away), triage when a chair confirmed it, the decision the
first decision a table recorded, the first action the first action created on or after it.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

from sqlalchemy import func, select

from learning.blockages.models import Blockage
from learning.extensions import db
from learning.notifications.models import Notification
from learning.patterns.models import Pattern, PatternEvent, PatternMember, PatternState
from learning.tables.models import Decision, TableAction
from learning.timeutil import local_date, today, utcnow

EFFECT_DAYS = 90  # reports in the 90 days before a decision against the 90 days after it
GROWTH_DAYS = 90
NOT_PATTERNS = (PatternState.CANDIDATE, PatternState.MERGED)
# A pattern has an outcome its reporters should hear: decided, solved, or rejected.
WITH_OUTCOME = frozenset(
    {
        PatternState.DECIDED,
        PatternState.IMPLEMENTING,
        PatternState.SOLVED,
        PatternState.EVALUATED,
        PatternState.REJECTED,
    }
)


def _where_ids(query, column, ids: list[int] | None):
    return query if ids is None else query.where(column.in_(ids))


def _day(moment) -> date | None:
    return local_date(moment) if moment is not None else None


def compute_facts(pattern_ids: list[int] | None, as_of: date | None = None) -> list[dict]:
    """Fact rows (dicts shaped like `PatternFact`) for these patterns, or for all of them."""
    as_of = as_of or today()
    patterns = db.session.execute(
        _where_ids(
            select(
                Pattern.id,
                Pattern.table_id,
                Pattern.order,
                Pattern.state,
                Pattern.title,
                Pattern.queued_at,
                Pattern.created_at,
                Pattern.confirmed_at,
                Pattern.closed_at,
            ).where(Pattern.state.not_in(NOT_PATTERNS)),
            Pattern.id,
            pattern_ids,
        )
    ).all()
    ids = [row.id for row in patterns] if pattern_ids is not None else None
    if pattern_ids is not None and not ids:
        return []
    decided = dict(
        db.session.execute(
            _where_ids(
                select(Decision.pattern_id, func.min(Decision.decided_on)).group_by(
                    Decision.pattern_id
                ),
                Decision.pattern_id,
                ids,
            )
        ).all()
    )
    action_days: dict[int, list[date]] = defaultdict(list)
    for pattern_id, created_at in db.session.execute(
        _where_ids(
            select(TableAction.pattern_id, TableAction.created_at).where(
                TableAction.pattern_id.in_(list(decided))
            ),
            TableAction.pattern_id,
            ids,
        )
    ):
        action_days[pattern_id].append(local_date(created_at))
    report_days: dict[int, list[tuple[date, int]]] = defaultdict(list)
    for pattern_id, day, count in db.session.execute(
        _where_ids(
            select(PatternMember.pattern_id, Blockage.reported_on, func.count())
            .join(Blockage, Blockage.id == PatternMember.blockage_id)
            .where(Blockage.withdrawn_at.is_(None))
            .group_by(PatternMember.pattern_id, Blockage.reported_on),
            PatternMember.pattern_id,
            ids,
        )
    ):
        report_days[pattern_id].append((day, count))
    came_back = set(
        db.session.scalars(
            _where_ids(
                select(PatternEvent.pattern_id)
                .where(PatternEvent.kind == f"state:{PatternState.REOPENED}")
                .distinct(),
                PatternEvent.pattern_id,
                ids,
            )
        )
    )
    reporters: dict[int, set[int]] = defaultdict(set)
    for pattern_id, reporter_id in db.session.execute(
        _where_ids(
            select(PatternMember.pattern_id, Blockage.reporter_id)
            .join(Blockage, Blockage.id == PatternMember.blockage_id)
            .where(Blockage.withdrawn_at.is_(None))
            .distinct(),
            PatternMember.pattern_id,
            ids,
        )
    ):
        reporters[pattern_id].add(reporter_id)
    last_told: dict[tuple[int, int], date] = {
        (pattern_id, user_id): local_date(at)
        for pattern_id, user_id, at in db.session.execute(
            _where_ids(
                select(
                    Notification.pattern_id, Notification.user_id, func.max(Notification.created_at)
                )
                .where(Notification.pattern_id.is_not(None))
                .group_by(Notification.pattern_id, Notification.user_id),
                Notification.pattern_id,
                ids,
            )
        )
    }
    now = utcnow()
    rows = []
    for p in patterns:
        decided_on = decided.get(p.id)
        days = report_days.get(p.id, [])
        first_action = None
        if decided_on is not None:
            after = [d for d in action_days.get(p.id, []) if d >= decided_on]
            first_action = min(after) if after else None
        outcome_on = None
        if p.state in WITH_OUTCOME:
            candidates = [d for d in (decided_on, _day(p.closed_at)) if d is not None]
            outcome_on = min(candidates) if candidates else None
        told = 0
        people = reporters.get(p.id, set()) if outcome_on is not None else set()
        for user_id in people:
            moment = last_told.get((p.id, user_id))
            told += moment is not None and moment >= outcome_on
        rows.append(
            {
                "pattern_id": p.id,
                "table_id": p.table_id or 0,
                "learning_order": p.order or "",
                "state": p.state,
                "title": p.title[:200],
                "emerged_on": _day(p.queued_at or p.created_at),
                "triaged_on": _day(p.confirmed_at),
                "decided_on": decided_on,
                "first_action_on": first_action,
                "outcome_on": outcome_on,
                "reports": sum(count for _, count in days),
                "reports_before": _between(days, decided_on, -EFFECT_DAYS),
                "reports_after": _between(days, decided_on, EFFECT_DAYS),
                "reports_recent": _between(days, as_of + timedelta(days=1), -GROWTH_DAYS),
                "reports_previous": _between(
                    days, as_of + timedelta(days=1 - GROWTH_DAYS), -GROWTH_DAYS
                ),
                "came_back": p.id in came_back,
                "reporters": len(people),
                "reporters_told": told,
                "as_of": as_of,
                "refreshed_at": now,
            }
        )
    return rows


def _between(days: list[tuple[date, int]], anchor: date | None, span: int) -> int:
    """Reports in [anchor+span, anchor) for a negative span, [anchor, anchor+span) otherwise."""
    if anchor is None:
        return 0
    start, end = (
        (anchor + timedelta(days=span), anchor)
        if span < 0
        else (
            anchor,
            anchor + timedelta(days=span),
        )
    )
    return sum(count for day, count in days if start <= day < end)
