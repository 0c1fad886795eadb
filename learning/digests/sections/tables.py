"""Digest sections about learning tables: beslisvragen waiting for the recipient, escalations,
decisions and their effect, and overdue table actions."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from typing import TYPE_CHECKING

from flask_babel import format_date, ngettext
from flask_babel import gettext as _
from sqlalchemy import and_, cast, null, or_, select, union
from sqlalchemy.orm import aliased

from learning.accounts.models import User
from learning.blockages.models import Blockage
from learning.digests.content import (
    EFFECT_DAYS,
    ITEMS_PER_SECTION,
    Audience,
    DigestItem,
    Section,
    excerpt,
    late_text,
)
from learning.extensions import db
from learning.patterns.models import PatternMember
from learning.privacy_counts import small_count
from learning.tables.models import (
    ActionStatus,
    Decision,
    DecisionRequest,
    LearningTable,
    RequestStatus,
    Resolution,
    TableAction,
    TableKind,
)
from learning.timeutil import as_utc

if TYPE_CHECKING:  # the builder imports the sections; sections only need its type
    from learning.digests.builder import DigestBuilder


def _decision_tables(b: DigestBuilder) -> set[int]:
    """Tables whose beslisvragen the recipient decides on: where they sit; for a bestuurder
    without a seat, the bestuurlijke stuurgroepen."""
    if b.scope.seat_table_ids:
        return set(b.scope.seat_table_ids)
    if Audience.EXECUTIVE in b.audiences:
        return set(
            db.session.scalars(
                select(LearningTable.id).where(LearningTable.kind == TableKind.EXECUTIVE_STEERING)
            )
        )
    return set()


def awaiting_decision(b: DigestBuilder) -> Section | None:
    tables = _decision_tables(b)
    if not tables:
        return None
    source = aliased(LearningTable)
    rows = db.session.execute(
        select(
            DecisionRequest.pattern_id,
            DecisionRequest.question,
            DecisionRequest.due_on,
            DecisionRequest.created_at,
            source.name,
        )
        .join(source, source.id == DecisionRequest.from_table_id)
        .where(
            DecisionRequest.status == RequestStatus.OPEN,
            DecisionRequest.to_table_id.in_(tables),
        )
        .order_by(DecisionRequest.due_on, DecisionRequest.id)
    ).all()
    patterns = b.patterns(r.pattern_id for r in rows[: ITEMS_PER_SECTION * 2])
    items = []
    for row in rows[: ITEMS_PER_SECTION * 2]:
        info = patterns.get(row.pattern_id)
        facts = [
            _("van %(table)s", table=row.name),
            _("beslissen vóór %(day)s", day=format_date(row.due_on, "d MMMM")),
        ]
        if row.due_on < b.today:
            facts.append(_("termijn verstreken"))
        if b.start <= as_utc(row.created_at) < b.end:
            facts.insert(0, _("nieuw"))
        if info is not None:
            facts.extend(b.pattern_facts(info))
        items.append(
            DigestItem(
                info.title if info else excerpt(row.question, 120),
                b.pattern_url(row.pattern_id),
                facts,
                _("Beslisvraag: %(q)s", q=excerpt(row.question)),
            )
        )
    return Section(
        "awaiting_decision",
        _("Wacht op uw besluit"),
        items,
        intro=ngettext(
            "%(num)s beslisvraag ligt bij u op tafel.",
            "%(num)s beslisvragen liggen bij u op tafel.",
            len(rows),
        ),
        total=len(rows),
    )


def escalations(b: DigestBuilder) -> Section | None:
    """Beslisvragen that came up this period: from the ambtelijke stuurgroep for a
    bestuurder, from the recipient's tables for a manager."""
    source, target = aliased(LearningTable), aliased(LearningTable)
    query = (
        select(
            DecisionRequest.pattern_id,
            DecisionRequest.question,
            source.name,
            target.name.label("target"),
        )
        .join(source, source.id == DecisionRequest.from_table_id)
        .join(target, target.id == DecisionRequest.to_table_id)
        .where(DecisionRequest.created_at >= b.start, DecisionRequest.created_at < b.end)
        .order_by(DecisionRequest.created_at.desc())
        .limit(ITEMS_PER_SECTION)
    )
    decided_here = _decision_tables(b)
    if decided_here:  # those are listed under "wacht op uw besluit"
        query = query.where(DecisionRequest.to_table_id.not_in(decided_here))
    if b.scope.network:
        query = query.where(
            source.kind.in_((TableKind.CIVIL_STEERING, TableKind.EXECUTIVE_STEERING))
        )
    else:
        query = query.where(DecisionRequest.from_table_id.in_(b.scope.table_ids))
    rows = db.session.execute(query).all()
    patterns = b.patterns(r.pattern_id for r in rows)
    items = [
        DigestItem(
            patterns[r.pattern_id].title,
            b.pattern_url(r.pattern_id),
            [
                _("van %(a)s naar %(b)s", a=r.name, b=r.target),
                *b.pattern_facts(patterns[r.pattern_id], trend=False),
            ],
            _("Beslisvraag: %(q)s", q=excerpt(r.question)),
        )
        for r in rows
        if r.pattern_id in patterns
    ]
    title = (
        _("Escalaties van het ambtelijk niveau")
        if b.scope.network
        else _("Escalaties vanuit uw tafels")
    )
    return Section("escalations", title, items)


def decisions(b: DigestBuilder) -> Section | None:
    """Decisions and solutions recorded this period (up to the moment of sending, so today's
    too), and the six-week effect of earlier ones: reports in the six weeks before against
    the reports since."""
    period = b.period
    six_weeks = timedelta(days=EFFECT_DAYS)
    rows = db.session.execute(
        union(
            select(
                Decision.pattern_id.label("pattern_id"),
                Decision.decided_on.label("day"),
                Decision.created_at.label("recorded"),
                Decision.text.label("text"),
                LearningTable.name.label("table"),
            )
            .join(LearningTable, LearningTable.id == Decision.table_id)
            .where(
                or_(
                    and_(Decision.created_at >= b.start, Decision.created_at < b.end),
                    and_(
                        Decision.decided_on >= period.window_start - six_weeks,
                        Decision.decided_on < period.window_end - six_weeks,
                    ),
                )
            ),
            select(
                Resolution.pattern_id,
                Resolution.solved_on,
                Resolution.created_at,
                Resolution.change,
                cast(null(), LearningTable.name.type),
            ).where(
                or_(
                    and_(Resolution.created_at >= b.start, Resolution.created_at < b.end),
                    and_(
                        Resolution.solved_on >= period.window_start - six_weeks,
                        Resolution.solved_on < period.window_end - six_weeks,
                    ),
                )
            ),
        ).order_by("day", "recorded")
    ).all()
    visible = b.in_scope(r.pattern_id for r in rows)
    due = [r for r in reversed(rows) if r.pattern_id in visible][: ITEMS_PER_SECTION * 2]
    if not due:
        return None
    effects = _before_after(b, [(r.pattern_id, r.day) for r in due])
    patterns = b.patterns(r.pattern_id for r in due)
    items = []
    for row in due:
        info = patterns.get(row.pattern_id)
        if info is None:
            continue
        before, after, days_after = effects[(row.pattern_id, row.day)]
        what = _("Besluit van %(table)s", table=row.table) if row.table else _("Opgelost")
        facts = [what, format_date(row.day, "d MMMM yyyy")]
        if days_after:
            facts.append(
                _(
                    "%(before)s meldingen in de zes weken ervoor, "
                    "%(after)s in de %(days)s dagen erna",
                    before=small_count(before),
                    after=small_count(after),
                    days=days_after,
                )
            )
        else:
            facts.append(
                _(
                    "%(before)s meldingen in de zes weken ervoor; het effect volgt",
                    before=small_count(before),
                )
            )
        if not b.start <= as_utc(row.recorded) < b.end:
            facts.insert(0, _("zes weken later"))
        items.append(DigestItem(info.title, b.pattern_url(info.id), facts, excerpt(row.text)))
    return Section(
        "decisions",
        _("Besluiten en hun effect"),
        items,
        intro=_("Wat er besloten en opgelost is, en of de meldingen daarna afnemen."),
    )


def _before_after(
    b: DigestBuilder, pairs: list[tuple[int, date]]
) -> dict[tuple[int, date], tuple[int, int, int]]:
    """(reports in the six weeks before, reports since, days since) per (pattern, day)."""
    earliest = min(day for _id, day in pairs) - timedelta(days=EFFECT_DAYS)
    rows = db.session.execute(
        select(PatternMember.pattern_id, Blockage.reported_on)
        .join(Blockage, Blockage.id == PatternMember.blockage_id)
        .where(
            PatternMember.pattern_id.in_({p for p, _day in pairs}),
            Blockage.reported_on >= earliest,
            Blockage.reported_on < b.period.window_end,
            Blockage.withdrawn_at.is_(None),
        )
    ).all()
    dates: dict[int, list[date]] = defaultdict(list)
    for pattern_id, reported_on in rows:
        dates[pattern_id].append(reported_on)
    result = {}
    for pattern_id, day in pairs:
        end = min(day + timedelta(days=EFFECT_DAYS), b.period.window_end)
        days = dates[pattern_id]
        before = sum(1 for d in days if day - timedelta(days=EFFECT_DAYS) <= d < day)
        after = sum(1 for d in days if day <= d < end)
        result[(pattern_id, day)] = (before, after, max((end - day).days, 0))
    return result


def overdue_actions(b: DigestBuilder) -> Section | None:
    """Open actions of the recipient's tables (or owned by their organisations), past due."""
    query = (
        select(
            TableAction.pattern_id,
            TableAction.what,
            TableAction.due_on,
            LearningTable.name,
            User.name,
        )
        .join(LearningTable, LearningTable.id == TableAction.table_id)
        .join(User, User.id == TableAction.owner_id)
        .where(TableAction.status == ActionStatus.OPEN, TableAction.due_on < b.today)
        .order_by(TableAction.due_on, TableAction.id)
        .limit(ITEMS_PER_SECTION)
    )
    if not b.scope.network:
        query = query.where(
            or_(
                TableAction.table_id.in_(b.scope.table_ids),
                TableAction.organisation_id.in_(b.scope.organisation_ids),
            )
        )
    items = [
        DigestItem(
            excerpt(what, 120),
            b.pattern_url(pattern_id),
            [table_name, _("eigenaar: %(name)s", name=owner), late_text(b.today, due_on)],
        )
        for pattern_id, what, due_on, table_name, owner in db.session.execute(query)
    ]
    return Section(
        "overdue_actions",
        _("Acties over tijd"),
        items,
        intro=_("Afgesproken aan een tafel, maar nog niet gedaan."),
    )
