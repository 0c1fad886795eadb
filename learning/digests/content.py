"""What goes into a digest: sections per role, only what the recipient may see.

Every query is bounded by the period (indexed dates) or by the few patterns a section shows,
and reads plain columns, so building a digest costs the same however long the history is.
Counts of cases go through `small_count`: no digest shows a figure that points to a case.

Recipients with the same scope (all bestuurders, managers of one organisation) get the same
sections; when many digests are built in one run, a `cache` dict shares them.

Sections on learning tables (decisions, actions) and leersessies appear when those models
have data; `_tables_models` and `_sessions_models` are the seams to those packages.
"""

from __future__ import annotations

import importlib
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import StrEnum
from types import ModuleType
from typing import Any

from flask_babel import format_date, ngettext
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    case,
    cast,
    distinct,
    false,
    func,
    literal,
    null,
    or_,
    select,
    union,
    union_all,
)
from sqlalchemy.orm import aliased, joinedload

from learning.accounts.models import Role, User
from learning.blockages.models import Blockage
from learning.digests.links import optional_url
from learning.digests.models import DigestOptIn
from learning.digests.periods import Period
from learning.extensions import db
from learning.links import external_url
from learning.patterns.models import (
    STATE_LABELS,
    Pattern,
    PatternEvent,
    PatternFollower,
    PatternMember,
    PatternState,
)
from learning.privacy_counts import small_count
from learning.tables.models import LearningTable, TableKind, table_members, table_organisations
from learning.timeutil import as_utc
from learning.timeutil import today as local_today

ITEMS_PER_SECTION = 5
EFFECT_DAYS = 42  # a decision's effect is checked after six weeks
HIDDEN_STATES = (PatternState.CANDIDATE, PatternState.MERGED)
QUEUE_STATES = (PatternState.NEW, PatternState.REOPENED)


class Audience(StrEnum):
    EXECUTIVE = "executive"
    MANAGER = "manager"
    CHAIR = "chair"
    PROFESSIONAL = "professional"


AUDIENCE_LABELS = {
    Audience.EXECUTIVE: _l("bestuurder"),
    Audience.MANAGER: _l("manager"),
    Audience.CHAIR: _l("voorzitter van een werktafel"),
    Audience.PROFESSIONAL: _l("professional"),
}

# A session level a role takes part in, for leersessie outcomes and dilemmas from below.
_AUDIENCE_LEVELS = {Audience.EXECUTIVE: "bestuur", Audience.MANAGER: "management"}


@dataclass
class Item:
    title: str
    url: str | None = None
    facts: list[str] = field(default_factory=list)
    note: str = ""


@dataclass
class Section:
    key: str
    title: str
    items: list[Item]
    intro: str = ""
    more_label: str = ""
    more_url: str | None = None


@dataclass
class DigestContent:
    recipient: User
    period: Period
    audiences: list[Audience]
    sections: list[Section]

    @property
    def is_empty(self) -> bool:
        return not self.sections

    @property
    def item_count(self) -> int:
        return sum(len(section.items) for section in self.sections)


@dataclass(frozen=True)
class Scope:
    """Whose data a recipient sees: the whole network, or their organisations and tables."""

    network: bool
    organisation_ids: frozenset[int]
    table_ids: frozenset[int]  # tables the recipient works at (seat or member organisation)
    seat_table_ids: frozenset[int]  # tables the recipient sits at (chair, secretary, member)
    run_table_ids: frozenset[int]  # tables the recipient chairs or is secretary of
    series_ids: frozenset[int]  # leersessie series the recipient is a member of


@dataclass(frozen=True)
class PatternInfo:
    """A pattern as a digest shows it, with its counts for the period."""

    id: int
    title: str
    state: str
    table_name: str | None
    take_up_days: int | None
    queued_at: datetime | None
    total: int  # reports, withdrawn ones left out
    organisations: int
    current: int  # reports this period
    previous: int  # reports in the period before

    @property
    def state_label(self) -> str:
        return STATE_LABELS.get(PatternState(self.state), self.state)


# --- who gets what --------------------------------------------------------------------------


def audiences(
    user: User, opted_in: bool | None = None, runs_table: bool | None = None
) -> list[Audience]:
    """The roles a digest is written for; empty when the user gets no digest.

    `opted_in` and `runs_table` can be passed in when the caller loaded them for many users.
    """
    roles = user.roles
    found = []
    if roles & {Role.EXECUTIVE, Role.PROGRAMME_ADMIN}:
        found.append(Audience.EXECUTIVE)
    if Role.MANAGER in roles:
        found.append(Audience.MANAGER)
    if runs_table is None:
        runs_table = user.id in table_runner_ids([user.id])
    if Role.CHAIR in roles or runs_table:
        found.append(Audience.CHAIR)
    if opted_in is None:
        opted_in = user.id in opted_in_ids([user.id])
    if opted_in:
        found.append(Audience.PROFESSIONAL)
    return found


def opted_in_ids(user_ids: Iterable[int]) -> set[int]:
    ids = list(user_ids)
    return set(db.session.scalars(select(DigestOptIn.user_id).where(DigestOptIn.user_id.in_(ids))))


def table_runner_ids(user_ids: Iterable[int]) -> set[int]:
    ids = list(user_ids)
    rows = db.session.execute(
        select(LearningTable.chair_id, LearningTable.secretary_id).where(
            or_(LearningTable.chair_id.in_(ids), LearningTable.secretary_id.in_(ids))
        )
    )
    return {user_id for row in rows for user_id in row if user_id in ids}


def load_recipient(user_id: int) -> User | None:
    """The user with roles and organisations, in one query."""
    return (
        db.session.execute(
            select(User)
            .options(joinedload(User.role_rows), joinedload(User.organisations))
            .where(User.id == user_id)
        )
        .unique()
        .scalar_one_or_none()
    )


def recipient_scope(user: User) -> tuple[list[Audience], Scope]:
    """The roles a digest is written for and the data it may show, in one query."""
    organisation_ids = frozenset(user.organisation_ids)
    seated = select(table_members.c.table_id).where(table_members.c.user_id == user.id)
    parts = [
        select(
            literal("table").label("what"),
            LearningTable.id,
            LearningTable.chair_id,
            LearningTable.secretary_id,
            LearningTable.id.in_(seated).label("seated"),
        ).where(
            or_(
                LearningTable.chair_id == user.id,
                LearningTable.secretary_id == user.id,
                LearningTable.id.in_(seated),
                LearningTable.id.in_(
                    select(table_organisations.c.table_id).where(
                        table_organisations.c.organisation_id.in_(organisation_ids)
                    )
                ),
            )
        ),
        select(literal("opt_in"), DigestOptIn.user_id, null(), null(), false()).where(
            DigestOptIn.user_id == user.id
        ),
    ]
    if (sessions := _sessions_models()) is not None:
        members = sessions.series_members
        parts.append(
            select(literal("series"), members.c.series_id, null(), null(), false()).where(
                members.c.user_id == user.id
            )
        )
    rows = db.session.execute(union_all(*parts)).all()
    tables = [r for r in rows if r.what == "table"]
    run = frozenset(r.id for r in tables if user.id in {r.chair_id, r.secretary_id})
    opted_in = any(r.what == "opt_in" for r in rows)
    found = audiences(user, opted_in=opted_in, runs_table=bool(run))
    scope = Scope(
        network=Audience.EXECUTIVE in found,
        organisation_ids=organisation_ids,
        table_ids=frozenset(r.id for r in tables),
        seat_table_ids=run | frozenset(r.id for r in tables if r.seated),
        run_table_ids=run,
        series_ids=frozenset(r.id for r in rows if r.what == "series"),
    )
    return found, scope


# --- building -------------------------------------------------------------------------------


class Builder:
    """Builds one digest. `cache` shares sections and pattern figures between digests."""

    def __init__(
        self,
        user: User,
        period: Period,
        today: date,
        recipient: tuple[list[Audience], Scope],
        cache: dict[Any, Any] | None = None,
    ) -> None:
        self.user = user
        self.period = period
        self.today = today
        self.audiences, self.scope = recipient
        self.start, self.end = period.bounds()
        self.cache = {} if cache is None else cache

    @property
    def window(self) -> tuple[date, date]:
        """What the content depends on: one key can name windows of different lengths and days
        (weekly and biweekly digests of a week, or weekly ones due on different weekdays)."""
        return (self.period.window_start, self.period.window_end)

    @property
    def shared_key(self) -> tuple:
        """Everything a shared section depends on: the same key, the same section."""
        return (self.window, self.today, self.scope, tuple(self.audiences))

    def pattern_url(self, pattern_id: int) -> str:
        return external_url("patterns.show_pattern", pattern_id=pattern_id)

    def patterns(self, pattern_ids: Iterable[int]) -> dict[int, PatternInfo]:
        """Title, state, table and the period's counts of patterns, in one query."""
        ids = list(dict.fromkeys(pattern_ids))
        key = ("pattern", self.window)
        missing = [i for i in ids if (key, i) not in self.cache]
        if missing:
            period = self.period
            in_window = (Blockage.reported_on >= period.window_start) & (
                Blockage.reported_on < period.window_end
            )
            in_previous = (Blockage.reported_on >= period.previous_window_start) & (
                Blockage.reported_on < period.window_start
            )
            rows = db.session.execute(
                select(
                    Pattern.id,
                    Pattern.title,
                    Pattern.state,
                    LearningTable.name,
                    LearningTable.take_up_days,
                    Pattern.queued_at,
                    func.count(Blockage.id),
                    func.count(distinct(Blockage.organisation_id)),
                    func.coalesce(func.sum(case((in_window, 1), else_=0)), 0),
                    func.coalesce(func.sum(case((in_previous, 1), else_=0)), 0),
                )
                .outerjoin(LearningTable, LearningTable.id == Pattern.table_id)
                .outerjoin(PatternMember, PatternMember.pattern_id == Pattern.id)
                .outerjoin(
                    Blockage,
                    (Blockage.id == PatternMember.blockage_id) & Blockage.withdrawn_at.is_(None),
                )
                .where(Pattern.id.in_(missing))
                .group_by(
                    Pattern.id,
                    Pattern.title,
                    Pattern.state,
                    LearningTable.name,
                    LearningTable.take_up_days,
                    Pattern.queued_at,
                )
            )
            for row in rows:
                self.cache[(key, row[0])] = PatternInfo(*row)
        return {i: self.cache[(key, i)] for i in ids if (key, i) in self.cache}

    def in_scope(self, pattern_ids: Iterable[int]) -> set[int]:
        """Patterns at the recipient's tables or with knelpunten from their organisations."""
        ids = set(pattern_ids)
        if self.scope.network or not ids:
            return ids
        at_tables = select(Pattern.id).where(
            Pattern.id.in_(ids), Pattern.table_id.in_(self.scope.table_ids)
        )
        from_organisations = (
            select(PatternMember.pattern_id)
            .join(Blockage, Blockage.id == PatternMember.blockage_id)
            .where(
                PatternMember.pattern_id.in_(ids),
                Blockage.organisation_id.in_(self.scope.organisation_ids),
                Blockage.withdrawn_at.is_(None),
            )
        )
        return set(db.session.scalars(union(at_tables, from_organisations)))

    def pattern_facts(self, info: PatternInfo, trend: bool = True) -> list[str]:
        facts = [
            _("%(n)s meldingen", n=small_count(info.total)),
            ngettext("%(num)s organisatie", "%(num)s organisaties", info.organisations),
        ]
        if trend:
            facts.append(trend_text(info.current, info.previous))
        return facts

    def build(self) -> DigestContent:
        sections: list[Section] = []
        seen: set[str] = set()
        for audience in self.audiences:
            for builder in SECTIONS[audience]:
                name = builder.__name__
                if name in seen:
                    continue
                seen.add(name)
                per_user = builder in PER_USER_SECTIONS
                key = ("section", name, self.user.id if per_user else self.shared_key)
                if key not in self.cache:
                    self.cache[key] = builder(self)
                section = self.cache[key]
                if section is not None and section.items:
                    sections.append(section)
        return DigestContent(self.user, self.period, self.audiences, sections)


def trend_text(current: int, previous: int) -> str:
    if current > previous:
        word = _("stijgend")
    elif current < previous:
        word = _("dalend")
    else:
        word = _("gelijk")
    return _(
        "%(word)s: %(now)s deze periode, %(before)s de periode ervoor",
        word=word,
        now=small_count(current),
        before=small_count(previous),
    )


def build_content(
    user: User,
    period: Period,
    today: date | None = None,
    recipient: tuple[list[Audience], Scope] | None = None,
    cache: dict[Any, Any] | None = None,
) -> DigestContent:
    """The digest for `user` over `period`, as data; rendering is learning.digests.render.

    `recipient` is what recipient_scope(user) returns, when the caller has it already. Pass
    the same `cache` to build many digests in one go; keep it for one run only.
    """
    recipient = recipient_scope(user) if recipient is None else recipient
    return Builder(user, period, today or local_today(), recipient, cache).build()


# --- sections: patterns ---------------------------------------------------------------------


_ARRIVED = (f"state:{PatternState.NEW}", f"state:{PatternState.REOPENED}")


def _arrivals(b: Builder) -> list[Any]:
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


def overview(b: Builder) -> Section | None:
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
        "overview", _("In het kort"), [Item(title, external_url("blockages.list_blockages"))]
    )


def new_patterns(b: Builder) -> Section | None:
    """Patterns that reached a werktafel's queue this period, or came back."""
    rows = _arrivals(b)
    reopened = {r.pattern_id for r in rows if r.kind == f"state:{PatternState.REOPENED}"}
    visible = b.in_scope(r.pattern_id for r in rows)
    ordered = [i for i in dict.fromkeys(r.pattern_id for r in rows) if i in visible]
    patterns = b.patterns(ordered[: ITEMS_PER_SECTION * 2])
    items = []
    for pattern_id in ordered:
        info = patterns.get(pattern_id)
        if info is None or info.state in HIDDEN_STATES:
            continue
        facts = b.pattern_facts(info)
        if pattern_id in reopened:
            facts.insert(0, _("heropend: het knelpunt speelt opnieuw"))
        if info.table_name:
            facts.append(_("bij %(table)s", table=info.table_name))
        items.append(Item(info.title, b.pattern_url(pattern_id), facts))
    return Section(
        "new_patterns",
        _("Nieuwe patronen"),
        items[:ITEMS_PER_SECTION],
        intro=_("Knelpunten die bij meerdere professionals terugkomen."),
        more_label=_("Alle patronen"),
        more_url=external_url("patterns.list_patterns"),
    )


def growing_patterns(b: Builder) -> Section | None:
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
            Pattern.state.not_in(HIDDEN_STATES),
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
        items.append(Item(info.title, b.pattern_url(info.id), facts))
    return Section(
        "growing_patterns",
        _("Snelst groeiende patronen"),
        items,
        intro=_("De meeste nieuwe meldingen deze periode."),
    )


def triage_queue(b: Builder) -> Section | None:
    """Patterns waiting on the queue of the tables the recipient chairs."""
    if not b.scope.run_table_ids:
        return None
    ids = list(
        db.session.scalars(
            select(Pattern.id)
            .where(Pattern.state.in_(QUEUE_STATES), Pattern.table_id.in_(b.scope.run_table_ids))
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
        items.append(Item(info.title, b.pattern_url(info.id), facts))
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
        more_url=external_url("patterns.triage_queue"),
    )


def my_blockages(b: Builder) -> Section | None:
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
        items.append(Item(info.title, b.pattern_url(pattern_id), facts, summaries[pattern_id][0]))
    return Section(
        "my_blockages",
        _("Wat er met uw knelpunten gebeurde"),
        items,
        intro=_("Patronen waar een knelpunt van u bij hoort, of die u volgt."),
        more_label=_("Mijn knelpunten"),
        more_url=external_url("blockages.list_blockages", mine=1),
    )


# --- sections: learning tables --------------------------------------------------------------


def _optional(module: str) -> ModuleType | None:
    try:
        return importlib.import_module(module)
    except ImportError:
        return None


def _tables_models() -> ModuleType | None:
    models = _optional("learning.tables.models")
    needed = ("DecisionRequest", "Decision", "TableAction", "Resolution", "RequestStatus")
    return models if models and all(hasattr(models, n) for n in needed) else None


def _sessions_models() -> ModuleType | None:
    models = _optional("learning.sessions.models")
    needed = ("LearningSession", "AgendaItem", "Agreement", "SessionSeries", "series_members")
    return models if models and all(hasattr(models, n) for n in needed) else None


def _decision_tables(b: Builder) -> set[int]:
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


def awaiting_decision(b: Builder) -> Section | None:
    models = _tables_models()
    tables = _decision_tables(b)
    if models is None or not tables:
        return None
    request = models.DecisionRequest
    source = aliased(LearningTable)
    rows = db.session.execute(
        select(
            request.pattern_id, request.question, request.due_on, request.created_at, source.name
        )
        .join(source, source.id == request.from_table_id)
        .where(request.status == models.RequestStatus.OPEN, request.to_table_id.in_(tables))
        .order_by(request.due_on, request.id)
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
            Item(
                info.title if info else _shorten(row.question, 120),
                b.pattern_url(row.pattern_id),
                facts,
                _("Beslisvraag: %(q)s", q=_shorten(row.question)),
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
    )


def escalations(b: Builder) -> Section | None:
    """Beslisvragen that came up this period: from the ambtelijke stuurgroep for a
    bestuurder, from the recipient's tables for a manager."""
    models = _tables_models()
    if models is None:
        return None
    request = models.DecisionRequest
    source, target = aliased(LearningTable), aliased(LearningTable)
    query = (
        select(request.pattern_id, request.question, source.name, target.name.label("target"))
        .join(source, source.id == request.from_table_id)
        .join(target, target.id == request.to_table_id)
        .where(request.created_at >= b.start, request.created_at < b.end)
        .order_by(request.created_at.desc())
        .limit(ITEMS_PER_SECTION)
    )
    decided_here = _decision_tables(b)
    if decided_here:  # those are listed under "wacht op uw besluit"
        query = query.where(request.to_table_id.not_in(decided_here))
    if b.scope.network:
        query = query.where(
            source.kind.in_((TableKind.CIVIL_STEERING, TableKind.EXECUTIVE_STEERING))
        )
    else:
        query = query.where(request.from_table_id.in_(b.scope.table_ids))
    rows = db.session.execute(query).all()
    patterns = b.patterns(r.pattern_id for r in rows)
    items = [
        Item(
            patterns[r.pattern_id].title,
            b.pattern_url(r.pattern_id),
            [
                _("van %(a)s naar %(b)s", a=r.name, b=r.target),
                *b.pattern_facts(patterns[r.pattern_id], trend=False),
            ],
            _("Beslisvraag: %(q)s", q=_shorten(r.question)),
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


def decisions(b: Builder) -> Section | None:
    """Decisions and solutions of this period, and the six-week effect of earlier ones:
    reports in the six weeks before against the reports since."""
    models = _tables_models()
    if models is None:
        return None
    period = b.period
    earliest = period.window_start - timedelta(days=EFFECT_DAYS)
    decision, resolution = models.Decision, models.Resolution
    rows = db.session.execute(
        union(
            select(
                decision.pattern_id.label("pattern_id"),
                decision.decided_on.label("day"),
                decision.text.label("text"),
                LearningTable.name.label("table"),
            )
            .join(LearningTable, LearningTable.id == decision.table_id)
            .where(decision.decided_on >= earliest, decision.decided_on < period.window_end),
            select(
                resolution.pattern_id,
                resolution.solved_on,
                resolution.change,
                cast(null(), LearningTable.name.type),
            ).where(resolution.solved_on >= earliest, resolution.solved_on < period.window_end),
        ).order_by("day")
    ).all()
    # New this period, or their six weeks ran out this period.
    due = [
        r
        for r in rows
        if r.day >= period.window_start or r.day + timedelta(days=EFFECT_DAYS) < period.window_end
    ]
    visible = b.in_scope(r.pattern_id for r in due)
    due = [r for r in reversed(due) if r.pattern_id in visible][: ITEMS_PER_SECTION * 2]
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
        facts = [
            what,
            format_date(row.day, "d MMMM yyyy"),
            _(
                "%(before)s meldingen in de zes weken ervoor, %(after)s in de %(days)s dagen erna",
                before=small_count(before),
                after=small_count(after),
                days=days_after,
            ),
        ]
        if row.day < period.window_start:
            facts.insert(0, _("zes weken later"))
        items.append(Item(info.title, b.pattern_url(info.id), facts, _shorten(row.text)))
    return Section(
        "decisions",
        _("Besluiten en hun effect"),
        items,
        intro=_("Wat er besloten en opgelost is, en of de meldingen daarna afnemen."),
    )


def _before_after(
    b: Builder, pairs: list[tuple[int, date]]
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


def overdue_actions(b: Builder) -> Section | None:
    """Open actions of the recipient's tables and afspraken of their leersessies, past due."""
    items = []
    tables = _tables_models()
    if tables is not None:
        action = tables.TableAction
        query = (
            select(action.pattern_id, action.what, action.due_on, LearningTable.name, User.name)
            .join(LearningTable, LearningTable.id == action.table_id)
            .join(User, User.id == action.owner_id)
            .where(action.status == tables.ActionStatus.OPEN, action.due_on < b.today)
            .order_by(action.due_on, action.id)
            .limit(ITEMS_PER_SECTION)
        )
        if not b.scope.network:
            query = query.where(
                or_(
                    action.table_id.in_(b.scope.table_ids),
                    action.organisation_id.in_(b.scope.organisation_ids),
                )
            )
        for pattern_id, what, due_on, table_name, owner in db.session.execute(query):
            items.append(
                Item(
                    _shorten(what, 120),
                    b.pattern_url(pattern_id),
                    [table_name, _("eigenaar: %(name)s", name=owner), _late(b.today, due_on)],
                )
            )
    sessions = _sessions_models()
    if sessions is not None:
        agreement, series = sessions.Agreement, sessions.SessionSeries
        query = (
            select(agreement.series_id, agreement.what, agreement.due_on, series.name, User.name)
            .join(series, series.id == agreement.series_id)
            .join(User, User.id == agreement.owner_id)
            .where(agreement.status == sessions.AgreementStatus.OPEN, agreement.due_on < b.today)
            .order_by(agreement.due_on, agreement.id)
            .limit(ITEMS_PER_SECTION)
        )
        if not b.scope.network:
            query = query.where(agreement.series_id.in_(b.scope.series_ids))
        for series_id, what, due_on, series_name, owner in db.session.execute(query):
            items.append(
                Item(
                    _shorten(what, 120),
                    _session_url(series_id),
                    [
                        _("afspraak van %(series)s", series=series_name),
                        _("eigenaar: %(name)s", name=owner),
                        _late(b.today, due_on),
                    ],
                )
            )
    return Section(
        "overdue_actions",
        _("Acties en afspraken over tijd"),
        items,
        intro=_("Afgesproken, maar nog niet gedaan."),
    )


def _late(today: date, due_on: date) -> str:
    days = (today - due_on).days
    return ngettext("%(num)s dag over tijd", "%(num)s dagen over tijd", days)


# --- sections: leersessies ------------------------------------------------------------------


def session_outcomes(b: Builder) -> Section | None:
    """Leersessies held this period: what was handled, agreed and passed up the ladder.

    Minutes are often closed days after the session, so sessions of the week before the
    period count when they were closed in it.
    """
    models = _sessions_models()
    if models is None:
        return None
    session, series, item = models.LearningSession, models.SessionSeries, models.AgendaItem
    query = (
        select(
            session.id,
            session.starts_at,
            session.closed_at,
            session.went_well,
            series.id,
            series.name,
            series.level,
        )
        .join(series, series.id == session.series_id)
        .where(
            session.starts_at >= b.start - timedelta(days=7),
            session.starts_at < b.end,
            session.status == models.SessionStatus.CLOSED,
        )
        .order_by(session.starts_at.desc())
    )
    if not b.scope.network:
        levels = [_AUDIENCE_LEVELS[a] for a in b.audiences if a in _AUDIENCE_LEVELS]
        query = query.where(or_(series.id.in_(b.scope.series_ids), series.level.in_(levels)))
    held = [
        row
        for row in db.session.execute(query)
        if row.closed_at is None or b.start <= as_utc(row.closed_at) < b.end
    ][:ITEMS_PER_SECTION]
    if not held:
        return None
    counts = db.session.execute(
        select(item.session_id, item.outcome, func.count())
        .where(item.session_id.in_([row[0] for row in held]), item.outcome.is_not(None))
        .group_by(item.session_id, item.outcome)
    ).all()
    outcomes: dict[int, dict[str, int]] = defaultdict(dict)
    for session_id, outcome, count in counts:
        outcomes[session_id][outcome] = count
    items = []
    for session_id, starts_at, _closed, went_well, series_id, name, level in held:
        found = outcomes.get(session_id, {})
        facts = [
            models.LEVEL_LABELS.get(models.SessionLevel(level), level),
            format_date(as_utc(starts_at).date(), "d MMMM"),
            _("%(n)s punten behandeld", n=sum(found.values())),
        ]
        if found.get(models.Outcome.SOLVED):
            facts.append(_("%(n)s opgelost met een afspraak", n=found[models.Outcome.SOLVED]))
        if found.get(models.Outcome.ESCALATED):
            facts.append(_("%(n)s doorgezet", n=found[models.Outcome.ESCALATED]))
        if found.get(models.Outcome.SYSTEM):
            facts.append(_("%(n)s systeemknelpunt", n=found[models.Outcome.SYSTEM]))
        note = _shorten(went_well) if went_well else ""
        items.append(Item(name, _session_url(series_id), facts, note))
    return Section("session_outcomes", _("Uitkomsten van leersessies"), items)


def dilemmas_from_below(b: Builder) -> Section | None:
    """Dilemmas that the level below could not solve and passed up to the recipient's level."""
    models = _sessions_models()
    levels = [_AUDIENCE_LEVELS[a] for a in b.audiences if a in _AUDIENCE_LEVELS]
    if models is None or not levels:
        return None
    item, series = models.AgendaItem, models.SessionSeries
    rows = db.session.execute(
        select(item.series_id, item.title, item.kind, item.description, series.name)
        .join(series, series.id == item.series_id)
        .where(
            item.created_at >= b.start,
            item.created_at < b.end,
            item.source == models.ItemSource.ESCALATED,
            series.level.in_(levels),
        )
        .order_by(item.created_at.desc())
        .limit(ITEMS_PER_SECTION)
    ).all()
    items = [
        Item(
            _shorten(title, 120),
            _session_url(series_id),
            [
                models.KIND_LABELS.get(models.ItemKind(kind), kind),
                _("voor %(series)s", series=series_name),
            ],
            _shorten(description) if description else "",
        )
        for series_id, title, kind, description, series_name in rows
    ]
    return Section(
        "dilemmas",
        _("Dilemma's van het niveau eronder"),
        items,
        intro=_("Wat een lager niveau niet zelf kon oplossen."),
    )


def _session_url(series_id: int) -> str | None:
    return optional_url("sessions.show_series", series_id=series_id) or optional_url(
        "sessions.list_series"
    )


# --- helpers --------------------------------------------------------------------------------


def _shorten(text: str, limit: int = 240) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


SectionBuilder = Callable[[Builder], Section | None]

_MANAGEMENT: tuple[SectionBuilder, ...] = (
    awaiting_decision,
    overview,
    new_patterns,
    growing_patterns,
    decisions,
    escalations,
    dilemmas_from_below,
    overdue_actions,
    session_outcomes,
)

# Per audience, in the order the sections appear; a section shared by two roles appears once.
SECTIONS: dict[Audience, tuple[SectionBuilder, ...]] = {
    Audience.EXECUTIVE: _MANAGEMENT,
    Audience.MANAGER: _MANAGEMENT,
    Audience.CHAIR: (triage_queue, overdue_actions),
    Audience.PROFESSIONAL: (my_blockages,),
}

# Sections about the recipient themselves; all others depend only on Builder.shared_key.
PER_USER_SECTIONS: frozenset[SectionBuilder] = frozenset({my_blockages})
