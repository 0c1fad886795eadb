"""End-to-end fixtures: the real app served on localhost, driven by Debian's headless Chromium."""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from flask import Flask
from werkzeug.serving import make_server

from learning import create_app
from learning.extensions import db
from learning.patterns.vectors import rebuild_index
from learning.warmup import warm_up_models
from tests.backing_services import (
    drop_database,
    fresh_database,
    require,
)
from tests.smtp import free_port, running_smtp_server

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@dataclass
class LiveServer:
    app: Flask
    url: str
    mail: list  # messages received by the real SMTP server behind the app

    def __call__(self, path: str) -> str:
        return self.url + path


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """A fresh database, a real SMTP server, and the app in a background thread."""
    url, name = fresh_database("leernetwerk_e2e", tmp_path_factory.mktemp("e2e"))
    port = free_port()
    with running_smtp_server() as (smtp_port, messages):
        app = create_app(
            "test",
            {
                "TESTING": False,
                "WTF_CSRF_ENABLED": True,
                "SECRET_KEY": "e2e-secret",
                "SQLALCHEMY_DATABASE_URI": url,
                "MAIL_BACKEND": "smtp",
                "MAIL_SERVER": "127.0.0.1",
                "MAIL_PORT": smtp_port,
                "LOGIN_RATE_LIMIT": "1000 per minute",
                "VECTOR_INDEX_PATH": str(tmp_path_factory.mktemp("e2e-index") / "vectors.idx"),
                "BASE_URL": f"http://127.0.0.1:{port}",
            },
        )
        with app.app_context():
            db.create_all()
        warm_up_models()  # so the first keystroke in a test does not wait for model loading
        server = make_server("127.0.0.1", port, app, threaded=True)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            yield LiveServer(app=app, url=f"http://127.0.0.1:{port}", mail=messages)
        finally:
            server.shutdown()
            with app.app_context():
                db.session.remove()
                db.engine.dispose()
            if name is not None:
                drop_database(name)


@pytest.fixture(scope="module", autouse=True)
def fresh_network(request: pytest.FixtureRequest) -> None:
    """Each module starts on an empty network. The live server's database lives for the whole
    run, and the engine would otherwise group a module's knelpunten with the patterns an
    earlier module escalated, so a test's new candidate turned up 'geescaleerd'."""
    in_module = [item for item in request.session.items if item.module is request.module]
    if not any("live_server" in item.fixturenames for item in in_module):
        return
    live: LiveServer = request.getfixturevalue("live_server")
    with live.app.app_context():
        tables = db.metadata.sorted_tables
        if db.engine.dialect.name == "postgresql":
            names = ", ".join(f'"{table.name}"' for table in tables)
            db.session.execute(db.text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        else:
            for table in reversed(tables):
                db.session.execute(table.delete())
        db.session.commit()
        rebuild_index()
    live.mail.clear()


@pytest.fixture(scope="session")
def browser():
    require(
        f"Debian chromium ({CHROMIUM}; make test installs it)",
        bool(shutil.which(CHROMIUM) or os.path.exists(CHROMIUM)),
    )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield instance
        instance.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(locale="nl-NL", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


def make_user(live: LiveServer, email: str, roles: list[str], organisation: str, password: str):
    """Create a user (and organisation) directly in the live database; returns the user id."""
    from sqlalchemy import select

    from learning.accounts.models import Organisation, Role
    from learning.accounts.services import create_organisation, create_user
    from learning.unit_of_work import commit

    with live.app.app_context():
        org = db.session.scalar(select(Organisation).where(Organisation.name == organisation))
        if org is None:
            org = create_organisation(None, organisation, "wijkteam")
        user = create_user(email, email.split("@")[0], {Role(r) for r in roles}, [org], password)
        commit()
        return user.id


def log_in(page, live: LiveServer, email: str, password: str) -> None:
    page.goto(live("/inloggen"))
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_url(lambda url: "/inloggen" not in url)


def log_out(page) -> None:
    page.click("form.logout button")
    page.wait_for_url(lambda url: "/inloggen" in url)
