"""The nightly re-grouping: candidates converge on batch grouping, chairs' patterns stay."""

from __future__ import annotations

from learning.patterns import regrouping
from learning.patterns.grouping import add_member
from learning.patterns.models import PatternState
from learning.patterns.queries import pattern_of
from tests.patterns.helpers import DEBT, UNRELATED, loose_pattern, member_titles, report


def test_a_stray_member_leaves_the_candidate_which_keeps_its_id(db):
    debts = [report(text) for text in DEBT]
    pattern = pattern_of(debts[0])
    assert pattern is not None
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
