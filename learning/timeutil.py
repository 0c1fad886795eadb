"""The one time source and the one local calendar of the application.

Moments are stored in UTC; dates people see and plan with (due dates, report dates, digest
periods, session days) are Dutch wall-clock dates. `today()` is that local date, so a due date
set at 00:30 in Amsterdam is not yesterday's.

Every reader of the clock (services, model defaults such as `created_at`, queries) calls
`utcnow()` or `today()` here, so one switch moves all of them: `frozen_at(moment)` makes the
application live at that moment for the code inside the block. The demo uses it to play a
year forward through the ordinary services, each step on its own historical date, so that
history, audit trail, notifications and deadlines agree with each other. Tests move time with
it as well (or by patching `utcnow`).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from flask import current_app, has_app_context

DEFAULT_ZONE = "Europe/Amsterdam"

# The moment the application lives at inside `frozen_at`; None: the real clock. A context
# variable, so a frozen demo load does not move the clock of another thread.
_frozen: ContextVar[datetime | None] = ContextVar("frozen_moment", default=None)


def utcnow() -> datetime:
    """Timezone-aware current time in UTC (the frozen moment inside `frozen_at`)."""
    moment = _frozen.get()
    return moment if moment is not None else datetime.now(UTC)


@contextmanager
def frozen_at(moment: datetime) -> Iterator[datetime]:
    """Run the block as if it were `moment` (aware, or naive local wall-clock time).

    Why: services rightly refuse deadlines and session dates in the past; to record what
    happened on a past day, the code runs on that day instead of writing rows around them.
    Blocks nest; the previous moment (or the real clock) returns when the block ends.
    """
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=local_zone())
    token = _frozen.set(moment.astimezone(UTC))
    try:
        yield moment.astimezone(UTC)
    finally:
        _frozen.reset(token)


def is_frozen() -> bool:
    """Whether the clock is frozen (the demo replaying its year, or a test)."""
    return _frozen.get() is not None


def local_zone() -> ZoneInfo:
    """The municipality's time zone (config `TIMEZONE`), also outside an app context."""
    name = DEFAULT_ZONE
    if has_app_context():
        name = current_app.config.get("TIMEZONE", DEFAULT_ZONE)
    return ZoneInfo(name)


def today() -> date:
    """Today's date on the local calendar."""
    return utcnow().astimezone(local_zone()).date()


def local_date(moment: datetime) -> date:
    """The local calendar date of a stored moment."""
    return as_utc(moment).astimezone(local_zone()).date()


def local_datetime(moment: datetime) -> datetime:
    return as_utc(moment).astimezone(local_zone())


def to_utc(day: date, at: time) -> datetime:
    """A local wall-clock date and time (as people plan sessions) in UTC."""
    return datetime.combine(day, at, tzinfo=local_zone()).astimezone(UTC)


def as_utc(value: datetime) -> datetime:
    """SQLite hands back naive datetimes; treat them as the UTC they were stored as."""
    return value if value.tzinfo else value.replace(tzinfo=UTC)
