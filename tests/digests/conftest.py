"""Digest fixtures: a transaction that really isolates, a frozen Monday, users in each role."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import time_machine
from flask import Flask
from flask_sqlalchemy.session import Session as FlaskSession

from learning.extensions import db as _db
from tests.conftest import _reset_vector_index
from tests.digests.builders import MONDAY, event, in_window, pattern, reports
from tests.factories import LearningTableFactory, OrganisationFactory, UserFactory


@pytest.fixture
def db(app: Flask) -> Iterator:
    """tests/conftest.py's `db`, with the session really joined to the rolled-back transaction.

    Flask-SQLAlchemy's Session.get_bind returns the engine for mapped classes and ignores the
    session's `bind`, so there a commit reaches the database and outlives the test. Digest
    tests commit a lot (every task does), so they pin every session to the test connection.
    Each test also gets its own app context: requests reuse the active one, and Flask-Login
    keeps the loaded user in its `g`, which would otherwise carry over between tests.
    """
    connection = _db.engine.connect()
    transaction = connection.begin()
    _db.session.remove()
    original = _db.session.session_factory.kw.copy()
    _db.session.session_factory.configure(bind=connection, join_transaction_mode="create_savepoint")
    pin = pytest.MonkeyPatch()
    pin.setattr(FlaskSession, "get_bind", lambda self, *args, **kwargs: connection)
    _reset_vector_index(app)
    try:
        with app.app_context():  # a fresh `g`: Flask-Login caches the user there
            yield _db
    finally:
        pin.undo()
        _db.session.remove()
        _db.session.session_factory.kw.clear()
        _db.session.session_factory.kw.update(original)
        transaction.rollback()
        connection.close()


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
