"""Grouping with a chair's confirmations, and the live path's nightly re-grouping."""

from __future__ import annotations

from datetime import date

import numpy as np

from learning.patterns import clustering, engine, live


def block_scores() -> np.ndarray:
    """Two tight groups {0,1,2} and {3,4}, and 5 on its own."""
    score = np.full((6, 6), 0.05)
    score[np.ix_([0, 1, 2], [0, 1, 2])] = 0.8
    score[np.ix_([3, 4], [3, 4])] = 0.7
    np.fill_diagonal(score, 1.0)
    return score


def test_constrained_linkage_without_confirmations_is_average_linkage() -> None:
    score = block_scores()

    assert clustering.constrained_linkage(score, 0.5, [None] * 6) == (
        clustering.average_linkage(score, 0.5)
    )


def test_confirmed_group_is_kept_even_when_its_members_look_unrelated() -> None:
    labels = clustering.constrained_linkage(block_scores(), 0.5, [7, None, None, None, None, 7])

    assert labels[0] == labels[5]
    assert labels[1] == labels[2] != labels[0]  # too far from the confirmed pair as a whole


def test_two_confirmed_groups_are_never_fused() -> None:
    labels = clustering.constrained_linkage(block_scores(), 0.5, [1, 2, None, None, None, None])

    assert labels[0] != labels[1]
    assert labels[2] in (labels[0], labels[1])


def test_prototype_joins_a_report_close_to_the_group_as_a_whole() -> None:
    kernel = block_scores()

    fixed = clustering.prototype_assign(kernel, [1, 1, None, 2, None, None], threshold=0.5)

    assert fixed == [1, 1, 1, 2, 2, None]


def test_stable_ids_keep_the_id_where_most_members_stay() -> None:
    previous = [10, 10, 10, None, 11, 11]
    grouped = [0, 0, 0, 0, 1, 2]

    labels = live.stable_ids(previous, grouped, first_free=12)

    assert labels[:4] == [10, 10, 10, 10]
    assert 11 not in labels  # split in two halves: neither keeps the old id
    assert labels[4] != labels[5]


def texts_by_day() -> list[engine.Item]:
    texts = [
        "Mantelzorger krijgt geen parkeervergunning in de wijk van zijn moeder.",
        "Zwerfafval bij de sportvelden wordt door niemand opgehaald.",
        "Parkeervergunning voor mantelzorgers bestaat niet, dochter betaalt parkeergeld.",
        "Mantelzorgers moeten parkeergeld betalen want een vergunning krijgen ze niet.",
    ]
    return [
        engine.Item(id=str(i), text=t, created=date(2026, 1, 1 + i)) for i, t in enumerate(texts)
    ]


def test_live_grouping_with_nightly_regrouping_groups_what_batch_groups() -> None:
    items = texts_by_day()

    labels = live.group_live(items, regroup_when=live.nightly)

    assert labels[0] == labels[2] == labels[3]
    assert labels[1] != labels[0]


def test_cluster_keeps_confirmed_names_apart_and_together() -> None:
    items = texts_by_day()

    labels = engine.cluster(items, confirmed=["a", None, "b", None])

    assert labels[0] != labels[2]
    assert labels[3] in (labels[0], labels[2])


def test_a_report_between_two_confirmed_patterns_is_left_for_a_chair() -> None:
    kernel = block_scores()
    kernel[5, :5] = kernel[:5, 5] = 0.6  # about as close to both groups (0.63 and 0.65)

    fixed = clustering.prototype_assign(kernel, [1, 1, None, 2, 2, None], 0.5, margin=0.05)

    assert fixed[5] is None
    assert fixed[2] == 1  # the clear case is still placed
    assert clustering.prototype_assign(kernel, [1, 1, None, 2, 2, None], 0.5)[5] == 2


def test_a_report_like_one_a_chair_took_out_does_not_join_that_pattern() -> None:
    kernel = block_scores()
    kernel[5, 4] = kernel[4, 5] = 0.95  # 5 is nearly the report a chair detached (4)
    kernel[5, [0, 1, 2]] = kernel[[0, 1, 2], 5] = 0.55

    without = clustering.prototype_assign(kernel, [1, 1, 1, None, None, None], 0.5)
    learned = clustering.prototype_assign(
        kernel, [1, 1, 1, None, None, None], 0.5, excluded={1: [4]}
    )

    assert without[5] == 1
    assert learned[5] is None


def test_reports_that_fit_no_confirmed_pattern_are_not_linked_into_one() -> None:
    score = block_scores()
    score[5, [0, 1, 2]] = score[[0, 1, 2], 5] = 0.75  # average linkage would pull 5 in

    labels = clustering.place_and_group(
        score, 0.5, [1, 1, 1, None, None, None], [1] * 3 + [None] * 3
    )

    assert labels[5] != labels[0]
    assert labels[3] == labels[4]  # a new pattern still forms among the others
    assert len(set(labels[:3])) == 1


def test_a_new_pattern_next_to_confirmed_ones_must_hold_together_like_them() -> None:
    score = np.full((9, 9), 0.05)
    for group in ([0, 1], [2, 3], [4, 5]):
        score[np.ix_(group, group)] = 0.8  # three confirmed patterns, cohesion 0.8
    score[np.ix_([6, 7], [6, 7])] = 0.6  # two other reports: above the cut, below 0.8
    np.fill_diagonal(score, 1.0)
    three = [1, 1, 2, 2, 3, 3, None, None, None]
    one = [1, 1, None, None, None, None, None, None, None]

    strict = clustering.place_and_group(score, 0.5, three, three)
    batch_like = clustering.place_and_group(score, 0.5, one, one)

    assert strict[6] != strict[7]
    assert batch_like[6] == batch_like[7]  # with too few confirmed patterns the cut is 0.5
