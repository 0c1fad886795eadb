"""The "done when" check on a smaller version of the benchmark corpus."""

from __future__ import annotations

import pytest

from learning.privacy import scan
from tests.privacy.corpus import (
    STRUCTURED_KINDS,
    clean_samples,
    context_samples,
    evaluate,
    load_dev_texts,
    structured_samples,
)


@pytest.fixture(scope="module")
def figures() -> dict[str, object]:
    return evaluate(
        structured_samples(150, seed=7),
        load_dev_texts() + clean_samples(150, seed=8),
        scan,
        context_samples(40, seed=9),
    )


def test_generated_samples_record_the_exact_inserted_values() -> None:
    for sample in structured_samples(5, seed=1):
        ((kind, start, end),) = sample.expected
        assert kind in STRUCTURED_KINDS
        assert sample.text[start:end].strip() == sample.text[start:end] != ""


def test_every_bsn_iban_phone_and_email_is_found(figures: dict[str, object]) -> None:
    assert figures["structured_total"] == 600
    assert figures["recall"] == 1.0, figures["recall_by_kind"]


def test_at_most_one_in_twenty_clean_texts_is_flagged(figures: dict[str, object]) -> None:
    assert figures["clean_total"] >= 150
    assert figures["clean_flag_rate"] <= 0.05


def test_names_addresses_and_birth_dates_are_mostly_found(figures: dict[str, object]) -> None:
    # No hard target for the dictionary-based kinds; this guards against regressions.
    by_kind = figures["context_recall_by_kind"]
    assert isinstance(by_kind, dict)
    assert min(by_kind.values()) >= 0.85, by_kind
