"""DigestBuilder: builds one digest from its sections, sharing figures between digests.

Every query is bounded by the period (indexed dates) or by the few patterns a section shows,
and reads plain columns, so building a digest costs the same however long the history is.
Recipients with the same scope (all bestuurders, managers of one organisation) get the same
sections; when many digests are built in one run, a `cache` dict shares them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, datetime
from typing import Any

from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import case, distinct, func, select, union

from learning.accounts.models import User
from learning.blockages.models import Blockage
from learning.digests.content import (
    AUDIENCE_LEVELS,
    Audience,
    DigestContent,
    PatternInfo,
    Scope,
    Section,
)
from learning.digests.periods import Period
from learning.digests.recipients import recipient_scope, role_lines
from learning.digests.sections import PER_USER_SECTIONS, SECTIONS
from learning.extensions import db
from learning.links import external_url
from learning.patterns.models import Pattern, PatternMember
from learning.privacy_counts import small_count
from learning.sessions.models import SessionLevel
from learning.tables.models import LearningTable
from learning.timeutil import today as local_today
from learning.timeutil import utcnow


class DigestBuilder:
    """Builds one digest. `cache` shares sections and pattern figures between digests."""

    def __init__(
        self,
        user: User,
        period: Period,
        today: date,
        recipient: tuple[list[Audience], Scope],
        cache: dict[Any, Any] | None = None,
        now: datetime | None = None,
        link: Callable[..., str] = external_url,
    ) -> None:
        """`now` is the moment of sending (one for a whole run, so digests can share sections);
        `link` builds the links: absolute for mail, paths for pages in the app."""
        self.user = user
        self.period = period
        self.today = today
        self.audiences, self.scope = recipient
        self.start, self.end = period.bounds(now or utcnow())
        self.cache = {} if cache is None else cache
        self.url = link

    @property
    def window(self) -> tuple[date, date, datetime]:
        """What the content depends on: one key can name windows of different lengths and days
        (weekly and biweekly digests of a week, or weekly ones due on different weekdays)."""
        return (self.period.window_start, self.period.window_end, self.end)

    @property
    def shared_key(self) -> tuple:
        """Everything a shared section depends on: the same key, the same section."""
        return (self.window, self.today, self.scope, tuple(self.audiences))

    @property
    def levels(self) -> list[SessionLevel]:
        """The leersessie levels the recipient's roles take part in."""
        return [AUDIENCE_LEVELS[a] for a in self.audiences if a in AUDIENCE_LEVELS]

    def pattern_url(self, pattern_id: int) -> str:
        return self.url("patterns.show_pattern", pattern_id=pattern_id)

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
        roles = role_lines(self.user, self.audiences, self.scope)
        return DigestContent(self.user, self.period, self.audiences, sections, roles)


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
    now: datetime | None = None,
) -> DigestContent:
    """The digest for `user` over `period` up to `now`, as data; rendering is
    learning.digests.render.

    `recipient` is what recipient_scope(user) returns, when the caller has it already. Pass
    the same `cache` and `now` to build many digests in one go; keep the cache for one run.
    """
    recipient = recipient_scope(user) if recipient is None else recipient
    builder = DigestBuilder(user, period, today or local_today(), recipient, cache, now)
    return builder.build()
