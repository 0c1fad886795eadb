"""Digest pages: preview, preferences, one-click unsubscribe, and who may open what."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from sqlalchemy import select

from learning.accounts.models import User
from learning.digests.models import DigestOptIn
from learning.digests.services import unsubscribe_token
from learning.digests.tasks import send_due_digests
from learning.extensions import db
from tests.digests.builders import MONDAY, event, in_window, pattern, reports
from tests.factories import UserFactory


@pytest.mark.parametrize(
    ("url", "role", "status"),
    [
        ("/digests/preview", None, 302),
        ("/digests/preview", "professional", 200),
        ("/digests/preview", "executive", 200),
        ("/digests/voorkeuren", None, 302),
        ("/digests/voorkeuren", "manager", 200),
        ("/digests/mislukt", None, 302),
        ("/digests/mislukt", "manager", 403),
        ("/digests/mislukt", "executive", 403),
        ("/digests/mislukt", "programme_admin", 200),
    ],
)
def test_access(client, login_as, url, role, status):
    if role:
        login_as(role)
    assert client.get(url).status_code == status


def test_preview_shows_the_digest_as_page_mail_and_text(clock, client, login_as):
    user = login_as("executive")
    made = pattern("Wmo-indicatie verloopt tijdens verhuizing")
    reports(made, 6)
    event(made, "state:nieuw", in_window())
    db.session.commit()

    page = client.get("/digests/preview").get_data(as_text=True)
    assert "Nieuwe patronen" in page
    assert "Wmo-indicatie verloopt tijdens verhuizing" in page
    assert f"Beste {user.name}" in page

    mail = client.get("/digests/preview?weergave=email")
    assert mail.mimetype == "text/html"
    assert 'style="' in mail.get_data(as_text=True)
    text = client.get("/digests/preview?weergave=tekst").get_data(as_text=True)
    assert "NIEUWE PATRONEN" in text


def test_preview_tells_a_professional_without_opt_in_that_nothing_is_sent(client, login_as):
    login_as("professional")
    page = client.get("/digests/preview").get_data(as_text=True)
    assert "U ontvangt op dit moment geen digest" in page


def test_preferences_set_frequency_day_and_opt_in(client, login_as):
    user = login_as("professional")
    response = client.post(
        "/digests/voorkeuren",
        data={"frequency": "monthly", "weekday": "3", "skip_empty": "y", "opt_in": "y"},
    )
    assert response.status_code == 302
    db.session.refresh(user)
    assert (user.digest_frequency, user.digest_weekday, user.digest_skip_empty) == (
        "monthly",
        3,
        True,
    )
    assert db.session.get(DigestOptIn, user.id) is not None


def test_preferences_refuse_an_unknown_frequency(client, login_as):
    user = login_as("manager")
    client.post("/digests/voorkeuren", data={"frequency": "daily", "weekday": "0"})
    db.session.refresh(user)
    assert user.digest_frequency == "weekly"


def test_unsubscribe_link_from_the_mail_asks_first_then_unsubscribes(
    clock, client, executive, smtp_server
):
    db.session.commit()
    send_due_digests.delay()
    link = str(smtp_server[0]["List-Unsubscribe"]).strip().strip("<>")
    path = urlsplit(link).path

    page = client.get(path)  # link scanners fetch links: a GET must not unsubscribe
    assert page.status_code == 200
    assert "Ja, meld mij af" in page.get_data(as_text=True)
    db.session.refresh(executive)
    assert executive.digest_frequency == "weekly"

    # RFC 8058 one-click: the mail client posts this body, without a CSRF token or cookie.
    done = client.post(
        path,
        data="List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert done.status_code == 200
    assert "U bent afgemeld" in done.get_data(as_text=True)
    db.session.refresh(executive)
    assert executive.digest_frequency == "never"
    assert client.post(path).status_code == 200  # twice is fine


def test_unsubscribe_needs_a_valid_signature(app, client, db):
    user = UserFactory()
    db.session.commit()
    token = unsubscribe_token(user)
    assert client.get(f"/digests/afmelden/{token}x").status_code == 404
    with app.test_request_context():
        app.config["SECRET_KEY"], saved = "another-secret", app.config["SECRET_KEY"]
        try:
            forged = unsubscribe_token(user)
        finally:
            app.config["SECRET_KEY"] = saved
    assert client.post(f"/digests/afmelden/{forged}").status_code == 404
    assert db.session.scalar(select(User.digest_frequency).where(User.id == user.id)) == "weekly"


def test_the_programme_team_previews_any_users_digest(clock, client, login_as, executive):
    made = pattern("Wmo-indicatie verloopt tijdens verhuizing")
    reports(made, 6)
    event(made, "state:nieuw", in_window())
    login_as("programme_admin")
    db.session.commit()

    page = client.get(f"/digests/preview?gebruiker={executive.id}").get_data(as_text=True)

    assert "Digest van Wethouder Jansen" in page
    assert "Beste Wethouder Jansen" in page
    assert "Wmo-indicatie verloopt tijdens verhuizing" in page


def test_nobody_else_previews_someone_elses_digest(client, login_as, executive):
    login_as("manager")
    db.session.commit()

    response = client.get(f"/digests/preview?gebruiker={executive.id}")

    assert response.status_code == 403
    assert "Wethouder Jansen" not in response.get_data(as_text=True)


def test_after_sending_the_preview_shows_the_next_digest_so_far(
    clock, client, executive, smtp_server
):
    db.session.commit()
    send_due_digests.delay()  # the digest of week 11 went out this morning
    later = pattern("Vanmiddag gemeld patroon")
    reports(later, 6)
    event(later, "state:nieuw", MONDAY + timedelta(hours=3))
    db.session.commit()
    clock.shift(timedelta(hours=4))
    with client.session_transaction() as session:
        session["_user_id"] = executive.get_id()

    page = client.get("/digests/preview").get_data(as_text=True)

    assert "Leernetwerk-digest week 12" in page
    assert "Vanmiddag gemeld patroon" in page
