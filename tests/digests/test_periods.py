"""Digest periods: keys, due days and windows that neither overlap nor leave gaps."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from learning.digests.periods import latest_due, period_for_key, reference_day
from learning.errors import DomainError


def test_weekly_digest_is_due_on_the_chosen_day_and_covers_the_week_before():
    monday = date(2025, 3, 10)
    period = latest_due("weekly", 0, monday)
    assert period.key == "2025-W11"
    assert (period.window_start, period.window_end) == (date(2025, 3, 3), monday)


def test_before_the_chosen_day_the_previous_weeks_digest_is_the_due_one():
    friday_digest = latest_due("weekly", 4, date(2025, 3, 10))  # Monday; Friday is still to come
    assert friday_digest.key == "2025-W10"
    assert friday_digest.due_on == date(2025, 3, 7)


def test_consecutive_weekly_windows_touch():
    day = date(2024, 12, 20)
    previous = latest_due("weekly", 2, day)
    following = latest_due("weekly", 2, day + timedelta(days=7))
    assert previous.window_end == following.window_start
    assert following.key == "2024-W52"
    assert latest_due("weekly", 2, date(2025, 1, 1)).key == "2025-W01"  # ISO year, not calendar


def test_biweekly_periods_are_fortnights_named_after_their_first_week():
    start = date(2025, 3, 10)  # a fortnight starts here (2024-01-01 + 62 weeks)
    keys = {latest_due("biweekly", 0, start + timedelta(days=d)).key for d in range(14)}
    assert keys == {"2025-W11"}
    period = latest_due("biweekly", 0, date(2025, 3, 17))
    assert period.days == 14
    assert period.window_end == start
    assert period_for_key("biweekly", 0, period.key) == period
    with pytest.raises(DomainError):
        period_for_key("biweekly", 0, "2025-W10")  # not the first week of a fortnight


def test_monthly_digest_on_the_first_chosen_weekday_of_the_month():
    period = latest_due("monthly", 0, date(2025, 3, 10))  # first Monday of March: the 3rd
    assert period.key == "2025-03"
    assert period.due_on == date(2025, 3, 3)
    assert period.window_start == date(2025, 2, 3)
    before = latest_due("monthly", 0, date(2025, 3, 2))
    assert before.key == "2025-02"
    assert before.window_end == period.window_start


def test_never_has_no_period():
    assert latest_due("never", 0, date(2025, 3, 10)) is None


@pytest.mark.parametrize("frequency", ["weekly", "biweekly", "monthly"])
def test_a_period_is_rebuilt_from_its_key(frequency):
    for offset in range(0, 120, 5):
        period = latest_due(frequency, 3, date(2025, 1, 1) + timedelta(days=offset))
        assert period_for_key(frequency, 3, period.key) == period


def test_reference_day_for_the_cli_period_option():
    today = date(2025, 3, 20)
    assert reference_day(None, today) == today
    assert reference_day("2025-W10", today) == date(2025, 3, 9)
    assert reference_day("2025-02", today) == date(2025, 2, 28)
    assert reference_day("2025-W12", today) == today  # the running week: up to today
    with pytest.raises(DomainError, match="nog niet begonnen"):
        reference_day("2025-W14", today)
    with pytest.raises(DomainError, match="JJJJ-Www"):
        reference_day("week 10", today)
