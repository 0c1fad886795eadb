"""Re-grouping (nightly, and `flask patterns recluster`): candidates converge on batch
grouping; queued patterns and those chairs work on stay as they are."""

from __future__ import annotations

import pytest
from sqlalchemy import delete, func, select

from learning.patterns import grouping, regrouping
from learning.patterns.grouping import add_member
from learning.patterns.models import Pattern, PatternMember, PatternState
from learning.patterns.queries import pattern_of, triage_queue
from learning.unit_of_work import commit
from tests.factories import OrganisationFactory
from tests.patterns.helpers import DEBT, UNRELATED, loose_pattern, member_titles, report


def test_a_stray_member_leaves_the_candidate_which_keeps_its_id(db):
    organisation = OrganisationFactory()  # one organisation: it stays a candidate
    debts = [report(text, organisation=organisation) for text in DEBT]
    pattern = pattern_of(debts[0])
    assert pattern is not None
    assert pattern.state == PatternState.CANDIDATE
    stray = report(UNRELATED[0])
    if pattern_of(stray) is None:
        add_member(pattern, stray, None, None)  # what an order-dependent save could do

    counts = regrouping.regroup()

    assert pattern_of(debts[0]).id == pattern.id
    assert UNRELATED[0][0] not in member_titles(pattern_of(debts[0]))
    assert counts["knelpunten"] >= len(DEBT) + 1


def test_patterns_chairs_work_on_are_never_touched(db):
    pattern = loose_pattern(3, state=PatternState.IN_PROGRESS)
    before = member_titles(pattern)

    regrouping.regroup()

    db.session.expire_all()
    assert member_titles(pattern) == before


@pytest.mark.parametrize("regroup", [regrouping.regroup, grouping.recluster])
def test_a_pattern_on_the_triage_queue_keeps_its_id_members_and_place(db, werktafel, regroup):
    debts = [report(text) for text in DEBT]  # four organisations: it reaches the queue
    pattern = pattern_of(debts[0])
    assert pattern.state == PatternState.NEW
    assert pattern in triage_queue(werktafel.chair)
    stray = report(UNRELATED[0])
    if pattern_of(stray) is None:
        add_member(pattern, stray, None, None)  # the chair has not looked at it yet
    commit()
    before = member_titles(pattern)
    queue = [p.id for p in triage_queue(werktafel.chair)]
    queued_at = pattern.queued_at

    regroup()
    commit()

    db.session.expire_all()
    assert pattern_of(debts[0]).id == pattern.id
    assert pattern.state == PatternState.NEW
    assert member_titles(pattern) == before  # the stray too: detaching it is the chair's call
    assert pattern.queued_at == queued_at
    assert [p.id for p in triage_queue(werktafel.chair)] == queue
    assert db.session.scalar(select(func.count(Pattern.id)).where(Pattern.state == "nieuw")) == 1


def test_the_night_adds_nothing_to_a_closed_pattern(db):
    organisation = OrganisationFactory()
    debts = [report(text, organisation=organisation) for text in DEBT]
    pattern = pattern_of(debts[0])
    pattern.state = PatternState.SOLVED  # a chair closed it with these members
    old = pattern_of(debts[-1])
    assert old.id == pattern.id
    db.session.execute(
        delete(PatternMember).where(PatternMember.blockage_id == debts[-1].id)
    )  # an old report the save path left loose, very like the solved pattern
    commit()
    before = member_titles(pattern)

    regrouping.regroup()
    commit()

    db.session.expire_all()
    assert pattern.state == PatternState.SOLVED
    assert not pattern.recurring
    assert member_titles(pattern) == before
    assert pattern_of(debts[-1]) is None
