"""Digest sections about patterns, per role: new and growing, the triage queue, own knelpunten;
small counts never show."""

from __future__ import annotations

from datetime import date, timedelta

from learning.digests.models import DigestOptIn
from learning.patterns.models import PatternFollower, PatternState
from tests.digests.builders import (
    MONDAY,
    WINDOW_START,
    event,
    in_window,
    pattern,
    reports,
    sections,
    texts,
)
from tests.factories import OrganisationFactory, UserFactory


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


def test_news_runs_up_to_the_moment_of_sending(clock, executive):
    today = pattern("Vanochtend")
    event(today, "state:nieuw", in_window(7))  # on the due day, before the digest goes out
    late = pattern("Na het versturen")
    event(late, "state:nieuw", MONDAY + timedelta(hours=1))
    early = pattern("Te vroeg")
    event(early, "state:nieuw", in_window(-1))

    new = texts(sections(executive)["new_patterns"])

    assert "Vanochtend" in new
    assert "Na het versturen" not in new
    assert "Te vroeg" not in new
