"""The demo's year played forward on one clock: every step runs on its own historical day.

Why: the services rightly refuse deadlines and session dates in the past, and stamp what they
write (created_at, the audit trail, notifications, mail) with the present. Instead of writing
rows around them, the demo freezes the application's clock (`timeutil.frozen_at`) at the
moment each step happened and calls the same services the views call. Steps are registered
with "days ago" and an hour, and played oldest first, so a deadline set in March was in the
future in March and is overdue now, exactly as if the network had run all year.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import select

from learning.extensions import db
from learning.patterns.models import Pattern, PatternMember, PatternState
from learning.patterns.queries import active_members
from learning.timeutil import frozen_at, is_frozen, local_zone, today


def real_today() -> date:
    """The day the demo is loaded: the real one, also while a step runs on a frozen clock."""
    if is_frozen():
        with frozen_at(datetime.now(UTC)):
            return today()
    return today()


def moment(days_ago: int, hour: int = 10, minute: int = 0) -> datetime:
    """A local wall-clock moment `days_ago` days before the real today."""
    day = real_today() - timedelta(days=days_ago)
    return datetime.combine(day, time(hour, minute), tzinfo=local_zone())


def day(days_ago: int) -> date:
    """A date `days_ago` days before the real today (a deadline, a meeting day)."""
    return real_today() - timedelta(days=days_ago)


# Public holidays on a fixed date (month, day): nieuwjaarsdag, Koningsdag, Kerstmis.
FIXED_HOLIDAYS = {(1, 1), (4, 27), (12, 25), (12, 26)}


def weekday_ago(days_ago: int) -> int:
    """`days_ago`, or the working day before it when that day is a weekend or fixed holiday.

    Why: the meetings are spaced in days relative to the real today, so without this a
    leersessie would be held on a Sunday or on New Year's Day every few runs.
    """
    while not is_working_day(day(days_ago)):
        days_ago += 1
    return days_ago


def is_working_day(on: date) -> bool:
    return on.weekday() < 5 and (on.month, on.day) not in FIXED_HOLIDAYS


@dataclass(order=True)
class Step:
    at: datetime
    seq: int
    name: str = field(compare=False)
    run: Callable[[], object] = field(compare=False)


@dataclass
class Timeline:
    """Steps by moment; `play` runs each inside `frozen_at(step.at)`, oldest first."""

    steps: list[Step] = field(default_factory=list)
    # Which theme of demo_year each knelpunt belongs to: how the script finds "the pattern of
    # the energy debts" whatever ids the engine gave it.
    theme_of: dict[int, str] = field(default_factory=dict)
    title_of: dict[int, str] = field(default_factory=dict)

    def at(self, days_ago: int, hour: int, name: str, run: Callable[[], object]) -> None:
        """Run `run` at that hour, `days_ago` days ago (today: never later than now)."""
        at = min(moment(days_ago, hour), datetime.now(UTC) - timedelta(minutes=10))
        self.steps.append(Step(at, len(self.steps), name, run))

    def play(self, until: datetime | None = None, advance: Callable[[int], None] | None = None):
        """Run the steps up to `until` (all when None), in order; each is done once."""
        self.steps.sort()
        while self.steps and (until is None or self.steps[0].at <= until):
            step = self.steps.pop(0)
            with frozen_at(step.at):
                step.run()
                db.session.flush()
            if advance is not None:
                advance(1)

    def pattern_of(self, theme: str, title: str | None = None) -> Pattern | None:
        """The live pattern holding most knelpunten of a theme (merged ones point onward);
        with `title`, first the one holding most knelpunten with that title (after a split)."""
        if title is not None:
            same = [i for i, t in self.title_of.items() if t == title and self.theme_of[i] == theme]
            found = self._most(same)
            if found is not None:
                return found
        return self._most([i for i, t in self.theme_of.items() if t == theme])

    def _most(self, ids: list[int]) -> Pattern | None:
        counts: Counter[int] = Counter()
        if not ids:
            return None
        for pattern_id in db.session.scalars(
            select(PatternMember.pattern_id)
            .join(Pattern, Pattern.id == PatternMember.pattern_id)
            .where(PatternMember.blockage_id.in_(ids), Pattern.state != PatternState.MERGED)
        ):
            counts[pattern_id] += 1
        if not counts:
            return None
        best = min(counts, key=lambda pid: (-counts[pid], pid))
        return db.session.get(Pattern, best)

    def patterns_of(self, theme: str) -> list[Pattern]:
        """Every live pattern with knelpunten of the theme, the largest first."""
        ids = {i for i, t in self.theme_of.items() if t == theme}
        pattern_ids = set(
            db.session.scalars(
                select(PatternMember.pattern_id)
                .join(Pattern, Pattern.id == PatternMember.pattern_id)
                .where(PatternMember.blockage_id.in_(ids), Pattern.state != PatternState.MERGED)
            )
        )
        found = [db.session.get(Pattern, i) for i in sorted(pattern_ids)]
        return sorted(found, key=lambda p: (-len(active_members(p)), p.id))
