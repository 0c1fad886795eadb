"""Notification fixtures: a clock on a Monday in Amsterdam, a reporter, patterns to be about."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
import time_machine

from learning.notifications.models import NotificationKind
from learning.notifications.services import notify
from tests.factories import UserFactory

# Monday 10 March 2025 in Amsterdam (UTC+1): 10.00 in the morning, 17.00 the daily bundle.
MORNING = datetime(2025, 3, 10, 9, 0, tzinfo=UTC)
AFTER_FIVE = datetime(2025, 3, 10, 16, 5, tzinfo=UTC)
NEXT_DAY_AFTER_FIVE = datetime(2025, 3, 11, 16, 5, tzinfo=UTC)


@pytest.fixture
def clock() -> Iterator[time_machine.Coordinates]:
    with time_machine.travel(MORNING, tick=False) as traveller:
        yield traveller


@pytest.fixture
def reporter(db):
    return UserFactory(name="Sanne", email="sanne@oss.test")


def tell(user, kind=NotificationKind.PATTERN_STEP, about="Zoektermijn jongeren", text=None, **kw):
    """One notification for `user`, as a package would send it."""
    made = notify(
        [user],
        kind,
        text or f"Er is een stap gezet in '{about}'.",
        "/knelpunten/1",  # not a pattern: a link to a missing pattern is dropped (targets())
        about=about,
        **kw,
    )
    return made[0] if made else None
