"""Digest sections about patterns: the period in one figure, new and growing patterns, the
chair's triage queue, and what happened to the recipient's own knelpunten."""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING, Any

from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import func, select

from learning.blockages.models import Blockage
from learning.digests.content import (
    ITEMS_PER_SECTION,
    DigestItem,
    Section,
)
from learning.extensions import db
from learning.patterns.models import (
    Pattern,
    PatternEvent,
    PatternFollower,
    PatternMember,
    PatternState,
)
from learning.patterns.states import HIDDEN_FROM_DIGEST, QUEUE
from learning.privacy_counts import small_count
from learning.timeutil import as_utc

if TYPE_CHECKING:  # the builder imports the sections; sections only need its type
    from learning.digests.builder import DigestBuilder

_ARRIVED = (f"state:{PatternState.NEW}", f"state:{PatternState.REOPENED}")


def _arrivals(b: DigestBuilder) -> list[Any]:
    """Patterns that reached a queue (or came back) this period, newest first: shared by the
    new and the growing patterns, which leaves the new ones out."""
    key = ("arrivals", b.window)
    if key not in b.cache:
        b.cache[key] = db.session.execute(
            select(PatternEvent.pattern_id, PatternEvent.kind)
            .where(
                PatternEvent.at >= b.start,
                PatternEvent.at < b.end,
                PatternEvent.kind.in_(_ARRIVED),
            )
            .order_by(PatternEvent.at.desc(), PatternEvent.id.desc())
        ).all()
    return b.cache[key]


def overview(b: DigestBuilder) -> Section | None:
    """The period in one figure: new knelpunten (of the recipient's organisations)."""
    query = select(func.count(Blockage.id)).where(
        Blockage.reported_on >= b.period.window_start,
        Blockage.reported_on < b.period.window_end,
        Blockage.withdrawn_at.is_(None),
    )
    if not b.scope.network:
        query = query.where(Blockage.organisation_id.in_(b.scope.organisation_ids))
    count = db.session.scalar(query) or 0
    if not count:
        return None
    if b.scope.network:
        title = _("%(n)s nieuwe knelpunten gemeld in het netwerk", n=small_count(count))
    else:
        title = _("%(n)s nieuwe knelpunten gemeld door uw organisatie(s)", n=small_count(count))
    return Section(
        "overview", _("In het kort"), [DigestItem(title, b.url("blockages.list_blockages"))]
    )


def new_patterns(b: DigestBuilder) -> Section | None:
    """Patterns that reached a werktafel's queue this period, or came back."""
    rows = _arrivals(b)
    reopened = {r.pattern_id for r in rows if r.kind == f"state:{PatternState.REOPENED}"}
    visible = b.in_scope(r.pattern_id for r in rows)
    ordered = [i for i in dict.fromkeys(r.pattern_id for r in rows) if i in visible]
    patterns = b.patterns(ordered[: ITEMS_PER_SECTION * 2])
    items = []
    for pattern_id in ordered:
        info = patterns.get(pattern_id)
        if info is None or info.state in HIDDEN_FROM_DIGEST:
            continue
        facts = b.pattern_facts(info)
        if pattern_id in reopened:
            facts.insert(0, _("heropend: het knelpunt speelt opnieuw"))
        if info.table_name:
            facts.append(_("bij %(table)s", table=info.table_name))
        items.append(DigestItem(info.title, b.pattern_url(pattern_id), facts))
    return Section(
        "new_patterns",
        _("Nieuwe patronen"),
        items[:ITEMS_PER_SECTION],
        intro=_("Knelpunten die bij meerdere professionals terugkomen."),
        more_label=_("Alle patronen"),
        more_url=b.url("patterns.list_patterns"),
    )


def growing_patterns(b: DigestBuilder) -> Section | None:
    """Patterns with the most new reports this period (from the recipient's organisations),
    leaving out the new patterns, which have their own section."""
    period = b.period
    arrived = {r.pattern_id for r in _arrivals(b)}
    query = (
        select(PatternMember.pattern_id, func.count().label("reports"))
        .join(Blockage, Blockage.id == PatternMember.blockage_id)
        .join(Pattern, Pattern.id == PatternMember.pattern_id)
        .where(
            Blockage.reported_on >= period.window_start,
            Blockage.reported_on < period.window_end,
            Blockage.withdrawn_at.is_(None),
            Pattern.state.not_in(HIDDEN_FROM_DIGEST),
            PatternMember.pattern_id.not_in(arrived),
        )
        .group_by(PatternMember.pattern_id)
        .order_by(func.count().desc(), PatternMember.pattern_id)
        .limit(ITEMS_PER_SECTION)
    )
    if not b.scope.network:
        query = query.where(Blockage.organisation_id.in_(b.scope.organisation_ids))
    rows = db.session.execute(query).all()
    patterns = b.patterns(r.pattern_id for r in rows)
    items = []
    for row in rows:
        info = patterns[row.pattern_id]
        facts = [*b.pattern_facts(info), info.state_label]
        if not b.scope.network:
            facts.insert(0, _("%(n)s nieuwe van uw organisatie(s)", n=small_count(row.reports)))
        items.append(DigestItem(info.title, b.pattern_url(info.id), facts))
    return Section(
        "growing_patterns",
        _("Snelst groeiende patronen"),
        items,
        intro=_("De meeste nieuwe meldingen deze periode."),
    )


def triage_queue(b: DigestBuilder) -> Section | None:
    """Patterns waiting on the queue of the tables the recipient chairs."""
    if not b.scope.run_table_ids:
        return None
    ids = list(
        db.session.scalars(
            select(Pattern.id)
            .where(Pattern.state.in_(QUEUE), Pattern.table_id.in_(b.scope.run_table_ids))
            .order_by(Pattern.queued_at.is_(None), Pattern.queued_at, Pattern.id)
        )
    )
    patterns = b.patterns(ids[: ITEMS_PER_SECTION * 2])
    items = []
    for info in patterns.values():
        facts = [info.state_label, *b.pattern_facts(info)]
        if info.queued_at is not None:
            waiting = (b.today - as_utc(info.queued_at).date()).days
            facts.append(ngettext("wacht %(num)s dag", "wacht %(num)s dagen", waiting))
            if info.take_up_days is not None and waiting > info.take_up_days:
                facts.append(_("termijn om op te pakken verstreken"))
        items.append(DigestItem(info.title, b.pattern_url(info.id), facts))
    return Section(
        "triage_queue",
        _("Uw triagelijst"),
        items,
        intro=ngettext(
            "%(num)s patroon wacht op uw beoordeling.",
            "%(num)s patronen wachten op uw beoordeling.",
            len(ids),
        ),
        more_label=_("Naar de triage"),
        more_url=b.url("patterns.triage_queue"),
        total=len(ids),
    )


def my_blockages(b: DigestBuilder) -> Section | None:
    """What happened this period to the patterns of the recipient's own knelpunten."""
    own = (
        select(PatternMember.pattern_id)
        .join(Blockage, Blockage.id == PatternMember.blockage_id)
        .where(Blockage.reporter_id == b.user.id, Blockage.withdrawn_at.is_(None))
    )
    followed = select(PatternFollower.pattern_id).where(PatternFollower.user_id == b.user.id)
    rows = db.session.execute(
        select(PatternEvent.pattern_id, PatternEvent.summary)
        .where(
            PatternEvent.at >= b.start,
            PatternEvent.at < b.end,
            PatternEvent.pattern_id.in_(own.union(followed)),
        )
        .order_by(PatternEvent.at.desc(), PatternEvent.id.desc())
    ).all()
    summaries: dict[int, list[str]] = defaultdict(list)
    for row in rows:
        summaries[row.pattern_id].append(row.summary)
    patterns = b.patterns(list(summaries)[: ITEMS_PER_SECTION * 2])
    items = []
    for pattern_id, info in patterns.items():
        if info.state == PatternState.MERGED:
            continue
        facts = [_("status nu: %(state)s", state=info.state_label)]
        if len(summaries[pattern_id]) > 1:
            facts.append(_("%(n)s stappen deze periode", n=len(summaries[pattern_id])))
        items.append(
            DigestItem(info.title, b.pattern_url(pattern_id), facts, summaries[pattern_id][0])
        )
    return Section(
        "my_blockages",
        _("Wat er met uw knelpunten gebeurde"),
        items,
        intro=_("Patronen waar een knelpunt van u bij hoort, of die u volgt."),
        more_label=_("Mijn knelpunten"),
        more_url=b.url("blockages.list_blockages", mine=1),
    )
