"""Small builders for digest tests: patterns, their knelpunten and their events."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from learning.blockages.models import Blockage
from learning.digests.builder import build_content
from learning.digests.content import Section
from learning.digests.periods import latest_due
from learning.extensions import db
from learning.patterns.models import Pattern, PatternEvent, PatternMember, PatternState
from tests.factories import BlockageFactory

# Monday 10 March 2025, 08:00 in Amsterdam: weekly digests for Monday are due (2025-W11),
# covering Monday 3 up to and including Sunday 9 March.
MONDAY = datetime(2025, 3, 10, 7, 0, tzinfo=UTC)
WINDOW_START = date(2025, 3, 3)
WINDOW_END = date(2025, 3, 10)
IN_WINDOW = date(2025, 3, 5)


def reports(
    pattern: Pattern | None,
    count: int,
    reported_on: date = IN_WINDOW,
    organisation=None,
    reporter=None,
) -> list[Blockage]:
    """`count` knelpunten reported on `reported_on`, members of `pattern` when given."""
    made = []
    for _i in range(count):
        kwargs = {"reported_on": reported_on}
        if reporter is not None:
            kwargs["reporter"] = reporter
        if organisation is not None:
            kwargs["organisation"] = organisation
        blockage = BlockageFactory(**kwargs)
        if pattern is not None:
            db.session.add(PatternMember(pattern_id=pattern.id, blockage_id=blockage.id))
        made.append(blockage)
    db.session.flush()
    return made


def pattern(
    title: str,
    state: PatternState = PatternState.NEW,
    table=None,
    queued_at: datetime | None = None,
) -> Pattern:
    made = Pattern(title=title, state=state, table=table, queued_at=queued_at)
    db.session.add(made)
    db.session.flush()
    return made


def event(pattern: Pattern, kind: str, at: datetime, summary: str = "Stap gezet.") -> PatternEvent:
    made = PatternEvent(pattern_id=pattern.id, kind=kind, at=at, summary=summary)
    db.session.add(made)
    db.session.flush()
    return made


def in_window(days: int = 2) -> datetime:
    return datetime.combine(WINDOW_START, datetime.min.time(), UTC) + timedelta(days=days)


PERIOD = latest_due("weekly", 0, date(2025, 3, 10))


def sections(user) -> dict[str, Section]:
    """The sections of `user`'s digest for PERIOD, by key."""
    return {s.key: s for s in build_content(user, PERIOD).sections}


def texts(section: Section) -> str:
    return " | ".join(" ".join([item.title, *item.facts, item.note]) for item in section.items)
