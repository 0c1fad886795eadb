"""Digest sections about leersessies: what sessions handled, dilemmas passed up from the level
below, and overdue afspraken."""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta
from typing import TYPE_CHECKING

from flask_babel import format_date
from flask_babel import gettext as _
from sqlalchemy import func, or_, select

from learning.accounts.models import User
from learning.digests.content import ITEMS_PER_SECTION, DigestItem, Section, excerpt, late_text
from learning.extensions import db
from learning.sessions.models import (
    KIND_LABELS,
    LEVEL_LABELS,
    AgendaItem,
    Agreement,
    AgreementStatus,
    ItemKind,
    ItemSource,
    LearningSession,
    Outcome,
    SessionLevel,
    SessionSeries,
    SessionStatus,
)
from learning.timeutil import as_utc

if TYPE_CHECKING:  # the builder imports the sections; sections only need its type
    from learning.digests.builder import DigestBuilder


def session_outcomes(b: DigestBuilder) -> Section | None:
    """Leersessies held this period: what was handled, agreed and passed up the ladder.

    Minutes are often closed days after the session, so sessions of the week before the
    period count when they were closed in it.
    """
    query = (
        select(
            LearningSession.id,
            LearningSession.starts_at,
            LearningSession.closed_at,
            LearningSession.went_well,
            SessionSeries.id,
            SessionSeries.name,
            SessionSeries.level,
        )
        .join(SessionSeries, SessionSeries.id == LearningSession.series_id)
        .where(
            LearningSession.starts_at >= b.start - timedelta(days=7),
            LearningSession.starts_at < b.end,
            LearningSession.status == SessionStatus.CLOSED,
        )
        .order_by(LearningSession.starts_at.desc())
    )
    if not b.scope.network:
        query = query.where(
            or_(SessionSeries.id.in_(b.scope.series_ids), SessionSeries.level.in_(b.levels))
        )
    held = [
        row
        for row in db.session.execute(query)
        if row.closed_at is None or b.start <= as_utc(row.closed_at) < b.end
    ][:ITEMS_PER_SECTION]
    if not held:
        return None
    counts = db.session.execute(
        select(AgendaItem.session_id, AgendaItem.outcome, func.count())
        .where(AgendaItem.session_id.in_([row[0] for row in held]), AgendaItem.outcome.is_not(None))
        .group_by(AgendaItem.session_id, AgendaItem.outcome)
    ).all()
    outcomes: dict[int, dict[str, int]] = defaultdict(dict)
    for session_id, outcome, count in counts:
        outcomes[session_id][outcome] = count
    items = []
    for session_id, starts_at, _closed, went_well, series_id, name, level in held:
        found = outcomes.get(session_id, {})
        facts = [
            LEVEL_LABELS.get(SessionLevel(level), level),
            format_date(as_utc(starts_at).date(), "d MMMM"),
            _("%(n)s punten behandeld", n=sum(found.values())),
        ]
        if found.get(Outcome.SOLVED):
            facts.append(_("%(n)s opgelost met een afspraak", n=found[Outcome.SOLVED]))
        if found.get(Outcome.ESCALATED):
            facts.append(_("%(n)s doorgezet", n=found[Outcome.ESCALATED]))
        if found.get(Outcome.SYSTEM):
            facts.append(_("%(n)s systeemknelpunt", n=found[Outcome.SYSTEM]))
        note = excerpt(went_well) if went_well else ""
        items.append(DigestItem(name, series_url(b, series_id), facts, note))
    return Section("session_outcomes", _("Uitkomsten van leersessies"), items)


def dilemmas_from_below(b: DigestBuilder) -> Section | None:
    """Dilemmas that the level below could not solve and passed up to the recipient's level."""
    if not b.levels:
        return None
    rows = db.session.execute(
        select(
            AgendaItem.series_id,
            AgendaItem.title,
            AgendaItem.kind,
            AgendaItem.description,
            SessionSeries.name,
        )
        .join(SessionSeries, SessionSeries.id == AgendaItem.series_id)
        .where(
            AgendaItem.created_at >= b.start,
            AgendaItem.created_at < b.end,
            AgendaItem.source == ItemSource.ESCALATED,
            SessionSeries.level.in_(b.levels),
        )
        .order_by(AgendaItem.created_at.desc())
        .limit(ITEMS_PER_SECTION)
    ).all()
    items = [
        DigestItem(
            excerpt(title, 120),
            series_url(b, series_id),
            [
                KIND_LABELS.get(ItemKind(kind), kind),
                _("voor %(series)s", series=series_name),
            ],
            excerpt(description) if description else "",
        )
        for series_id, title, kind, description, series_name in rows
    ]
    return Section(
        "dilemmas",
        _("Dilemma's van het niveau eronder"),
        items,
        intro=_("Wat een lager niveau niet zelf kon oplossen."),
    )


def overdue_agreements(b: DigestBuilder) -> Section | None:
    """Open afspraken of the recipient's leersessies (all of them for a bestuurder), past due."""
    query = (
        select(Agreement.series_id, Agreement.what, Agreement.due_on, SessionSeries.name, User.name)
        .join(SessionSeries, SessionSeries.id == Agreement.series_id)
        .join(User, User.id == Agreement.owner_id)
        .where(Agreement.status == AgreementStatus.OPEN, Agreement.due_on < b.today)
        .order_by(Agreement.due_on, Agreement.id)
        .limit(ITEMS_PER_SECTION)
    )
    if not b.scope.network:
        query = query.where(Agreement.series_id.in_(b.scope.series_ids))
    items = [
        DigestItem(
            excerpt(what, 120),
            series_url(b, series_id),
            [
                _("afspraak van %(series)s", series=series_name),
                _("eigenaar: %(name)s", name=owner),
                late_text(b.today, due_on),
            ],
        )
        for series_id, what, due_on, series_name, owner in db.session.execute(query)
    ]
    return Section(
        "overdue_agreements",
        _("Afspraken over tijd"),
        items,
        intro=_("Afgesproken in een leersessie, maar nog niet uitgevoerd."),
    )


def series_url(b: DigestBuilder, series_id: int) -> str:
    return b.url("sessions.show_series", series_id=series_id)
