"""Fixtures for the privacy guard tests: deduce is loaded once for the whole session."""

from __future__ import annotations

import pytest

from learning.privacy import warm_up


@pytest.fixture(scope="session", autouse=True)
def _deduce_loaded() -> None:
    """Load deduce (~10 s) once, before the first test, instead of inside a timed test."""
    warm_up()
