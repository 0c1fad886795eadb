"""Sign in, sign out, roles: what a user sees in the browser (Flask test client)."""

from __future__ import annotations

import pytest

from tests.factories import PASSWORD, UserFactory


def test_login_and_logout(client, db):
    user = UserFactory()
    db.session.commit()
    response = client.post("/inloggen", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/knelpunten").status_code == 200
    response = client.post("/uitloggen")
    assert response.status_code == 302
    assert client.get("/knelpunten").status_code == 302


def test_wrong_password_shows_a_dutch_message(client, db):
    user = UserFactory()
    db.session.commit()
    response = client.post("/inloggen", data={"email": user.email, "password": "fout"})
    assert response.status_code == 200
    assert "Onbekend e-mailadres of onjuist wachtwoord" in response.get_data(as_text=True)


def test_failed_logins_are_limited_per_account(client, db):
    statuses = [
        client.post("/inloggen", data={"email": "x@example.org", "password": "y"}).status_code
        for _ in range(6)
    ]
    assert statuses == [200] * 5 + [429]
    # Someone else behind the same office address can still log in.
    other = client.post("/inloggen", data={"email": "z@example.org", "password": "y"})
    assert other.status_code == 200


def test_failed_logins_are_limited_per_address(client, db):
    statuses = [
        client.post(
            "/inloggen", data={"email": f"user{i}@example.org", "password": "y"}
        ).status_code
        for i in range(31)
    ]
    assert statuses[:30] == [200] * 30
    assert statuses[-1] == 429


def test_anonymous_user_is_sent_to_login(client, db):
    response = client.get("/knelpunten/nieuw")
    assert response.status_code == 302
    assert "/inloggen" in response.headers["Location"]


ADMIN_PAGES = ["/beheer/gebruikers", "/beheer/gebruikers/uitnodigen", "/beheer/organisaties"]


@pytest.mark.parametrize("url", ADMIN_PAGES)
def test_admin_pages_are_forbidden_for_professionals(client, login_as, url):
    login_as("professional")
    response = client.get(url)
    assert response.status_code == 403
    assert "Geen toegang" in response.get_data(as_text=True)


@pytest.mark.parametrize("url", ADMIN_PAGES)
def test_admin_pages_open_for_programme_admin(client, login_as, url):
    login_as("programme_admin")
    assert client.get(url).status_code == 200


def test_admin_invites_user_by_email(client, login_as, mailbox, db):
    admin = login_as("programme_admin")
    org_id = admin.organisations[0].id
    response = client.post(
        "/beheer/gebruikers/uitnodigen",
        data={
            "email": "nieuw@example.org",
            "name": "Nieuw",
            "roles": ["manager"],
            "organisations": [org_id],
        },
    )
    assert response.status_code == 302
    assert mailbox[0].to == ["nieuw@example.org"]
    assert "/uitnodiging/" in mailbox[0].body


def test_create_admin_cli(app, db):
    runner = app.test_cli_runner()
    result = runner.invoke(
        args=[
            "users",
            "create-admin",
            "--email",
            "admin@example.org",
            "--name",
            "Admin",
            "--organisation",
            "Gemeente Test",
            "--password",
            "heel-geheim-1",
        ],
    )
    assert result.exit_code == 0, result.output
    from learning.accounts.services import authenticate

    user = authenticate("admin@example.org", "heel-geheim-1")
    assert user is not None
    assert user.is_admin
