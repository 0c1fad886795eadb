"""Fixtures: app, db (fresh schema per run, a rolled-back transaction per test), clients."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask, g
from flask.testing import FlaskClient

from learning import create_app
from learning.extensions import db as _db
from tests import factories
from tests.backing_services import drop_database, fresh_database


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """PostgreSQL when reachable (always in CI), SQLite otherwise."""
    url, name = fresh_database("leernetwerk_test", tmp_path_factory.mktemp("db"))
    yield url
    if name is not None:
        drop_database(name)


@pytest.fixture(scope="session")
def app(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    index_dir = tmp_path_factory.mktemp("index")
    app = create_app(
        "test",
        {
            "SQLALCHEMY_DATABASE_URI": database_url,
            "SERVER_NAME": "leernetwerk.test",
            "BASE_URL": "http://leernetwerk.test",
            "VECTOR_INDEX_PATH": str(index_dir / "vectors.idx"),
        },
    )

    def _forget_cached_user() -> None:
        # Requests reuse the session-wide app context here, so Flask-Login's per-context
        # cache of the current user would leak from one request (and test) to the next.
        # First of all hooks: CSRF protection already asks who is logged in.
        g.pop("_login_user", None)
        g.pop("csrf_token", None)  # Flask-WTF's token of the request, made from its session

    app.before_request_funcs.setdefault(None, []).insert(0, _forget_cached_user)

    with app.app_context():
        _db.create_all()
        yield app
        _db.session.remove()
        _db.engine.dispose()


@pytest.fixture
def db(app: Flask) -> Iterator:
    """Each test runs in one transaction that is rolled back; commits become savepoints.

    Flask-SQLAlchemy 3 sessions ask `db.engines` for their bind (they ignore `Session.bind`),
    so the test connection is put in place of the engine for the duration of the test.
    """
    engines = _db.engines
    engine = engines[None]
    connection = engine.connect()
    transaction = connection.begin()
    engines[None] = connection
    _db.session.remove()
    _db.session.session_factory.configure(join_transaction_mode="create_savepoint")
    _reset_vector_index(app)
    _reset_rate_limits()
    try:
        yield _db
    finally:
        _db.session.remove()
        engines[None] = engine
        transaction.rollback()
        connection.close()


def _reset_rate_limits() -> None:
    from learning.extensions import limiter

    limiter.reset()


def _reset_vector_index(app: Flask) -> None:
    """Ids are reused after a rollback, so every test starts with an empty index."""
    from learning.patterns import vectors

    vectors._indexes.clear()
    path = Path(app.config["VECTOR_INDEX_PATH"])
    for leftover in path.parent.glob(path.name + "*"):
        leftover.unlink()


@pytest.fixture
def client(app: Flask, db) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def htmx_client(app: Flask, db) -> FlaskClient:
    test_client = app.test_client()
    test_client.environ_base["HTTP_HX_REQUEST"] = "true"
    return test_client


@pytest.fixture
def login_as(client: FlaskClient, db):
    """Log the test client in as a new user with `role`; returns that user."""

    def login(role: str = "professional", **kwargs):
        user = factories.UserFactory(roles=[role], **kwargs)
        _db.session.commit()
        with client.session_transaction() as session:
            session["_user_id"] = user.get_id()
            session["_fresh"] = True
        return user

    return login


@pytest.fixture
def mailbox(app: Flask) -> list:
    """Messages delivered through the locmem backend during the test."""
    app.extensions["mailman"].outbox = []
    return app.extensions["mailman"].outbox


@pytest.fixture
def smtp_server(app: Flask) -> Iterator[list]:
    """A real SMTP server (aiosmtpd) on a free port; yields the parsed messages it received."""
    from tests.smtp import running_smtp_server

    state = app.extensions["mailman"]  # Flask-Mailman reads its settings once, at init_app
    with running_smtp_server() as (port, messages):
        overrides = {"backend": "smtp", "server": "127.0.0.1", "port": port}
        saved = {key: getattr(state, key) for key in overrides}
        for key, value in overrides.items():
            setattr(state, key, value)
        try:
            yield messages
        finally:
            for key, value in saved.items():
                setattr(state, key, value)
