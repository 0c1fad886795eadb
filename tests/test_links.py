"""Links in mail and .ics files point where the app is really served, unless BASE_URL says."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask

from learning import create_app
from learning.links import DEFAULT_BASE_URL, base_url, external_url


@pytest.fixture
def unset_app(app: Flask, tmp_path: Path):
    """An app without BASE_URL that records where it is served, in its own file."""
    other = create_app(
        "test",
        {
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'links.db'}",
            "BASE_URL": "",
            "RECORD_SERVED_URL": True,
            "SERVED_URL_FILE": str(tmp_path / "served-url"),
        },
    )
    yield other
    app.extensions["celery"].set_default()


def test_a_set_base_url_wins_also_inside_a_request(app):
    with app.test_request_context("/", base_url="http://127.0.0.1:8123"):
        assert base_url() == "http://leernetwerk.test"
        assert external_url("notifications.list_notifications").startswith(
            "http://leernetwerk.test/"
        )


def test_unset_inside_a_request_the_served_host_and_port_are_used(unset_app):
    with unset_app.test_request_context("/", base_url="http://127.0.0.1:8123"):
        assert base_url() == "http://127.0.0.1:8123"
        assert external_url("notifications.list_notifications").startswith("http://127.0.0.1:8123/")


def test_a_worker_uses_the_address_the_web_process_recorded(unset_app, tmp_path):
    with unset_app.app_context():
        assert base_url() == DEFAULT_BASE_URL  # nothing served yet
    unset_app.test_client().get("/healthz", base_url="http://127.0.0.1:8765")
    assert (tmp_path / "served-url").read_text().strip() == "http://127.0.0.1:8765"
    with unset_app.app_context():  # no request: as in a Celery worker
        assert external_url("notifications.list_notifications").startswith("http://127.0.0.1:8765/")


def test_the_recorded_address_is_ignored_once_base_url_is_set(app, tmp_path):
    (tmp_path / "served-url").write_text("http://127.0.0.1:8765\n")
    app.config["SERVED_URL_FILE"] = str(tmp_path / "served-url")
    try:
        with app.app_context():
            assert base_url() == "http://leernetwerk.test"
    finally:
        app.config.pop("SERVED_URL_FILE")
