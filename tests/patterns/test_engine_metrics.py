"""BCubed and ARI on toy labellings whose values can be worked out by hand."""

from __future__ import annotations

import pytest

from learning.patterns.metrics import ari, bcubed, scores


def test_perfect_grouping() -> None:
    assert bcubed([0, 0, 1, 2], ["a", "a", "b", "c"]) == (1.0, 1.0, 1.0)
    assert ari([5, 5, 7, 9], ["a", "a", "b", "c"]) == pytest.approx(1.0)


def test_all_singletons_have_full_precision() -> None:
    precision, recall, f1 = bcubed([0, 1, 2, 3], ["a", "a", "b", "b"])

    assert precision == 1.0
    assert recall == pytest.approx(0.5)
    assert f1 == pytest.approx(2 / 3)


def test_one_big_group_has_full_recall() -> None:
    precision, recall, _f1 = bcubed([0, 0, 0, 0], ["a", "a", "b", "b"])

    assert precision == pytest.approx(0.5)
    assert recall == 1.0


def test_mixed_case_by_hand() -> None:
    # gold {1,2,3} {4,5}; predicted {1,2} {3,4,5}
    # precision per item: 1, 1, 1/3, 2/3, 2/3 -> 11/15; recall: 2/3, 2/3, 1/3, 1, 1 -> 11/15
    precision, recall, f1 = bcubed([0, 0, 1, 1, 1], ["x", "x", "x", "y", "y"])

    assert precision == pytest.approx(11 / 15)
    assert recall == pytest.approx(11 / 15)
    assert f1 == pytest.approx(11 / 15)


def test_labels_are_only_names() -> None:
    assert bcubed(["p-1", "p-1", "p-2"], [3, 3, 4]) == bcubed([9, 9, 0], ["u", "u", "v"])


def test_scores_report_and_length_check() -> None:
    report = scores([0, 0, 1], ["a", "a", "b"])
    assert report == {"bcubed_precision": 1.0, "bcubed_recall": 1.0, "bcubed_f1": 1.0, "ari": 1.0}
    with pytest.raises(ValueError, match="same length"):
        bcubed([0], ["a", "b"])
    assert bcubed([], []) == (0.0, 0.0, 0.0)
