"""Digest periods: which digest is due for whom, and which days its content covers.

A period has a key that is unique per recipient and frequency (the outbox dedupes on it):

- weekly: the ISO week, "2025-W10"; due on the chosen weekday of that week;
- biweekly: fortnights counted from Monday 1 January 2024, named after their first ISO week
  ("2025-W09"); due on the chosen weekday of that first week;
- monthly: the month, "2025-03"; due on the first chosen weekday of the month.

A digest's news (steps, decisions, beslisvragen, dilemmas) runs from the previous period's due
day up to the moment it is sent, so nothing of the last days is missed; the hours of the due
day before the previous digest went out appear in both. Counts (new knelpunten, trends) cover
whole days: the due day itself counts in the next digest, so no knelpunt is counted twice.
The digest that is due is the latest one whose due day has come: a digest missed because
Redis or the worker was down goes out when they are back.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from learning.errors import DomainError
from learning.timeutil import local_zone
from learning.timeutil import today as local_today


class Frequency(StrEnum):
    WEEKLY = "weekly"
    BIWEEKLY = "biweekly"
    MONTHLY = "monthly"
    NEVER = "never"


FREQUENCY_LABELS = {
    Frequency.WEEKLY: _l("Elke week"),
    Frequency.BIWEEKLY: _l("Om de week"),
    Frequency.MONTHLY: _l("Elke maand"),
    Frequency.NEVER: _l("Nooit"),
}

WEEKDAY_LABELS = (
    _l("maandag"),
    _l("dinsdag"),
    _l("woensdag"),
    _l("donderdag"),
    _l("vrijdag"),
    _l("zaterdag"),
    _l("zondag"),
)

FORTNIGHT_EPOCH = date(2024, 1, 1)  # a Monday, ISO week 2024-W01
_WEEK_KEY = re.compile(r"^(\d{4})-W(\d{2})$")
_MONTH_KEY = re.compile(r"^(\d{4})-(\d{2})$")


@dataclass(frozen=True)
class Period:
    key: str
    frequency: Frequency
    due_on: date
    window_start: date  # inclusive
    window_end: date  # exclusive: the due day itself belongs to the next digest

    @property
    def days(self) -> int:
        return (self.window_end - self.window_start).days

    @property
    def previous_window_start(self) -> date:
        """Start of an equally long window before this one, for trends."""
        return self.window_start - timedelta(days=self.days)

    def bounds(self, until: datetime | None = None) -> tuple[datetime, datetime]:
        """The window as UTC instants, from local midnight of its first day up to `until` (the
        moment of sending, or now for a preview) but not past the due day; without `until`, up
        to the due day."""
        zone = local_zone()
        start = datetime.combine(self.window_start, time.min, zone).astimezone(UTC)
        end = datetime.combine(self.window_end, time.min, zone).astimezone(UTC)
        if until is not None:
            end = min(until, end + timedelta(days=1))
        return start, end

    def following(self, weekday: int) -> Period:
        """The next period of the same frequency (for a preview of what comes next)."""
        match self.frequency:
            case Frequency.WEEKLY:
                return _weekly(self.due_on - timedelta(days=self.due_on.weekday() - 7), weekday)
            case Frequency.BIWEEKLY:
                start = self.due_on - timedelta(days=self.due_on.weekday())
                return _biweekly(start + timedelta(days=14), weekday)
        year, month = (self.due_on.year, self.due_on.month)
        next_year, next_month = (year + 1, 1) if month == 12 else (year, month + 1)
        return _monthly(next_year, next_month, weekday)


def _week_key(day: date) -> str:
    year, week, _weekday = day.isocalendar()
    return f"{year}-W{week:02d}"


def _first_weekday_of_month(year: int, month: int, weekday: int) -> date:
    first = date(year, month, 1)
    return first + timedelta(days=(weekday - first.weekday()) % 7)


def _previous_month(year: int, month: int) -> tuple[int, int]:
    return (year - 1, 12) if month == 1 else (year, month - 1)


def _weekly(monday: date, weekday: int) -> Period:
    due = monday + timedelta(days=weekday)
    return Period(_week_key(monday), Frequency.WEEKLY, due, due - timedelta(days=7), due)


def _biweekly(start: date, weekday: int) -> Period:
    due = start + timedelta(days=weekday)
    return Period(_week_key(start), Frequency.BIWEEKLY, due, due - timedelta(days=14), due)


def _monthly(year: int, month: int, weekday: int) -> Period:
    due = _first_weekday_of_month(year, month, weekday)
    previous = _first_weekday_of_month(*_previous_month(year, month), weekday)
    return Period(f"{year}-{month:02d}", Frequency.MONTHLY, due, previous, due)


def latest_due(frequency: str, weekday: int, today: date) -> Period | None:
    """The most recent period whose due day is today or earlier; None for 'never'."""
    weekday = weekday % 7
    match Frequency(frequency):
        case Frequency.WEEKLY:
            period = _weekly(today - timedelta(days=today.weekday()), weekday)
            if period.due_on > today:
                period = _weekly(today - timedelta(days=today.weekday() + 7), weekday)
            return period
        case Frequency.BIWEEKLY:
            start = FORTNIGHT_EPOCH + timedelta(days=14 * ((today - FORTNIGHT_EPOCH).days // 14))
            period = _biweekly(start, weekday)
            if period.due_on > today:
                period = _biweekly(start - timedelta(days=14), weekday)
            return period
        case Frequency.MONTHLY:
            period = _monthly(today.year, today.month, weekday)
            if period.due_on > today:
                period = _monthly(*_previous_month(today.year, today.month), weekday)
            return period
    return None


def period_for_key(frequency: str, weekday: int, key: str) -> Period:
    """Rebuild a period from its key (a task gets the key, not the object)."""
    weekday = weekday % 7
    if (match := _WEEK_KEY.match(key)) and frequency in {Frequency.WEEKLY, Frequency.BIWEEKLY}:
        monday = date.fromisocalendar(int(match[1]), int(match[2]), 1)
        if frequency == Frequency.WEEKLY:
            return _weekly(monday, weekday)
        if (monday - FORTNIGHT_EPOCH).days % 14 == 0:
            return _biweekly(monday, weekday)
    if (match := _MONTH_KEY.match(key)) and frequency == Frequency.MONTHLY:
        return _monthly(int(match[1]), int(match[2]), weekday)
    raise DomainError(_("Periode %(key)s past niet bij de frequentie %(f)s.", key=key, f=frequency))


def reference_day(period: str | None, today: date | None = None) -> date:
    """The day to compute due digests for: today, or the last day of a given week or month.

    `flask digests send --period 2025-W10` sends what was due by the end of that week.
    """
    today = today or local_today()
    if not period:
        return today
    if match := _WEEK_KEY.match(period):
        try:
            last = date.fromisocalendar(int(match[1]), int(match[2]), 7)
        except ValueError as exc:
            raise DomainError(_("Onbekende week: %(p)s.", p=period)) from exc
    elif match := _MONTH_KEY.match(period):
        year, month = int(match[1]), int(match[2])
        if not 1 <= month <= 12:
            raise DomainError(_("Onbekende maand: %(p)s.", p=period))
        next_year, next_month = (year + 1, 1) if month == 12 else (year, month + 1)
        last = date(next_year, next_month, 1) - timedelta(days=1)
    else:
        raise DomainError(_("Geef de periode als JJJJ-Www (bijvoorbeeld 2025-W10) of JJJJ-MM."))
    first = last - timedelta(days=6) if "W" in period else last.replace(day=1)
    if first > today:
        raise DomainError(_("Periode %(p)s is nog niet begonnen.", p=period))
    return min(last, today)
