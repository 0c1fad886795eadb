"""The targets of issue 10 §3 on sentences written by hand by people who never saw the code.

A sentence with personal data counts as found when every span in it is covered by a
finding; a clean sentence counts as flagged when anything in it is. The held-out files are
only measured: their errors are never read to change a rule.
"""

from __future__ import annotations

import pytest

from learning.privacy import scan
from tests.privacy.corpus import (
    HURRIED_HELDOUT,
    HURRIED_HELDOUT3,
    HURRIED_HELDOUT4,
    HURRIED_HELDOUT5,
    HURRIED_TUNE,
    HURRIED_TUNE2,
    HURRIED_TUNE3,
    evaluate_hurried,
    load_hurried,
)

RECALL_TARGET = 0.95
CLEAN_FLAG_LIMIT = 0.05
# What each held-out file measured after the third tune round, while the pooled target was
# not yet met: a drop below it is a regression even while the target test is an expected
# failure. (heldout: 0.925 first, then 0.935; heldout3: 0.959, then 0.968; heldout4: 0.912
# before the round, 0.921 after, 0.925 with first names in the genitive; heldout5: 0.939
# before the fourth round, 0.943 after.)
HELDOUT_RECALL_FLOORS = {
    "heldout": 0.935,
    "heldout3": 0.968,
    "heldout4": 0.925,
    "heldout5": 0.943,
}


@pytest.fixture(scope="module")
def tune() -> dict[str, float | int]:
    return evaluate_hurried(load_hurried(HURRIED_TUNE), scan)


@pytest.fixture(scope="module")
def tune2() -> dict[str, float | int]:
    return evaluate_hurried(load_hurried(HURRIED_TUNE2), scan)


@pytest.fixture(scope="module")
def tune3() -> dict[str, float | int]:
    return evaluate_hurried(load_hurried(HURRIED_TUNE3), scan)


@pytest.fixture(scope="module")
def heldout() -> dict[str, float | int]:
    return evaluate_hurried(load_hurried(HURRIED_HELDOUT), scan)


@pytest.fixture(scope="module")
def heldout3() -> dict[str, float | int]:
    return evaluate_hurried(load_hurried(HURRIED_HELDOUT3), scan)


@pytest.fixture(scope="module")
def heldout4() -> dict[str, float | int]:
    return evaluate_hurried(load_hurried(HURRIED_HELDOUT4), scan)


@pytest.fixture(scope="module")
def heldout5() -> dict[str, float | int]:
    """A fifth writer (230 + 230): 0.939 before the fourth round was written, 0.943 after."""
    return evaluate_hurried(load_hurried(HURRIED_HELDOUT5), scan)


def test_every_file_holds_sentences_with_and_without_personal_data(
    tune: dict[str, float | int],
    tune2: dict[str, float | int],
    tune3: dict[str, float | int],
    heldout: dict[str, float | int],
    heldout3: dict[str, float | int],
    heldout4: dict[str, float | int],
    heldout5: dict[str, float | int],
) -> None:
    for figures in (tune, tune2, tune3, heldout, heldout3, heldout4, heldout5):
        assert figures["pii_total"] >= 200
        assert figures["clean_total"] >= 200


def test_names_typed_in_a_hurry_are_found_in_the_tune_sentences(
    tune: dict[str, float | int],
) -> None:
    assert tune["recall"] >= RECALL_TARGET, tune


def test_names_typed_in_a_hurry_are_found_in_the_second_tune_sentences(
    tune2: dict[str, float | int],
) -> None:
    assert tune2["recall"] >= RECALL_TARGET, tune2


def test_names_typed_in_a_hurry_are_found_in_the_third_tune_sentences(
    tune3: dict[str, float | int],
) -> None:
    """Measured at 0.920 (230 of 250) on the guard before this file was read."""
    assert tune3["recall"] >= RECALL_TARGET, tune3


def test_names_typed_in_a_hurry_are_found_in_the_second_heldout_sentences(
    heldout3: dict[str, float | int],
) -> None:
    """Measured at 0.959 (211 of 220) when added, 0.968 (213) after the third tune file."""
    assert heldout3["recall"] >= RECALL_TARGET, heldout3


@pytest.mark.xfail(
    strict=True,
    reason=(
        "the four held-out files together: 0.943 (828 of 878 sentences with personal data: "
        "0.935, 0.968, 0.925, 0.943); the 0.95 target is not met yet"
    ),
)
def test_names_typed_in_a_hurry_are_found_in_all_heldout_files_together(
    heldout: dict[str, float | int],
    heldout3: dict[str, float | int],
    heldout4: dict[str, float | int],
    heldout5: dict[str, float | int],
) -> None:
    """Four writers, none of whose sentences was read while writing the rules."""
    files = (heldout, heldout3, heldout4, heldout5)
    found = sum(figures["pii_found"] for figures in files)
    total = sum(figures["pii_total"] for figures in files)
    assert found / total >= RECALL_TARGET, (found, total)


@pytest.mark.parametrize("which", sorted(HELDOUT_RECALL_FLOORS))
def test_heldout_recall_does_not_fall_below_what_was_measured(
    which: str, request: pytest.FixtureRequest
) -> None:
    figures = request.getfixturevalue(which)
    assert figures["recall"] >= HELDOUT_RECALL_FLOORS[which], figures


@pytest.mark.parametrize(
    "which", ["tune", "tune2", "tune3", "heldout", "heldout3", "heldout4", "heldout5"]
)
def test_clean_sentences_are_rarely_flagged(which: str, request: pytest.FixtureRequest) -> None:
    figures = request.getfixturevalue(which)
    assert figures["clean_flag_rate"] <= CLEAN_FLAG_LIMIT, figures
