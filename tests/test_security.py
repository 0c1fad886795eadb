"""Protections every route gets: production settings, headers, sessions, redirects, input."""

from __future__ import annotations

import time

import pytest
from sqlalchemy import func, select

from learning import create_app
from learning.accounts import services as accounts
from learning.accounts.models import Role
from learning.config import DEVELOPMENT_SECRET_KEY, ConfigurationError
from learning.errors import DomainError, Forbidden
from tests.factories import UserFactory

GOOD_PRODUCTION = {
    "SECRET_KEY": "x" * 48,
    "SQLALCHEMY_DATABASE_URI": "postgresql+psycopg://postgres@127.0.0.1:5432/none",
    "MAIL_SERVER": "smtp.example.org",
    "MAIL_DEFAULT_SENDER": "Leernetwerk <noreply@example.org>",
    "BASE_URL": "https://leernetwerk.example.org",
    "DEBUG": False,
}


@pytest.fixture
def other_app(app):
    """Building another app makes its Celery the process default: give it back afterwards."""
    yield
    app.extensions["celery"].set_default()


@pytest.mark.parametrize(
    ("override", "reason"),
    [
        ({"SECRET_KEY": DEVELOPMENT_SECRET_KEY}, "SECRET_KEY is not set"),
        ({"SECRET_KEY": ""}, "SECRET_KEY is not set"),
        ({"SECRET_KEY": "short"}, "shorter than 32"),
        ({"SQLALCHEMY_DATABASE_URI": "sqlite:///x.db"}, "SQLite"),
        ({"DEBUG": True}, "debug mode is on"),
        ({"MAIL_SERVER": None}, "MAIL_SERVER is not set"),
        ({"BASE_URL": None}, "BASE_URL is not set"),
    ],
)
def test_production_refuses_to_start_on_an_unsafe_setting(other_app, override, reason):
    with pytest.raises(ConfigurationError, match=reason):
        create_app("production", {**GOOD_PRODUCTION, **override})


def test_production_starts_with_its_secrets_and_sends_hsts(other_app):
    app = create_app("production", GOOD_PRODUCTION)
    response = app.test_client().get("/inloggen")
    assert response.status_code == 200
    assert "max-age" in response.headers["Strict-Transport-Security"]
    assert app.config["SESSION_COOKIE_SECURE"] is True


def test_every_response_carries_the_security_headers(client, login_as, db):
    for path in ("/inloggen", "/healthz", "/static/js/app.js"):
        headers = client.get(path).headers
        policy = headers["Content-Security-Policy"]
        assert "script-src 'self'" in policy
        assert "frame-ancestors 'none'" in policy
        assert "'unsafe-inline'" not in policy.split("style-src-attr")[0]
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Referrer-Policy"] == "same-origin"
        assert "camera=()" in headers["Permissions-Policy"]
    login_as("professional")
    assert client.get("/knelpunten").headers["Cache-Control"] == "no-store"


def test_pages_use_no_inline_script_or_handlers(client, login_as, db):
    login_as("programme_admin")
    for path in ("/knelpunten", "/knelpunten/nieuw", "/patronen", "/tafels", "/leersessies"):
        page = client.get(path).get_data(as_text=True)
        assert "<script>" not in page
        assert " onclick=" not in page
        assert " onsubmit=" not in page


@pytest.mark.parametrize(
    "target",
    [
        "/%09/evil.example/",
        "//evil.example/",
        "/\\evil.example",
        "https://evil.example/",
        "/%0a/evil.example",
        "javascript:alert(1)",
    ],
)
def test_login_never_redirects_to_another_site(client, db, target):
    user = UserFactory(password_hash=accounts.hash_password("een-lang-wachtwoord"))
    db.session.commit()
    response = client.post(
        f"/inloggen?next={target}",
        data={"email": user.email, "password": "een-lang-wachtwoord"},
    )
    assert response.status_code == 302
    location = response.headers["Location"]
    assert location == "/"


def test_login_follows_a_path_on_this_site(client, db):
    user = UserFactory(password_hash=accounts.hash_password("een-lang-wachtwoord"))
    db.session.commit()
    response = client.post(
        "/inloggen?next=/patronen?state=nieuw",
        data={"email": user.email, "password": "een-lang-wachtwoord"},
    )
    assert response.headers["Location"] == "/patronen?state=nieuw"


def _login(client, user, password="een-lang-wachtwoord"):
    response = client.post("/inloggen", data={"email": user.email, "password": password})
    assert response.status_code == 302
    return client.get_cookie("session", domain="leernetwerk.test").value


def test_a_copied_session_cookie_stops_working_after_logout(app, client, db):
    user = UserFactory(password_hash=accounts.hash_password("een-lang-wachtwoord"))
    db.session.commit()
    copied = _login(client, user)
    client.post("/uitloggen")
    thief = app.test_client()
    thief.set_cookie("session", copied, domain="leernetwerk.test")
    response = thief.get("/knelpunten")
    assert response.status_code == 302
    assert "/inloggen" in response.headers["Location"]


def test_a_password_reset_ends_the_sessions_opened_before(app, client, db):
    user = UserFactory(password_hash=accounts.hash_password("een-lang-wachtwoord"))
    db.session.commit()
    copied = _login(client, user)
    token = accounts.make_token(user, "reset")
    accounts.reset_password(token, "een-nieuw-lang-wachtwoord")
    db.session.commit()
    old = app.test_client()
    old.set_cookie("session", copied, domain="leernetwerk.test")
    assert old.get("/knelpunten").status_code == 302


def test_forgot_password_takes_as_long_for_unknown_addresses(client, db, monkeypatch):
    monkeypatch.setattr(accounts, "FORGOT_PASSWORD_SECONDS", 0.3)
    known = UserFactory()
    db.session.commit()
    for email in (known.email, "niemand@example.org"):
        started = time.monotonic()
        response = client.post("/wachtwoord-vergeten", data={"email": email})
        assert response.status_code == 302
        assert time.monotonic() - started >= 0.3


def test_a_body_over_the_limit_is_refused_before_any_work(client, login_as, db):
    login_as("professional")
    big = "x" * (300 * 1024)
    response = client.post("/knelpunten/nieuw", data={"title": "t", "description": big})
    assert response.status_code == 413
    assert "te groot" in response.get_data(as_text=True)


def test_an_anonymous_post_stores_no_draft(client, db):
    from learning.blockages.models import Draft

    response = client.post("/knelpunten/nieuw", data={"title": "x", "description": "y" * 50})
    assert response.status_code == 302
    assert db.session.scalar(select(func.count(Draft.id))) == 0


@pytest.mark.parametrize(
    "path",
    [
        "/knelpunten/2147483648",
        "/patronen/9223372036854775808",
        "/tafels/99999999999999999999",
        "/leersessies/reeksen/2147483648",
    ],
)
def test_ids_beyond_the_database_range_are_not_found(client, login_as, db, path):
    login_as("professional")
    assert client.get(path).status_code == 404


def test_a_nul_character_is_refused_with_a_message(client, login_as, db):
    login_as("professional")
    response = client.get("/knelpunten?q=a%00b")
    assert response.status_code == 400
    assert "ongeldige tekens" in response.get_data(as_text=True)


def test_only_the_programme_team_invites_and_manages_organisations(db):
    chair = UserFactory(roles=[Role.CHAIR])
    db.session.flush()
    with pytest.raises(Forbidden):
        accounts.invite_user(chair, "nieuw@example.org", "Nieuw", {Role.PROFESSIONAL}, [])
    with pytest.raises(Forbidden):
        accounts.create_organisation(chair, "Nieuwe stichting", "other")
    with pytest.raises(Forbidden):
        accounts.set_roles(chair, chair, {Role.PROGRAMME_ADMIN})


@pytest.mark.parametrize("name", ["Inwoner 111222333", "Stichting NL91ABNA0417164300"])
def test_names_of_staff_and_organisations_never_hold_a_residents_identifier(db, name):
    admin = UserFactory(roles=[Role.PROGRAMME_ADMIN])
    db.session.flush()
    with pytest.raises(DomainError, match="BSN, IBAN"):
        accounts.create_organisation(admin, name, "other")
    with pytest.raises(DomainError, match="BSN, IBAN"):
        accounts.invite_user(admin, "nieuw@example.org", name, {Role.PROFESSIONAL}, [])
