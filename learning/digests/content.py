"""What a digest is made of: the roles it is written for, sections of items, and what a
recipient may see (their scope). Building one is learning.digests.builder's job.

Counts of cases go through `small_count`: no digest shows a figure that points to a case.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

from flask_babel import lazy_gettext as _l
from flask_babel import ngettext

from learning.accounts.models import User
from learning.digests.periods import Period
from learning.patterns.models import STATE_LABELS, PatternState
from learning.patterns.text import shorten
from learning.sessions.models import SessionLevel

ITEMS_PER_SECTION = 5
EFFECT_DAYS = 42  # a decision's effect is checked after six weeks


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


class TableRole(StrEnum):
    CHAIR = "chair"
    SECRETARY = "secretary"


ROLE_AT_TABLE = {
    TableRole.CHAIR: _l("voorzitter van %(table)s"),
    TableRole.SECRETARY: _l("secretaris van %(table)s"),
}

# The leersessie level a role takes part in, for session outcomes and dilemmas from below.
AUDIENCE_LEVELS = {
    Audience.EXECUTIVE: SessionLevel.BESTUUR,
    Audience.MANAGER: SessionLevel.MANAGEMENT,
}


@dataclass
class DigestItem:
    title: str
    url: str | None = None
    facts: list[str] = field(default_factory=list)
    note: str = ""


@dataclass
class Section:
    key: str
    title: str
    items: list[DigestItem]
    intro: str = ""
    more_label: str = ""
    more_url: str | None = None
    total: int | None = None  # when there are more than the items shown

    @property
    def count(self) -> int:
        return len(self.items) if self.total is None else self.total


@dataclass
class DigestContent:
    recipient: User
    period: Period
    audiences: list[Audience]
    sections: list[Section]
    roles: list[str] = field(default_factory=list)  # what the recipient reads along as

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
    run_tables: tuple[tuple[str, str], ...] = ()  # (TableRole, table name) of run_table_ids


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


def excerpt(text: str | None, limit: int = 240) -> str:
    """Free text on one line of a digest item: whitespace collapsed, cut at a word."""
    return shorten(" ".join((text or "").split()), limit)


def late_text(today: date, due_on: date) -> str:
    days = (today - due_on).days
    return ngettext("%(num)s dag over tijd", "%(num)s dagen over tijd", days)
