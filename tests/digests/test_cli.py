"""`flask digests send|preview` against a real SMTP server."""

from __future__ import annotations

import pytest

from learning.extensions import db


@pytest.fixture
def flask_digests(app):
    runner = app.test_cli_runner()

    def invoke(*args: str):
        return runner.invoke(args=["digests", *args])

    return invoke


def test_dry_run_lists_the_due_digests_and_sends_nothing(
    flask_digests, news, executive, manager, smtp_server
):
    db.session.commit()

    result = flask_digests("send", "--dry-run")

    assert result.exit_code == 0, result.output
    assert "wethouder@oss.test\t2025-W11" in result.output
    assert "manager@oss.test\t2025-W11" in result.output
    assert "2 digests klaar om te versturen" in result.output
    assert smtp_server == []


def test_send_delivers_one_digest_per_subscriber_and_a_rerun_sends_nothing(
    flask_digests, news, executive, manager, smtp_server
):
    db.session.commit()

    first = flask_digests("send")
    second = flask_digests("send")

    assert first.exit_code == 0, first.output
    assert "Verstuurd: 2" in first.output
    assert sorted(m["To"] for m in smtp_server) == ["manager@oss.test", "wethouder@oss.test"]
    assert "Geen digests te versturen" in second.output
    assert len(smtp_server) == 2


def test_send_for_an_earlier_week(flask_digests, news, executive, smtp_server):
    db.session.commit()

    result = flask_digests("send", "--period", "2025-W09")

    assert result.exit_code == 0, result.output
    assert smtp_server[0]["Subject"] == "Leernetwerk-digest week 9: niets nieuws"


def test_a_malformed_period_is_refused(flask_digests, clock, db):
    result = flask_digests("send", "--period", "maart")
    assert result.exit_code == 2
    assert "JJJJ-Www" in result.output


def test_with_smtp_down_the_digest_waits_in_the_outbox(app, flask_digests, news, executive):
    from tests.smtp import free_port

    state = app.extensions["mailman"]
    saved = (state.backend, state.server, state.port)
    state.backend, state.server, state.port = "smtp", "127.0.0.1", free_port()
    try:
        db.session.commit()
        result = flask_digests("send")
    finally:
        state.backend, state.server, state.port = saved

    assert "Verstuurd: 0" in result.output
    assert "in de wachtrij voor een nieuwe poging: 1" in result.output


def test_preview_prints_the_digest_of_one_user(flask_digests, news, executive):
    db.session.commit()

    result = flask_digests("preview", "Wethouder@oss.test")
    html = flask_digests("preview", "wethouder@oss.test", "--html")

    assert result.exit_code == 0, result.output
    assert "Onderwerp: Leernetwerk-digest week 11" in result.output
    assert "Wmo-indicatie verloopt tijdens verhuizing" in result.output
    assert '<html lang="nl">' in html.output
    assert flask_digests("preview", "niemand@oss.test").exit_code == 2
