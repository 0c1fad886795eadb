"""Building digests: empty when nothing is new, a fixed number of queries, sections shared
between recipients with the same scope within one run (and only those)."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import event as event_api

from learning.digests.builder import build_content
from learning.digests.models import DigestOptIn
from learning.digests.periods import latest_due
from learning.patterns.models import PatternState
from tests.digests.builders import PERIOD, event, in_window, pattern, reports
from tests.factories import UserFactory


def test_nothing_new_gives_an_empty_digest(clock, executive):
    old = pattern("Oud patroon")
    reports(old, 7, reported_on=date(2024, 6, 1))

    content = build_content(executive, PERIOD)

    assert content.is_empty
    assert content.item_count == 0


class StatementCounter:
    def __init__(self) -> None:
        self.count = 0

    def __call__(self, *_args) -> None:
        self.count += 1


@pytest.fixture
def statements(db):
    counter = StatementCounter()
    event_api.listen(db.engine, "before_cursor_execute", counter)
    yield counter
    event_api.remove(db.engine, "before_cursor_execute", counter)


def _queries_for(user, statements, cache=None) -> int:
    before = statements.count
    build_content(user, PERIOD, cache=cache)
    return statements.count - before


def test_queries_do_not_grow_with_the_number_of_patterns(clock, executive, table, statements):
    def news(n: int) -> None:
        for i in range(n):
            made = pattern(f"Patroon {n}-{i}", table=table)
            reports(made, 6)
            event(made, "state:nieuw", in_window())

    news(2)
    few = _queries_for(executive, statements)
    news(8)
    many = _queries_for(executive, statements)

    assert many == few


def test_recipients_with_the_same_scope_share_sections_within_a_run(clock, statements):
    first, second = (UserFactory(roles=["executive"]) for _ in range(2))
    made = pattern("Gedeeld patroon")
    reports(made, 6)
    event(made, "state:nieuw", in_window())
    cache: dict = {}

    alone = _queries_for(first, statements, cache)
    shared = _queries_for(second, statements, cache)

    assert shared < alone
    assert [s.key for s in build_content(second, PERIOD, cache=cache).sections] == [
        s.key for s in build_content(first, PERIOD).sections
    ]


def test_own_knelpunten_are_never_shared_between_recipients(clock, db):
    anna, bert = (UserFactory(roles=["professional"]) for _ in range(2))
    db.session.add_all([DigestOptIn(user_id=anna.id), DigestOptIn(user_id=bert.id)])
    mine = pattern("Van Anna", state=PatternState.IN_PROGRESS)
    reports(mine, 1, reporter=anna, reported_on=date(2025, 1, 10))
    event(mine, "state:in_behandeling", in_window())
    cache: dict = {}

    assert not build_content(anna, PERIOD, cache=cache).is_empty
    assert build_content(bert, PERIOD, cache=cache).is_empty


def test_a_shared_cache_keeps_windows_of_different_weekdays_apart(clock, db):
    monday, friday = (UserFactory(roles=["executive"]) for _ in range(2))
    made = pattern("Zaterdagnieuws")
    reports(made, 6, reported_on=date(2025, 3, 8))
    event(made, "state:nieuw", in_window(5))  # Saturday 8 March
    cache: dict = {}

    for_monday = build_content(monday, latest_due("weekly", 0, date(2025, 3, 10)), cache=cache)
    for_friday = build_content(friday, latest_due("weekly", 4, date(2025, 3, 10)), cache=cache)

    assert "new_patterns" in {s.key for s in for_monday.sections}
    assert for_friday.is_empty  # its week ended on Friday 7 March
