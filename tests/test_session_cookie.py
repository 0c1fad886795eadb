"""A permanent session's cookie is re-signed (its idle lifetime extended) at most once per
SESSION_REFRESH_SECONDS, and whenever the session changed."""

from __future__ import annotations

from tests.factories import UserFactory


def _signed_in(client) -> None:
    user = UserFactory()
    with client.session_transaction() as session:
        session["_user_id"] = user.get_id()
        session["_fresh"] = False
        session["csrf_token"] = "a" * 40
        session.permanent = True


def test_an_unchanged_session_keeps_its_fresh_cookie(client, db):
    _signed_in(client)

    response = client.get("/knelpunten")

    assert response.status_code == 200
    assert "Set-Cookie" not in response.headers


def test_an_older_cookie_is_signed_again_with_a_new_expiry(client, db, app, monkeypatch):
    monkeypatch.setitem(app.config, "SESSION_REFRESH_SECONDS", 0)
    _signed_in(client)

    response = client.get("/knelpunten")

    cookie = response.headers["Set-Cookie"]
    assert cookie.startswith("session=")
    assert "Expires=" in cookie


def test_a_changed_session_is_always_sent(client, db):
    _signed_in(client)
    with client.session_transaction() as session:
        session["_flashes"] = [("info", "Opgeslagen.")]

    response = client.get("/knelpunten")

    assert "Opgeslagen." in response.get_data(as_text=True)
    assert response.headers["Set-Cookie"].startswith("session=")
