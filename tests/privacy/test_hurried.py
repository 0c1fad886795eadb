"""The targets of issue 10 §3 on sentences written by hand by people who never saw the code.

A sentence with personal data counts as found when every span in it is covered by a
finding; a clean sentence counts as flagged when anything in it is. The held-out files are
only measured: their errors are never read to change a rule.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

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


Figures = dict[str, float | int]

# Each file by name. The held-out ones are by writers who never saw the code; heldout5 (230 +
# 230, a fifth writer) measured 0.939 before the fourth round was written, 0.943 after.
FILES = {
    "tune": HURRIED_TUNE,
    "tune2": HURRIED_TUNE2,
    "tune3": HURRIED_TUNE3,
    "heldout": HURRIED_HELDOUT,
    "heldout3": HURRIED_HELDOUT3,
    "heldout4": HURRIED_HELDOUT4,
    "heldout5": HURRIED_HELDOUT5,
}
HELDOUT = ("heldout", "heldout3", "heldout4", "heldout5")


@pytest.fixture(scope="module")
def measured() -> Callable[[str], Figures]:
    """The guard's figures on a file by name, each file scanned once per module."""

    @functools.cache
    def figures(name: str) -> Figures:
        return evaluate_hurried(load_hurried(FILES[name]), scan)

    return figures


def test_every_file_holds_sentences_with_and_without_personal_data(
    measured: Callable[[str], Figures],
) -> None:
    for name in FILES:
        assert measured(name)["pii_total"] >= 200
        assert measured(name)["clean_total"] >= 200


def test_names_typed_in_a_hurry_are_found_in_the_tune_sentences(
    measured: Callable[[str], Figures],
) -> None:
    figures = measured("tune")
    assert figures["recall"] >= RECALL_TARGET, figures


def test_names_typed_in_a_hurry_are_found_in_the_second_tune_sentences(
    measured: Callable[[str], Figures],
) -> None:
    figures = measured("tune2")
    assert figures["recall"] >= RECALL_TARGET, figures


def test_names_typed_in_a_hurry_are_found_in_the_third_tune_sentences(
    measured: Callable[[str], Figures],
) -> None:
    """Measured at 0.920 (230 of 250) on the guard before this file was read."""
    figures = measured("tune3")
    assert figures["recall"] >= RECALL_TARGET, figures


def test_names_typed_in_a_hurry_are_found_in_the_second_heldout_sentences(
    measured: Callable[[str], Figures],
) -> None:
    """Measured at 0.959 (211 of 220) when added, 0.968 (213) after the third tune file."""
    figures = measured("heldout3")
    assert figures["recall"] >= RECALL_TARGET, figures


@pytest.mark.xfail(
    strict=True,
    reason=(
        "the four held-out files together: 0.943 (828 of 878 sentences with personal data: "
        "0.935, 0.968, 0.925, 0.943); the 0.95 target is not met yet"
    ),
)
def test_names_typed_in_a_hurry_are_found_in_all_heldout_files_together(
    measured: Callable[[str], Figures],
) -> None:
    """Four writers, none of whose sentences was read while writing the rules."""
    found = sum(measured(name)["pii_found"] for name in HELDOUT)
    total = sum(measured(name)["pii_total"] for name in HELDOUT)
    assert found / total >= RECALL_TARGET, (found, total)


@pytest.mark.parametrize("which", sorted(HELDOUT_RECALL_FLOORS))
def test_heldout_recall_does_not_fall_below_what_was_measured(
    which: str, measured: Callable[[str], Figures]
) -> None:
    figures = measured(which)
    assert figures["recall"] >= HELDOUT_RECALL_FLOORS[which], figures


@pytest.mark.parametrize("which", list(FILES))
def test_clean_sentences_are_rarely_flagged(which: str, measured: Callable[[str], Figures]) -> None:
    figures = measured(which)
    assert figures["clean_flag_rate"] <= CLEAN_FLAG_LIMIT, figures
