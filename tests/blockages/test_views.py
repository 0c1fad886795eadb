"""The knelpunt pages through the Flask test client."""

from __future__ import annotations

from sqlalchemy import func, select

from learning.blockages.models import Blockage, Draft
from tests.factories import BlockageFactory, UserFactory

FORM = {
    "title": "Geen bijzondere bijstand voor bewindvoering",
    "description": "De gemeente vergoedt bewindvoering pas na drie maanden, de schulden lopen op.",
    "domains": ["schulden"],
    "handling": "omweg",
    "submission_key": "k1",
}


def test_professional_logs_a_blockage_and_sees_it_in_the_list(client, login_as, db):
    login_as("professional")
    response = client.post("/knelpunten/nieuw", data=FORM)
    assert response.status_code == 302
    blockage = db.session.scalar(select(Blockage))
    assert response.headers["Location"].endswith(f"/knelpunten/{blockage.id}")
    page = client.get("/knelpunten?mine=1").get_data(as_text=True)
    assert FORM["title"] in page


def test_form_with_bsn_shows_warning_and_mask_button(client, login_as, db):
    login_as("professional")
    data = dict(FORM, description="Inwoner met BSN 111222333 krijgt geen bijstand door de regels.")
    response = client.post("/knelpunten/nieuw", data=data)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "mogelijk persoonsgegevens" in page
    assert "Maskeer gegevens" in page
    assert db.session.scalar(select(Blockage.id)) is None

    masked = client.post("/knelpunten/nieuw", data=dict(data, action="mask"))
    assert "[BSN]" in masked.get_data(as_text=True)
    assert "111222333" not in masked.get_data(as_text=True)


def test_privacy_check_partial_while_typing(htmx_client, app, db):
    user = UserFactory()
    db.session.commit()
    with htmx_client.session_transaction() as session:
        session["_user_id"] = user.get_id()
    response = htmx_client.post(
        "/knelpunten/privacycheck",
        data={"title": "x", "description": "IBAN NL91ABNA0417164300 is geblokkeerd"},
    )
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert "IBAN" in body
    assert "<html" not in body


def test_script_in_text_is_escaped(client, login_as, db):
    login_as("professional")
    data = dict(FORM, title="<script>alert(1)</script> regel")
    client.post("/knelpunten/nieuw", data=data)
    blockage = db.session.scalar(select(Blockage))
    page = client.get(f"/knelpunten/{blockage.id}").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;" in page


def test_list_filters_and_search(client, login_as, db):
    user = login_as("professional")
    BlockageFactory(title="Jeugdhulp stopt bij achttien", domains=["jeugdwet"], reporter=user)
    BlockageFactory(title="Kostendelersnorm bij inwonende zoon", domains=["participatiewet"])
    db.session.commit()
    page = client.get("/knelpunten?domain=jeugdwet").get_data(as_text=True)
    assert "Jeugdhulp stopt" in page
    assert "Kostendelersnorm" not in page
    page = client.get("/knelpunten?q=kostendelersnorm").get_data(as_text=True)
    assert "Kostendelersnorm" in page
    assert "Jeugdhulp stopt" not in page


def test_list_is_paginated(client, login_as, db, app):
    login_as("professional")
    for _ in range(app.config["PAGE_SIZE"] + 3):
        BlockageFactory()
    db.session.commit()
    first = client.get("/knelpunten").get_data(as_text=True)
    assert "Pagina 1 van 2" in first
    second = client.get("/knelpunten?page=2").get_data(as_text=True)
    assert second.count('<li class="card') == 3


def test_htmx_list_request_gets_the_partial(htmx_client, db):
    user = UserFactory()
    db.session.commit()
    with htmx_client.session_transaction() as session:
        session["_user_id"] = user.get_id()
    response = htmx_client.get("/knelpunten")
    assert "HX-Request" in response.headers["Vary"]
    assert "<html" not in response.get_data(as_text=True)


def test_someone_else_cannot_edit_or_withdraw(client, login_as, db):
    other = BlockageFactory()
    db.session.commit()
    login_as("professional")
    assert client.get(f"/knelpunten/{other.id}/bewerken").status_code == 403
    assert client.post(f"/knelpunten/{other.id}/intrekken").status_code == 403


def test_reporter_withdraws_and_sees_status(client, login_as, db):
    user = login_as("professional")
    blockage = BlockageFactory(reporter=user)
    db.session.commit()
    client.post(f"/knelpunten/{blockage.id}/intrekken")
    page = client.get(f"/knelpunten/{blockage.id}").get_data(as_text=True)
    assert "Ingetrokken" in page


def test_an_expired_login_stores_nothing_and_asks_to_log_in_again(client, db):
    data = dict(
        FORM, description="Toeslag stopt door fout bij de Belastingdienst; bel 06-12345678."
    )
    response = client.post("/knelpunten/nieuw", data=data)  # not logged in (session expired)
    assert response.status_code == 302
    assert "/inloggen" in response.headers["Location"]
    assert "verlopen=1" in response.headers["Location"]
    assert "Set-Cookie" not in response.headers  # a cross-site post cannot log anyone out
    assert db.session.scalar(select(func.count(Draft.id))) == 0
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "staat nog in deze browser" in page


def test_an_expired_form_keeps_the_authors_draft_masked(app, client, login_as, db, monkeypatch):
    login_as("professional")
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    data = dict(
        FORM,
        description="Toeslag stopt door fout bij de Belastingdienst; bel 06-12345678.",
        csrf_token="expired",
    )
    response = client.post("/knelpunten/nieuw", data=data)
    assert response.status_code == 302
    assert response.headers["Location"] == "/knelpunten/nieuw"
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", False)
    page = client.get("/knelpunten/nieuw").get_data(as_text=True)
    assert "Toeslag stopt door fout bij de Belastingdienst" in page
    assert "06-12345678" not in page  # the stored draft was masked
    assert db.session.scalar(select(func.count(Draft.id))) == 0  # given back once


def test_a_draft_is_only_given_to_its_author(client, login_as, db):
    author = UserFactory()
    db.session.flush()
    db.session.add(Draft(token="kept", user_id=author.id, payload={"title": ["Van een ander"]}))
    db.session.commit()
    login_as("professional")
    with client.session_transaction() as session:
        session["draft_token"] = "kept"
    page = client.get("/knelpunten/nieuw").get_data(as_text=True)
    assert "Van een ander" not in page


def test_list_shows_each_knelpunt_status_including_its_pattern(client, login_as, db):
    from learning.patterns.models import Pattern, PatternMember, PatternState

    user = login_as("professional")
    grouped = BlockageFactory(title="In een patroon", reporter=user)
    BlockageFactory(title="Nog los", reporter=user)
    pattern = Pattern(title="Wachttijd", state=PatternState.NEW)
    db.session.add(pattern)
    db.session.flush()
    db.session.add(PatternMember(pattern_id=pattern.id, blockage_id=grouped.id))
    db.session.commit()
    page = client.get("/knelpunten?mine=1").get_data(as_text=True)
    assert "In patroon: Nieuw" in page
    assert "Gemeld" in page
