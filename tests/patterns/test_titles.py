"""Until a chair sets one, a pattern is titled by its most central knelpunt's own title."""

from __future__ import annotations

from learning.patterns.adapters import refresh_summary
from learning.patterns.queries import pattern_of
from tests.patterns.helpers import DEBT, member_titles, report


def test_candidate_title_is_a_members_title_and_stays_as_members_come(db):
    first, second = report(DEBT[0]), report(DEBT[1])
    pattern = pattern_of(second)
    assert pattern is not None
    assert pattern.title in member_titles(pattern)
    title = pattern.title

    report(DEBT[2])
    refresh_summary(pattern_of(first))

    assert pattern_of(first).title == title
    assert pattern_of(first).key_terms  # the keyword line, shown as the subtitle
