"""Five clicks on "Opslaan" at the same moment: one knelpunt, and every click ends on it.

This needs real concurrent transactions, so it runs against a database of its own on
PostgreSQL (the other tests share one rolled-back connection).
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterator

import pytest
from flask import Flask
from sqlalchemy import func, select

from learning import create_app
from learning.blockages import services
from learning.blockages.models import Blockage
from learning.extensions import db
from tests.backing_services import create_database, drop_database, postgres_available, require
from tests.factories import UserFactory

CLICKS = 5


@pytest.fixture
def race_app(app: Flask, tmp_path) -> Iterator[Flask]:
    require("PostgreSQL", postgres_available())
    name = f"leernetwerk_race_{uuid.uuid4().hex[:8]}"
    url = create_database(name)
    other = create_app(
        "test",
        {
            "SQLALCHEMY_DATABASE_URI": url,
            "SERVER_NAME": "leernetwerk.test",
            "VECTOR_INDEX_PATH": str(tmp_path / "vectors.idx"),
        },
    )
    with other.app_context():
        db.create_all()
    try:
        yield other
    finally:
        app.extensions["celery"].set_default()  # building an app made its Celery the default
        with other.app_context():
            db.session.remove()
            db.engine.dispose()
        drop_database(name)


def _sign_in(client, user_id: str) -> None:
    with client.session_transaction() as session:
        session["_user_id"] = user_id
        session["_fresh"] = True


def _form(key: str) -> dict:
    return {
        "title": "Wachttijd Wmo-indicatie",
        "description": "De Wmo-indicatie duurt langer dan acht weken, de schulden lopen op.",
        "domains": "wmo",
        "handling": "niet_opgelost",
        "submission_key": key,
    }


def _submit_together(app: Flask, user_ids: list[str], key: str, monkeypatch) -> list:
    """Every request has looked for the key and found nothing before any of them inserts."""
    all_checked = threading.Barrier(len(user_ids), timeout=30)
    guard = services._guard_privacy

    def guard_then_wait(data):
        guard(data)
        all_checked.wait()

    monkeypatch.setattr(services, "_guard_privacy", guard_then_wait)
    # Grouping after the commit is not what this test is about (and loads the model).
    monkeypatch.setattr(services, "_after_text_change", lambda _blockage_id: None)
    responses: list = []
    errors: list[BaseException] = []

    def click(user_id: str) -> None:
        client = app.test_client()
        _sign_in(client, user_id)
        try:
            responses.append(client.post("/knelpunten/nieuw", data=_form(key)))
        except BaseException as error:  # TESTING: what would have been a 500
            errors.append(error)

    threads = [threading.Thread(target=click, args=(user_id,)) for user_id in user_ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == []
    return responses


def _stored(app: Flask, key: str) -> list[Blockage]:
    with app.app_context():
        return list(db.session.scalars(select(Blockage).where(Blockage.submission_key == key)))


@pytest.mark.postgres
def test_five_simultaneous_submits_make_one_knelpunt_and_all_land_on_it(race_app, monkeypatch):
    with race_app.app_context():
        user = UserFactory()
        db.session.commit()
        user_id = user.get_id()
    key = uuid.uuid4().hex

    responses = _submit_together(race_app, [user_id] * CLICKS, key, monkeypatch)

    assert [r.status_code for r in responses] == [302] * CLICKS
    stored = _stored(race_app, key)
    assert len(stored) == 1
    assert {r.headers["Location"] for r in responses} == {f"/knelpunten/{stored[0].id}"}


@pytest.mark.postgres
def test_someone_elses_key_saves_the_knelpunt_without_telling_whose_it_was(race_app, monkeypatch):
    """A key is not a secret one may probe: a second reporter's knelpunt is simply saved."""
    with race_app.app_context():
        first, second = UserFactory(), UserFactory()
        db.session.commit()
        ids = [first.get_id(), second.get_id()]
    key = uuid.uuid4().hex

    responses = _submit_together(race_app, ids, key, monkeypatch)

    assert [r.status_code for r in responses] == [302, 302]
    with race_app.app_context():
        count = db.session.scalar(select(func.count(Blockage.id)))
    assert count == 2
