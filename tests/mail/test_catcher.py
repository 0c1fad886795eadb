"""Mail you can see on a first run: development without a mail server catches every message
and shows it to the programme team; production never does."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from flask import Flask, g

from learning import create_app
from learning.accounts.models import Role
from learning.config import MAIL_CATCHER_BACKEND, ConfigurationError
from learning.extensions import db as _db
from learning.mail import services
from learning.unit_of_work import commit
from tests.factories import UserFactory

ROOT = Path(__file__).resolve().parents[2]
GOOD_PRODUCTION = {
    "SECRET_KEY": "x" * 48,
    "SQLALCHEMY_DATABASE_URI": "postgresql+psycopg://postgres@127.0.0.1:5432/none",
    "MAIL_SERVER": "smtp.example.org",
    "MAIL_DEFAULT_SENDER": "Leernetwerk <noreply@example.org>",
    "BASE_URL": "https://leernetwerk.example.org",
    "DEBUG": False,
}


@pytest.fixture
def catching_app(app: Flask, tmp_path: Path):
    """A development-like app with its own database whose mail goes to the catcher."""
    other = create_app(
        "test",
        {
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'catch.db'}",
            "MAIL_BACKEND": MAIL_CATCHER_BACKEND,
            "CAUGHT_MAIL_DIR": str(tmp_path / "sent-mail"),
            "VECTOR_INDEX_PATH": str(tmp_path / "vectors.idx"),
            "BASE_URL": "",
        },
    )

    # As in tests/conftest.py: requests share the fixture's app context, so Flask-Login's
    # cached user must be forgotten before each request.
    def forget_cached_user() -> None:
        g.pop("_login_user", None)

    other.before_request_funcs.setdefault(None, []).insert(0, forget_cached_user)
    with other.app_context():
        _db.create_all()
        yield other
        _db.session.remove()
    app.extensions["celery"].set_default()


def _backend_of(env: dict[str, str]) -> str:
    code = (
        "from learning import create_app; print(create_app('development').config['MAIL_BACKEND'])"
    )
    clean = {k: v for k, v in os.environ.items() if k not in {"MAIL_SERVER", "MAIL_BACKEND"}}
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return result.stdout.strip().splitlines()[-1]


def test_development_catches_mail_only_without_a_real_mail_server():
    assert _backend_of({}) == MAIL_CATCHER_BACKEND
    assert _backend_of({"MAIL_SERVER": "smtp.example.org"}) == "smtp"


def test_production_refuses_the_catcher_and_has_no_caught_mail_page(app):
    try:
        with pytest.raises(ConfigurationError, match="mail catcher"):
            create_app("production", {**GOOD_PRODUCTION, "MAIL_BACKEND": MAIL_CATCHER_BACKEND})
        production = create_app("production", GOOD_PRODUCTION)
        assert "mail.caught_mail" not in production.view_functions
        assert production.test_client().get("/ontwikkeling/e-mail").status_code == 404
    finally:
        app.extensions["celery"].set_default()


def _login(client, user) -> None:
    with client.session_transaction() as session:
        session["_user_id"] = user.get_id()
        session["_fresh"] = True


def test_a_sent_message_is_listed_and_rendered_for_the_programme_team(catching_app):
    with catching_app.test_request_context():
        mail = services.queue_mail(
            "sanne@maasdal.example",
            "Uw knelpunt is opgepakt",
            "De werktafel pakt het patroon op.",
            body_html="<p>De <strong>werktafel</strong> pakt het patroon op.</p>",
        )
        commit()  # eager: delivered to the catcher after the commit
        admin = UserFactory(roles=[Role.PROGRAMME_ADMIN])
        professional = UserFactory(roles=[Role.PROFESSIONAL])
        commit()
        assert services.deliver(mail.id) is True  # already sent: true, and not sent twice
    files = list((Path(catching_app.config["CAUGHT_MAIL_DIR"])).glob("*.eml"))
    assert len(files) == 1

    client = catching_app.test_client()
    _login(client, professional)
    assert client.get("/ontwikkeling/e-mail").status_code == 403

    _login(client, admin)
    listing = client.get("/ontwikkeling/e-mail").get_data(as_text=True)
    assert "Verzonden e-mail (ontwikkeling)" in listing
    assert "Uw knelpunt is opgepakt" in listing
    assert "sanne@maasdal.example" in listing
    detail = client.get(f"/ontwikkeling/e-mail/{files[0].stem}").get_data(as_text=True)
    assert "De werktafel pakt het patroon op." in detail
    html = client.get(f"/ontwikkeling/e-mail/{files[0].stem}/html")
    assert "<strong>werktafel</strong>" in html.get_data(as_text=True)
    assert html.headers["Content-Security-Policy"].startswith("sandbox")
    assert client.get("/ontwikkeling/e-mail/..%2Fsecret").status_code == 404


def test_pages_that_mention_mail_say_where_it_goes_when_it_is_caught(catching_app):
    user = UserFactory(roles=[Role.PROFESSIONAL], notify_by_email=True)
    commit()
    client = catching_app.test_client()
    _login(client, user)
    page = client.get("/mijn-patronen").get_data(as_text=True)
    assert "U krijgt elke stap ook per e-mail." in page
    assert "e-mail gaat niet de deur uit" in page


def test_pages_make_no_such_remark_when_mail_really_goes_out(client, login_as):
    login_as("professional")
    page = client.get("/mijn-patronen").get_data(as_text=True)
    assert "gaat niet de deur uit" not in page
