"""Digest fixtures: a fresh app context per test, a frozen Monday, users in each role."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import time_machine
from flask import Flask

from tests.digests.builders import MONDAY, event, in_window, pattern, reports
from tests.factories import LearningTableFactory, OrganisationFactory, UserFactory


@pytest.fixture
def db(db, app: Flask) -> Iterator:
    """tests/conftest.py's `db`, in a fresh app context per test.

    Requests reuse the active app context, and Flask-Login keeps the loaded user in its `g`:
    without this, the user of one test's request would still be logged in in the next.
    """
    with app.app_context():
        yield db


@pytest.fixture
def clock() -> Iterator[time_machine.Coordinates]:
    with time_machine.travel(MONDAY, tick=False) as traveller:
        yield traveller


@pytest.fixture
def organisation(db):
    return OrganisationFactory(name="Wijkteam Ruwaard")


@pytest.fixture
def executive(db):
    return UserFactory(roles=["executive"], name="Wethouder Jansen", email="wethouder@oss.test")


@pytest.fixture
def manager(db, organisation):
    return UserFactory(
        roles=["manager"],
        name="Manager Ruwaard",
        email="manager@oss.test",
        organisations=[organisation],
    )


@pytest.fixture
def table(db):
    chair = UserFactory(roles=["chair"], name="Voorzitter Wmo", email="voorzitter@oss.test")
    return LearningTableFactory(name="Werktafel Wmo", chair=chair, domains=["wmo"])


@pytest.fixture
def news(clock, db):
    """One new, growing pattern: something to write about."""
    made = pattern("Wmo-indicatie verloopt tijdens verhuizing")
    reports(made, 6)
    event(made, "state:nieuw", in_window())
    return made
