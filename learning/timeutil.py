"""The one time source and the one local calendar of the application.

Moments are stored in UTC; dates people see and plan with (due dates, report dates, digest
periods, session days) are Dutch wall-clock dates. `today()` is that local date, so a due date
set at 00:30 in Amsterdam is not yesterday's. Tests move time by patching `utcnow`.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from flask import current_app, has_app_context

DEFAULT_ZONE = "Europe/Amsterdam"


def utcnow() -> datetime:
    """Timezone-aware current time in UTC."""
    return datetime.now(UTC)


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
