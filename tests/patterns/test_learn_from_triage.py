"""Learn from triage: what a chair decides changes where the next similar knelpunt goes.

Saving places a knelpunt at once; in a pattern a chair confirmed, split or detached from, it is
compared with the pattern's prototype (the centroid of what the chair kept there) and with the
knelpunten the chair took out, the same rule as `flask patterns cluster --confirmed`.
"""

from __future__ import annotations

from learning.patterns import grouping, knowledge, regrouping, triage
from learning.patterns.adapters import to_item
from learning.patterns.models import PatternState
from learning.patterns.queries import active_members, pattern_of
from tests.patterns.helpers import member_titles, report
from tests.patterns.texts import DEBT

KREDIETBANK = [
    DEBT[4],
    (
        "Kredietbank heeft een wachtlijst van maanden",
        "Aanmelden bij de kredietbank voor schuldhulp betekent maanden op de wachtlijst staan, "
        "en intussen komen de aanmaningen binnen.",
    ),
    (
        "Maanden wachten bij de kredietbank",
        "De kredietbank zet nieuwe aanmeldingen voor schuldhulp op een wachtlijst van maanden; "
        "de aanmaningen blijven komen.",
    ),
]


def confirmed_debt_pattern(werktafel, extra=()):
    """The debt-counselling reports, saved through the form, confirmed by the chair."""
    reports = [report(text) for text in [*DEBT[:4], *extra]]
    pattern = pattern_of(reports[0])
    for blockage in reports[1:]:
        if pattern_of(blockage) != pattern:
            grouping.add_member(pattern, blockage, None, None)
    triage.confirm(werktafel.chair, pattern, "Wachttijd schuldhulp", "", "uitvoering", "second")
    return pattern, reports


def test_a_knelpunt_like_one_the_chair_detached_stays_out_of_the_pattern(db, werktafel):
    pattern, reports = confirmed_debt_pattern(werktafel, extra=KREDIETBANK[:1])
    detached = reports[-1]
    kept = [to_item(m.blockage) for m in active_members(pattern) if m.blockage != detached]
    before = report(KREDIETBANK[1])  # saved before the chair decides: it joins
    assert pattern_of(before) == pattern
    triage.detach(werktafel.chair, pattern, before.id)

    triage.detach(werktafel.chair, pattern, detached.id)
    later = report(KREDIETBANK[2])

    assert pattern_of(later) != pattern
    assert knowledge.place(to_item(later), {pattern.id: kept})[0] == pattern.id  # without it
    regrouping.regroup()  # the nightly re-grouping learns the same
    assert pattern_of(later) != pattern


def test_after_a_split_the_next_similar_knelpunt_goes_to_the_split_off_pattern(db, werktafel):
    pattern, reports = confirmed_debt_pattern(werktafel, extra=KREDIETBANK[:2])

    split_off = triage.split(
        werktafel.chair, pattern, [b.id for b in reports[-2:]], title="Kredietbank"
    )
    later = report(KREDIETBANK[2])

    assert split_off.state == PatternState.NEW
    assert pattern_of(later) == split_off
    assert later.title in member_titles(split_off)


def test_after_a_merge_the_next_similar_knelpunt_joins_the_merged_pattern(db, werktafel):
    pattern, _reports = confirmed_debt_pattern(werktafel)
    kredietbank = [report(text) for text in KREDIETBANK[:2]]
    other = pattern_of(kredietbank[0])
    if other in (None, pattern):  # the engine made no separate candidate: the chair does
        other = triage.split(werktafel.chair, pattern, [b.id for b in kredietbank], title="Krediet")

    triage.merge(werktafel.chair, pattern, other)
    later = report(KREDIETBANK[2])

    assert pattern_of(later) == pattern
