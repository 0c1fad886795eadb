"""Issue 15 end to end: the legacy knelpuntenlijst goes in through the web in Chromium.

A programme admin uploads the list (merged title, headers on row 3, a hidden sheet, an #N/B,
resident data, duplicates, empty rows), checks the guessed mapping, runs the dry run, then the
import, which a real Celery worker runs while the page shows its progress bar. Afterwards the
export holds every unique row exactly once and no resident data.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import redis
from celery.contrib.testing.worker import start_worker
from flask import Flask
from playwright.sync_api import expect
from sqlalchemy import select
from werkzeug.serving import make_server

from learning import create_app
from learning.accounts.models import Role
from learning.accounts.services import create_organisation, create_user
from learning.blockages.models import Blockage
from learning.config import TestConfig
from learning.exchange.values import normalise
from learning.extensions import db
from learning.unit_of_work import commit
from learning.warmup import warm_up_models
from tests.backing_services import (
    REDIS_URL,
    drop_database,
    fresh_database,
    redis_available,
    require,
)
from tests.e2e.conftest import log_in
from tests.exchange.legacy_list import build
from tests.smtp import free_port

pytestmark = [pytest.mark.e2e, pytest.mark.redis]

ADMIN = "programma.import@example.org"
PASSWORD = "e2e-wachtwoord-15"
ORGANISATION = "Sociaal Wijkteam Maasdal"


@dataclass
class ImportServer:
    app: Flask
    url: str

    def __call__(self, path: str) -> str:
        return self.url + path


@pytest.fixture(scope="module")
def import_server(app, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ImportServer]:
    """The app over HTTP with tasks on Redis and a real worker thread, on a database of its own."""
    require("Redis", redis_available())
    url, name = fresh_database("leernetwerk_import", tmp_path_factory.mktemp("import"))
    redis.Redis.from_url(REDIS_URL).flushdb()  # the test broker database only
    port = free_port()
    live = create_app(
        "test",
        {
            "TESTING": False,
            "WTF_CSRF_ENABLED": True,
            "SECRET_KEY": "import-e2e-secret",
            "SQLALCHEMY_DATABASE_URI": url,
            "CELERY": {**TestConfig.CELERY, "task_always_eager": False, "broker_url": REDIS_URL},
            "IMPORT_DIR": str(tmp_path_factory.mktemp("import-files")),
            "IMPORT_BATCH_SIZE": 20,
            "LOGIN_RATE_LIMIT": "1000 per minute",
            "VECTOR_INDEX_PATH": str(tmp_path_factory.mktemp("import-index") / "vectors.idx"),
            "BASE_URL": f"http://127.0.0.1:{port}",
        },
    )
    warm_up_models()  # the privacy guard reads the upload's name at once
    with live.app_context():
        db.create_all()
        organisation = create_organisation(None, ORGANISATION, "wijkteam")
        create_user(ADMIN, "Programmateam", {Role.PROGRAMME_ADMIN}, [organisation], PASSWORD)
        commit()
    server = make_server("127.0.0.1", port, live, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    celery_app = live.extensions["celery"]
    celery_app.conf.worker_hijack_root_logger = False  # keep pytest's logging for later tests
    try:
        with start_worker(celery_app, perform_ping_check=False, shutdown_timeout=60):
            yield ImportServer(live, f"http://127.0.0.1:{port}")
    finally:
        server.shutdown()
        eager = app.extensions["celery"]  # back to the other tests' eager Celery app
        eager.set_default()
        eager.set_current()
        redis.Redis.from_url(REDIS_URL).flushdb()
        with live.app_context():
            db.session.remove()
            db.engine.dispose()
        if name is not None:
            drop_database(name)


@pytest.fixture
def import_page(browser, import_server):
    context = browser.new_context(locale="nl-NL", viewport={"width": 1400, "height": 900})
    context.set_default_timeout(60_000)
    page = context.new_page()
    yield page
    context.close()


def test_legacy_list_through_the_web_with_dry_run_and_progress_bar(
    import_page, import_server, tmp_path: Path
):
    page, live = import_page, import_server
    path = tmp_path / "Knelpuntenlijst Ruwaard 2025.xlsx"
    expected = build(path)
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    log_in(page, live, ADMIN, PASSWORD)

    page.goto(live("/importeren"))
    page.set_input_files("input[name=file]", str(path))
    page.select_option("select[name=organisation]", label=ORGANISATION)
    page.get_by_role("button", name="Uploaden").click()

    # The mapping step: the real sheet (not the hidden pick lists), the header on row 3.
    expect(page.locator("select[name=sheet]")).to_have_value("Knelpunten")
    expect(page.locator("input[name=header_row]")).to_have_value("3")
    expect(page.locator("table.preview")).to_contain_text("Omschrijving van het knelpunt")
    expect(page.locator("#kolom-3")).to_have_value("description")
    expect(page.locator("#kolom-1")).to_have_value("date")
    page.get_by_role("button", name="Proefimport").click()

    expect(page.get_by_text("Proefimport: zo gaat het als u importeert")).to_be_visible(
        timeout=240_000
    )
    expect(page.locator("#count-rows")).to_have_text(str(expected.rows))
    expect(page.locator("#count-imported")).to_have_text(str(len(expected.unique_texts)))
    expect(page.locator("#count-duplicates")).to_have_text(str(expected.duplicates))
    expect(page.locator("#count-empty")).to_have_text(str(expected.empty))
    expect(page.locator("table.import-report")).to_contain_text("Dubbel: dezelfde tekst als rij")
    with live.app.app_context():
        assert db.session.scalar(select(Blockage.id)) is None  # the dry run wrote nothing

    page.get_by_role("button", name="Nu importeren").click()
    bar = page.locator("progress#import-bar")
    expect(bar).to_be_visible()
    expect(page.get_by_text("U kunt deze pagina verlaten")).to_be_visible()
    expect(page.get_by_role("heading", name="Import klaar")).to_be_visible(timeout=300_000)
    expect(page.locator("#count-imported")).to_have_text(str(len(expected.unique_texts)))

    export = page.request.get(live("/export/knelpunten.jsonl"))
    assert export.ok
    records = [json.loads(line) for line in export.text().splitlines() if line.strip()]
    texts = [normalise(record["text"]) for record in records]
    for unique in expected.unique_texts:
        assert sum(normalise(unique) in text for text in texts) == 1, unique
    assert len(records) == len(expected.unique_texts)
    for resident in expected.resident_data:
        assert resident not in export.text(), resident
    assert not [e for e in errors if "Content Security Policy" in e]
