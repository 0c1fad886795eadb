"""What each role finds in its digest, and that small counts never show."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import event as event_api

from learning.digests.content import Audience, audiences, build_content
from learning.digests.models import DigestOptIn
from learning.digests.periods import latest_due
from learning.extensions import db
from learning.patterns.models import PatternFollower, PatternState
from learning.privacy_counts import small_count
from learning.tables.models import (
    Decision,
    DecisionRequest,
    LearningTable,
    TableAction,
    TableKind,
)
from tests.digests.builders import IN_WINDOW, WINDOW_START, event, in_window, pattern, reports
from tests.factories import OrganisationFactory, UserFactory

PERIOD = latest_due("weekly", 0, date(2025, 3, 10))


def sections(user):
    content = build_content(user, PERIOD)
    return {s.key: s for s in content.sections}


def texts(section) -> str:
    return " | ".join(" ".join([item.title, *item.facts, item.note]) for item in section.items)


@pytest.mark.parametrize(("n", "shown"), [(0, "0"), (1, "< 5"), (4, "< 5"), (5, "5"), (120, "120")])
def test_small_counts_are_hidden(n, shown):
    assert small_count(n) == shown


def test_minimum_group_size_is_configurable(app):
    app.config["MIN_GROUP_SIZE"] = 10
    try:
        assert small_count(7) == "< 10"
    finally:
        app.config["MIN_GROUP_SIZE"] = 5
    assert small_count(7, minimum=3) == "7"


def test_executive_sees_new_and_growing_patterns_with_counts_and_trend(clock, executive):
    wmo = pattern("Wmo-indicatie verloopt tijdens verhuizing")
    reports(wmo, 6)
    reports(wmo, 2, reported_on=WINDOW_START - timedelta(days=3))
    event(wmo, "state:nieuw", in_window())
    older = pattern("Schuldhulp wacht op beschikking", state=PatternState.IN_PROGRESS)
    reports(older, 7)
    reports(older, 9, reported_on=WINDOW_START - timedelta(days=2))
    quiet = pattern("Eenmalig probleem", state=PatternState.CANDIDATE)
    reports(quiet, 9)

    found = sections(executive)

    new = texts(found["new_patterns"])
    assert "Wmo-indicatie verloopt tijdens verhuizing" in new
    assert "8 meldingen" in new
    assert "stijgend: 6 deze periode, < 5 de periode ervoor" in new
    growing = texts(found["growing_patterns"])
    assert "Schuldhulp wacht op beschikking" in growing
    assert "dalend: 7 deze periode, 9 de periode ervoor" in growing
    assert "Wmo-indicatie" not in growing  # already under the new patterns
    assert "Eenmalig probleem" not in growing  # candidates are for chairs only
    assert "22 nieuwe knelpunten" in texts(found["overview"])
    assert found["new_patterns"].items[0].url.endswith(f"/patronen/{wmo.id}")


def test_counts_below_the_group_size_are_shown_as_less_than_five(clock, executive):
    small = pattern("Zeldzaam knelpunt")
    reports(small, 3)
    event(small, "state:nieuw", in_window())

    new = texts(sections(executive)["new_patterns"])

    assert "< 5 meldingen" in new
    assert "3 meldingen" not in new


def test_nothing_new_gives_an_empty_digest(clock, executive):
    old = pattern("Oud patroon")
    reports(old, 7, reported_on=date(2024, 6, 1))

    content = build_content(executive, PERIOD)

    assert content.is_empty
    assert content.item_count == 0


def test_manager_sees_only_their_organisations(clock, manager, organisation):
    other = OrganisationFactory(name="Corporatie Oss")
    ours = pattern("Huurachterstand bij wisselend inkomen")
    reports(ours, 5, organisation=organisation)
    event(ours, "state:nieuw", in_window())
    theirs = pattern("Schoolvervoer stopt")
    reports(theirs, 7, organisation=other)
    event(theirs, "state:nieuw", in_window())
    growing = pattern("Beschikking kwijt", state=PatternState.IN_PROGRESS)
    reports(growing, 2, organisation=organisation)
    reports(growing, 9, organisation=other)
    elsewhere = pattern("Alleen elders", state=PatternState.IN_PROGRESS)
    reports(elsewhere, 9, organisation=other)

    found = sections(manager)

    assert "Huurachterstand" in texts(found["new_patterns"])
    assert "Schoolvervoer" not in texts(found["new_patterns"])
    grows = texts(found["growing_patterns"])
    assert "Beschikking kwijt" in grows
    assert "< 5 nieuwe van uw organisatie(s)" in grows
    assert "Alleen elders" not in grows
    assert "7 nieuwe knelpunten gemeld door uw organisatie(s)" in texts(found["overview"])


def test_chair_gets_their_triage_queue(clock, table):
    waiting = pattern(
        "Beschikking te laat", table=table, queued_at=in_window(0) - timedelta(days=40)
    )
    reports(waiting, 5)
    elsewhere = pattern("Elders", table=None)
    reports(elsewhere, 5)

    found = sections(table.chair)

    queue = texts(found["triage_queue"])
    assert "Beschikking te laat" in queue
    assert "termijn om op te pakken verstreken" in queue
    assert "Elders" not in queue
    assert "new_patterns" not in found  # a chair alone gets no bestuurders' sections


def test_professional_gets_a_digest_only_after_opting_in(clock, db):
    professional = UserFactory(roles=["professional"])
    assert audiences(professional) == []
    db.session.add(DigestOptIn(user_id=professional.id))
    db.session.flush()
    assert audiences(professional) == [Audience.PROFESSIONAL]


def test_professional_hears_what_happened_to_their_knelpunten(clock, db):
    professional = UserFactory(roles=["professional"])
    db.session.add(DigestOptIn(user_id=professional.id))
    mine = pattern("Mijn patroon", state=PatternState.IN_PROGRESS)
    reports(mine, 1, reporter=professional, reported_on=date(2025, 1, 10))
    event(mine, "state:in_behandeling", in_window(), "De werktafel pakt dit op.")
    followed = pattern("Gevolgd patroon")
    db.session.add(PatternFollower(user_id=professional.id, pattern_id=followed.id))
    event(followed, "state:nieuw", in_window(1), "Op de triagelijst.")
    other = pattern("Niet van mij")
    event(other, "state:nieuw", in_window(1))

    section = sections(professional)["my_blockages"]

    assert "De werktafel pakt dit op." in texts(section)
    assert "Gevolgd patroon" in texts(section)
    assert "Niet van mij" not in texts(section)


def test_events_outside_the_window_are_not_news(clock, executive):
    late = pattern("Te laat")
    event(late, "state:nieuw", in_window(7))  # on the due day itself: next digest
    early = pattern("Te vroeg")
    event(early, "state:nieuw", in_window(-1))

    assert "new_patterns" not in sections(executive)


def test_executive_sees_beslisvragen_waiting_for_them_and_decisions_with_effect(clock, db):
    executive = UserFactory(roles=["executive"])
    civil = LearningTable(name="Ambtelijke stuurgroep", kind=TableKind.CIVIL_STEERING)
    board = LearningTable(name="Bestuurlijke stuurgroep", kind=TableKind.EXECUTIVE_STEERING)
    board.members = [executive]
    db.session.add_all([civil, board])
    waiting = pattern("Kostendelersnorm", state=PatternState.ESCALATED)
    reports(waiting, 6)
    db.session.add(
        DecisionRequest(
            pattern_id=waiting.id,
            from_table=civil,
            to_table=board,
            question="Mag de kostendelersnorm tijdelijk buiten toepassing blijven?",
            due_on=date(2025, 3, 1),
            created_at=in_window(),
        )
    )
    decided = pattern("Beslagvrije voet", state=PatternState.DECIDED)
    reports(decided, 6, reported_on=date(2025, 1, 20))
    reports(decided, 1, reported_on=date(2025, 2, 20))
    request = DecisionRequest(
        pattern_id=decided.id,
        from_table=civil,
        to_table=board,
        question="Beslagvrije voet automatisch herberekenen?",
        due_on=date(2025, 3, 1),
        status="besloten",
    )
    db.session.add(request)
    db.session.flush()
    db.session.add(
        Decision(
            request_id=request.id,
            pattern_id=decided.id,
            table=board,
            text="Voortaan herberekent de gemeente de beslagvrije voet zelf.",
            decided_on=date(2025, 1, 24),  # its six weeks end on 7 March, in this window
            decided_by="Bestuurlijke stuurgroep",
        )
    )
    db.session.flush()

    found = sections(executive)

    awaiting = texts(found["awaiting_decision"])
    assert "Kostendelersnorm" in awaiting
    assert "Mag de kostendelersnorm" in awaiting
    assert "termijn verstreken" in awaiting
    effect = texts(found["decisions"])
    assert "Beslagvrije voet" in effect
    assert "zes weken later" in effect
    assert "6 meldingen in de zes weken ervoor, < 5 in de 42 dagen erna" in effect


def test_overdue_actions_for_the_chair_of_the_table(clock, table):
    owner = UserFactory(name="Eigenaar Actie")
    fixed = pattern("Procedure", state=PatternState.IN_PROGRESS, table=table)
    db.session.add_all(
        [
            TableAction(
                pattern_id=fixed.id,
                table_id=table.id,
                what="Werkinstructie aanpassen",
                owner_id=owner.id,
                due_on=IN_WINDOW,
            ),
            TableAction(
                pattern_id=fixed.id,
                table_id=table.id,
                what="Nog niet verlopen",
                owner_id=owner.id,
                due_on=date(2025, 4, 1),
            ),
        ]
    )
    db.session.flush()

    overdue = texts(sections(table.chair)["overdue_actions"])

    assert "Werkinstructie aanpassen" in overdue
    assert "eigenaar: Eigenaar Actie" in overdue
    assert "5 dagen over tijd" in overdue
    assert "Nog niet verlopen" not in overdue


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
