"""Personal API tokens: made and revoked by their user in the app and by the CLI."""

from __future__ import annotations

import re

from sqlalchemy import select

from learning.api.models import ApiToken
from learning.api.tokens import create_token
from tests.factories import UserFactory


def test_a_user_creates_a_token_once_visible_and_revokes_it(client, login_as, api, db):
    user = login_as("professional")
    page = client.post("/account/api-tokens", data={"name": "BI-koppeling"})
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    plain = re.search(r"(lnw_[A-Za-z0-9_-]+)", html).group(1)
    assert page.headers["Cache-Control"] == "no-store"
    assert (
        api.get("/api/v1/tafels", headers={"Authorization": f"Bearer {plain}"}).status_code == 200
    )

    listing = client.get("/account/api-tokens").get_data(as_text=True)
    assert "BI-koppeling" in listing
    assert plain not in listing  # shown once only

    token = db.session.scalar(select(ApiToken).where(ApiToken.user_id == user.id))
    response = client.post(f"/account/api-tokens/{token.id}/intrekken")
    assert response.status_code == 302
    assert (
        api.get("/api/v1/tafels", headers={"Authorization": f"Bearer {plain}"}).status_code == 401
    )


def test_nobody_revokes_someone_elses_token(client, login_as, db):
    other = UserFactory()
    token, _plain = create_token(other, "van een ander")
    db.session.commit()
    login_as("professional")
    assert client.post(f"/account/api-tokens/{token.id}/intrekken").status_code == 403
    db.session.refresh(token)
    assert token.is_active


def test_the_token_page_needs_a_login(client, db):
    assert client.get("/account/api-tokens").status_code == 302


def test_cli_prints_the_token_as_the_last_line(app, db, api):
    user = UserFactory(email="bi@example.org")
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["api", "token", "create", "bi@example.org"])
    assert result.exit_code == 0, result.output
    plain = result.stdout.strip().splitlines()[-1]
    assert plain.startswith("lnw_")
    response = api.get("/api/v1/knelpunten", headers={"Authorization": f"Bearer {plain}"})
    assert response.status_code == 200
    assert db.session.scalar(select(ApiToken.user_id)) == user.id

    unknown = app.test_cli_runner().invoke(args=["api", "token", "create", "niemand@example.org"])
    assert unknown.exit_code != 0
    assert "bestaat niet" in unknown.output
