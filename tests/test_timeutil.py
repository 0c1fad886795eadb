"""The one clock: `frozen_at` moves every reader of it, services and column defaults alike."""

from __future__ import annotations

import threading
from datetime import UTC, date, datetime, timedelta

import pytest

from learning import timeutil
from learning.timeutil import frozen_at, today, utcnow


def test_frozen_moment_is_now_and_today_on_the_local_calendar(app):
    # 23:30 UTC on 31 March is already 1 April in Amsterdam (summer time).
    with frozen_at(datetime(2026, 3, 31, 23, 30, tzinfo=UTC)) as moment:
        assert utcnow() == moment
        assert today() == date(2026, 4, 1)
        assert timeutil.is_frozen()
    assert not timeutil.is_frozen()
    assert abs(utcnow() - datetime.now(UTC)) < timedelta(seconds=5)


def test_naive_moments_are_local_wall_clock_and_blocks_nest(app):
    with frozen_at(datetime(2026, 1, 15, 9, 0)):  # winter: UTC+1
        assert utcnow() == datetime(2026, 1, 15, 8, 0, tzinfo=UTC)
        with frozen_at(datetime(2025, 6, 1, 12, 0)):
            assert today() == date(2025, 6, 1)
        assert today() == date(2026, 1, 15)


def test_the_clock_is_released_when_the_block_fails(app):
    with pytest.raises(RuntimeError), frozen_at(datetime(2020, 1, 1, 12, 0)):
        raise RuntimeError("stap mislukt")
    assert today() != date(2020, 1, 1)


def test_another_thread_keeps_the_real_clock(app):
    seen: list[date] = []
    with frozen_at(datetime(2020, 1, 1, 12, 0)):
        worker = threading.Thread(target=lambda: seen.append(datetime.now(UTC).date()))
        worker.start()
        worker.join()
        other = threading.Thread(target=lambda: seen.append(today()))
        other.start()
        other.join()
    assert seen[1] != date(2020, 1, 1)
