"""The API as a client sees it: tokens, errors in Dutch, privacy, pagination, scope, audit."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from learning.api.models import ApiToken
from learning.audit.models import AuditEntry
from learning.blockages.models import Blockage
from learning.patterns.models import Pattern, PatternFollower, PatternState
from tests.factories import BlockageFactory

VALID = {
    "title": "Wachttijd beschermd wonen",
    "description": "Uitstroom uit beschermd wonen loopt vast omdat er geen passende woning is.",
    "domains": ["wonen"],
    "handling": "niet_opgelost",
}


def _problem(response, status: int) -> dict:
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == "application/problem+json"
    body = response.get_json()
    assert body["status"] == status
    assert body["detail"]
    return body


def test_no_token_a_wrong_token_and_a_revoked_token_are_refused(api, token_for, db):
    user, headers = token_for()
    assert api.get("/api/v1/knelpunten", headers=headers).status_code == 200

    assert "Bearer" in _problem(api.get("/api/v1/knelpunten"), 401)["detail"]
    assert api.get("/api/v1/knelpunten").headers["WWW-Authenticate"].startswith("Bearer")
    _problem(api.get("/api/v1/knelpunten", headers={"Authorization": "Bearer lnw_fout"}), 401)
    _problem(api.get("/api/v1/knelpunten", headers={"Authorization": "Basic eA=="}), 401)

    token = db.session.scalar(select(ApiToken).where(ApiToken.user_id == user.id))
    assert token.last_used_at is not None
    from learning.api.tokens import revoke_token

    revoke_token(user, token.id)
    db.session.commit()
    _problem(api.get("/api/v1/knelpunten", headers=headers), 401)


def test_tokens_are_stored_hashed(token_for, db):
    _user, headers = token_for()
    plain = headers["Authorization"].split()[1]
    stored = db.session.scalar(select(ApiToken))
    assert plain not in (stored.token_hash, stored.prefix)
    assert len(stored.token_hash) == 64


def test_a_session_cookie_is_neither_needed_nor_used_and_none_is_set(
    app, client, login_as, token_for
):
    login_as("programme_admin")  # the browser is logged in as an admin ...
    response = client.get("/api/v1/knelpunten")  # ... but without a token the API says 401
    _problem(response, 401)
    _user, headers = token_for()
    response = client.post("/api/v1/knelpunten", json=VALID, headers=headers)  # no CSRF token
    assert response.status_code == 201
    assert "Set-Cookie" not in response.headers


def test_create_refuses_personal_data_with_the_findings_and_stores_nothing(api, token_for, db):
    _user, headers = token_for()
    data = {
        **VALID,
        "description": "Mevrouw Jansen met BSN 123456782 wacht al een jaar op een woning.",
    }

    body = _problem(api.post("/api/v1/knelpunten", json=data, headers=headers), 422)

    assert {f["kind"] for f in body["findings"]} >= {"bsn"}
    assert "123456782" not in str(body)
    assert db.session.scalar(select(Blockage)) is None


def test_create_masks_on_request_and_audits_with_the_token_user(api, token_for, db):
    user, headers = token_for()
    data = {
        **VALID,
        "description": "Bel 06-12345678: uitstroom uit beschermd wonen loopt vast zonder woning.",
        "mask_personal_data": True,
    }
    response = api.post("/api/v1/knelpunten", json=data, headers=headers)
    assert response.status_code == 201
    body = response.get_json()
    assert "[TELEFOON]" in body["text"]
    assert body["mine"] is True
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "blockage.logged"))
    assert entry.actor_id == user.id


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({**VALID, "domains": "wonen"}, "domains"),
        ({**VALID, "title": 12}, "title"),
        ({**VALID, "onbekend": 1}, "onbekend"),
        ({k: v for k, v in VALID.items() if k != "handling"}, "handling"),
        ({**VALID, "area_id": "1"}, "area_id"),
    ],
)
def test_wrong_types_and_unknown_fields_are_a_dutch_422(api, token_for, db, payload, field):
    _user, headers = token_for()
    body = _problem(api.post("/api/v1/knelpunten", json=payload, headers=headers), 422)
    assert field in body["errors"]
    text = str(body["errors"])
    assert any(word in text for word in ("Onbekend veld", "verplicht", "Geen geldig", "Verkeerd"))
    assert db.session.scalar(select(Blockage)) is None


def test_a_body_that_is_not_json_is_refused(api, token_for):
    _user, headers = token_for()
    response = api.post(
        "/api/v1/knelpunten", data="{kapot", headers={**headers, "Content-Type": "application/json"}
    )
    assert response.status_code in (400, 422)
    assert response.mimetype == "application/problem+json"


def test_cursor_pagination_walks_every_knelpunt_once(api, token_for, some_blockages):
    _user, headers = token_for()
    seen, cursor = [], None
    while True:
        query = {"limit": 3, **({"cursor": cursor} if cursor else {})}
        body = api.get("/api/v1/knelpunten", query_string=query, headers=headers).get_json()
        seen += [item["id"] for item in body["items"]]
        cursor = body["next_cursor"]
        if not cursor:
            break
    assert sorted(seen) == sorted(b.id for b in some_blockages)
    assert len(seen) == len(set(seen))


def test_huge_pages_stale_and_foreign_cursors_are_refused(api, token_for, some_blockages):
    _user, headers = token_for()
    body = _problem(api.get("/api/v1/knelpunten?limit=100000", headers=headers), 422)
    assert "limit" in body["errors"]
    first = api.get("/api/v1/knelpunten?limit=2", headers=headers).get_json()
    cursor = first["next_cursor"]
    _problem(api.get(f"/api/v1/knelpunten?cursor={cursor}x", headers=headers), 400)
    other_filters = f"/api/v1/knelpunten?cursor={cursor}&domain=wmo"
    assert "andere filters" in _problem(api.get(other_filters, headers=headers), 400)["detail"]


def test_withdrawing_someone_elses_knelpunt_is_forbidden(api, token_for, some_blockages, db):
    _user, headers = token_for()
    blockage = some_blockages[0]
    body = _problem(
        api.post(f"/api/v1/knelpunten/{blockage.id}/intrekken", json={}, headers=headers), 403
    )
    assert "eigen knelpunten" in body["detail"]
    db.session.refresh(blockage)
    assert not blockage.is_withdrawn


def test_the_reporter_withdraws_and_others_no_longer_see_it(api, token_for, db):
    reporter, headers = token_for()
    blockage = BlockageFactory(reporter=reporter)
    db.session.commit()
    response = api.post(
        f"/api/v1/knelpunten/{blockage.id}/intrekken", json={"reason": "dubbel"}, headers=headers
    )
    assert response.get_json()["withdrawn"] is True
    _other, other_headers = token_for()
    _problem(api.get(f"/api/v1/knelpunten/{blockage.id}", headers=other_headers), 404)


def test_candidate_patterns_are_for_chairs_only(api, token_for, some_blockages, db):
    pattern = Pattern(title="Kandidaat", state=PatternState.CANDIDATE)
    db.session.add(pattern)
    db.session.commit()
    _user, professional = token_for()
    _chair, chair = token_for("chair")
    _problem(api.get(f"/api/v1/patronen/{pattern.id}", headers=professional), 404)
    assert api.get(f"/api/v1/patronen/{pattern.id}", headers=chair).status_code == 200
    listed = api.get("/api/v1/patronen?state=kandidaat", headers=professional).get_json()
    assert listed["items"] == []


def test_follow_and_endorse_a_pattern(api, token_for, some_blockages, db):
    pattern = Pattern(title="Wachttijd", state=PatternState.NEW)
    db.session.add(pattern)
    db.session.commit()
    user, headers = token_for()
    body = api.post(f"/api/v1/patronen/{pattern.id}/steun", headers=headers).get_json()
    assert body == {"pattern": pattern.id, "endorsements": 1, "following": True}
    body = api.delete(f"/api/v1/patronen/{pattern.id}/volgen", headers=headers).get_json()
    assert body["following"] is False
    assert (
        db.session.scalar(select(PatternFollower).where(PatternFollower.user_id == user.id)) is None
    )
    actions = set(
        db.session.scalars(select(AuditEntry.action).where(AuditEntry.actor_id == user.id))
    )
    assert {"pattern.endorsed", "pattern.unfollowed"} <= actions


def test_dashboard_hides_small_groups(api, token_for, some_blockages):
    _user, headers = token_for()
    body = api.get("/api/v1/dashboard/knelpunten?by=domain", headers=headers).get_json()
    wmo = next(item for item in body["items"] if item["key"] == "wmo")
    assert wmo["count"] == 7
    small = [item for item in body["items"] if item["suppressed"]]
    assert all(item["count"] is None and item["display"] == "< 5" for item in small)


def test_export_is_for_admins_and_chairs(api, token_for, some_blockages):
    _user, professional = token_for()
    _problem(api.get("/api/v1/export/knelpunten", headers=professional), 403)
    _admin, admin = token_for("programme_admin")
    response = api.get("/api/v1/export/knelpunten?format=csv", headers=admin)
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert response.get_data(as_text=True).count("API-knelpunt") == 7


def test_rate_limit_per_token(app, api, token_for):
    app.config["API_RATE_LIMIT"] = "2 per minute"
    _user, first = token_for()
    _other, second = token_for()
    try:
        statuses = [api.get("/api/v1/tafels", headers=first).status_code for _ in range(3)]
        assert statuses == [200, 200, 429]
        assert "Te veel" in api.get("/api/v1/tafels", headers=first).get_json()["title"]
        assert api.get("/api/v1/tafels", headers=second).status_code == 200  # its own limit
    finally:
        app.config.pop("API_RATE_LIMIT")


def test_unknown_paths_and_methods_are_problems(api, token_for):
    _user, headers = token_for()
    _problem(api.get("/api/v1/bestaat-niet", headers=headers), 404)
    _problem(api.get("/api/v1/knelpunten/99999999999999", headers=headers), 404)
    response = api.delete("/api/v1/knelpunten", headers=headers)
    _problem(response, 405)
    assert "GET" in response.headers["Allow"]


def test_openapi_document_and_docs_page(app, api):
    spec = api.get("/api/v1/openapi.json").get_json()
    assert spec["openapi"].startswith("3.1")
    assert spec["components"]["securitySchemes"]["bearerAuth"]["scheme"] == "bearer"
    operations = [m for path in spec["paths"].values() for m in path if m != "parameters"]
    assert len(operations) >= 8
    page = api.get("/api/v1/docs")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "POST /api/v1/knelpunten" in html
    assert '<script src="http' not in html  # nothing from another site
