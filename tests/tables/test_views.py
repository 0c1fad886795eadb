"""The table pages through the Flask test client: access, page vs partial, refusals."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from learning.patterns.models import Pattern, PatternState
from learning.tables import escalation
from learning.tables.escalation import DossierInput
from learning.tables.models import DecisionRequest, LearningTable, TableAction
from learning.timeutil import today
from learning.unit_of_work import commit
from tests.factories import UserFactory


def log_in(client, user) -> None:
    commit()
    with client.session_transaction() as session:
        session["_user_id"] = user.get_id()
        session["_fresh"] = True


def _escalate_form(pattern, **fields):
    data = {
        "escalate-question": "Mag de gemeente bewindvoering vooraf vergoeden?",
        "escalate-summary": "Bewindvoering wordt pas na drie maanden vergoed.",
        "escalate-tried": "Maatwerk per gezin.",
        "escalate-impact": "Schulden groeien door.",
        "escalate-options": "Vooraf vergoeden\nNiets doen",
        "escalate-version": str(pattern.version),
    }
    data.update(fields)
    return data


# --- access control ------------------------------------------------------------------------

PAGES = [
    "/tafels",
    "/tafels/{table}",
    "/tafels/patronen/{pattern}",
    "/mijn-patronen",
    "/werkwijzen",
]
ADMIN_PAGES = ["/tafels/nieuw", "/tafels/{table}/bewerken"]


@pytest.mark.parametrize("url", PAGES + ADMIN_PAGES)
def test_anonymous_visitors_are_sent_to_the_login(client, pattern, ladder, url):
    commit()
    response = client.get(url.format(table=ladder.werktafel.id, pattern=pattern.id))
    assert response.status_code == 302
    assert "/inloggen" in response.headers["Location"]


@pytest.mark.parametrize("url", PAGES)
def test_every_professional_sees_the_ladder_pages(client, login_as, pattern, ladder, url):
    login_as("professional")
    response = client.get(url.format(table=ladder.werktafel.id, pattern=pattern.id))
    assert response.status_code == 200


@pytest.mark.parametrize("url", ADMIN_PAGES)
def test_only_the_programme_team_sets_up_tables(client, login_as, ladder, url):
    login_as("chair")
    assert client.get(url.format(table=ladder.werktafel.id)).status_code == 403


@pytest.mark.parametrize("url", ADMIN_PAGES)
def test_programme_team_gets_the_table_forms(client, login_as, ladder, url):
    login_as("programme_admin")
    assert client.get(url.format(table=ladder.werktafel.id)).status_code == 200


# --- admin ---------------------------------------------------------------------------------


def test_admin_creates_a_werktafel_under_the_stuurgroep(client, login_as, db, ladder):
    login_as("programme_admin")
    response = client.post(
        "/tafels/nieuw",
        data={
            "name": "Werktafel Wonen",
            "kind": "work_table",
            "domains": ["wonen"],
            "chair": str(ladder.chair.id),
            "secretary": "0",
            "parent": str(ladder.ambtelijk.id),
            "members": [str(ladder.member.id)],
            "organisations": [str(ladder.gemeente.id)],
            "take_up_days": "28",
            "decision_days": "56",
        },
    )
    assert response.status_code == 302
    table = db.session.scalar(select(LearningTable).where(LearningTable.name == "Werktafel Wonen"))
    assert table.parent_id == ladder.ambtelijk.id
    assert table.chair_id == ladder.chair.id


def test_bad_table_form_keeps_the_input_and_says_why(client, login_as, ladder):
    login_as("programme_admin")
    response = client.post(
        "/tafels/nieuw",
        data={
            "name": "Landelijke tafel",
            "kind": "national",
            "parent": str(ladder.werktafel.id),
            "chair": "0",
            "secretary": "0",
            "take_up_days": "28",
            "decision_days": "56",
        },
    )
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "hoger op de ladder" in page
    assert 'value="Landelijke tafel"' in page


def test_deleting_a_table_with_patterns_is_refused(client, login_as, db, pattern, ladder):
    login_as("programme_admin")
    response = client.post(f"/tafels/{ladder.werktafel.id}/verwijderen")
    assert response.status_code == 400
    assert "Draag ze eerst over" in response.get_data(as_text=True)
    assert db.session.get(LearningTable, ladder.werktafel.id) is not None


# --- boards --------------------------------------------------------------------------------


def test_board_page_and_its_htmx_partial(client, htmx_client, pattern, ladder):
    log_in(client, ladder.member)
    page = client.get(f"/tafels/{ladder.werktafel.id}")
    assert page.status_code == 200
    body = page.get_data(as_text=True)
    assert "<html" in body
    assert pattern.title in body
    assert "In behandeling" in body
    assert "HX-Request" in page.headers["Vary"]

    log_in(htmx_client, ladder.member)
    partial = htmx_client.get(f"/tafels/{ladder.werktafel.id}?gesloten=1")
    body = partial.get_data(as_text=True)
    assert "<html" not in body
    assert pattern.title in body
    assert "Opgelost" in body


def test_ladder_lists_every_table(client, login_as, ladder):
    login_as("professional")
    body = client.get("/tafels").get_data(as_text=True)
    for table in (ladder.werktafel, ladder.ambtelijk, ladder.bestuurlijk, ladder.landelijk):
        assert table.name in body


# --- the table flow on the pattern page ----------------------------------------------------


def test_pattern_page_shows_the_table_flow_to_its_chair(client, pattern, ladder):
    log_in(client, ladder.chair)
    body = client.get(f"/patronen/{pattern.id}").get_data(as_text=True)
    assert "Tafelwerk" in body
    assert "Escaleren naar Ambtelijke stuurgroep" in body
    assert "Actie toevoegen" in body


def test_a_professional_sees_the_flow_but_not_the_chairs_forms(client, login_as, pattern):
    login_as("professional")
    body = client.get(f"/patronen/{pattern.id}").get_data(as_text=True)
    assert "Tafelwerk" in body
    assert "Escaleren naar" not in body
    assert "Actie toevoegen" not in body


def test_add_action_from_another_organisation_is_forbidden(client, login_as, db, pattern, ladder):
    login_as("chair")  # a chair, but of another organisation and table
    response = client.post(
        f"/tafels/patronen/{pattern.id}/acties",
        data={
            "action-what": "Ik regel het wel",
            "action-owner": str(ladder.member.id),
            "action-organisation": "0",
            "action-due_on": (today() + timedelta(days=10)).isoformat(),
        },
    )
    assert response.status_code == 403
    assert db.session.scalar(select(TableAction.id)) is None


def test_member_adds_an_action_and_is_sent_back_to_the_pattern(client, db, pattern, ladder):
    log_in(client, ladder.member)
    response = client.post(
        f"/tafels/patronen/{pattern.id}/acties",
        data={
            "action-what": "Werkinstructie aanpassen",
            "action-owner": str(ladder.chair.id),
            "action-organisation": "0",
            "action-due_on": (today() + timedelta(days=10)).isoformat(),
        },
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/patronen/{pattern.id}#tafelwerk")
    assert db.session.scalar(select(TableAction.what)) == "Werkinstructie aanpassen"


def test_action_with_a_past_deadline_is_refused_and_the_input_kept(
    htmx_client, db, pattern, ladder
):
    log_in(htmx_client, ladder.member)
    response = htmx_client.post(
        f"/tafels/patronen/{pattern.id}/acties",
        data={
            "action-what": "Werkinstructie aanpassen",
            "action-owner": "0",
            "action-organisation": "0",
            "action-due_on": (today() - timedelta(days=1)).isoformat(),
        },
    )
    assert response.status_code == 422
    body = response.get_data(as_text=True)
    assert "<html" not in body
    assert 'id="table-flow"' in body
    assert "Kies een eigenaar" in body
    assert "verleden" in body
    assert "Werkinstructie aanpassen</textarea>" in body


def test_escalating_without_a_beslisvraag_shows_the_form_again(client, db, pattern, ladder):
    log_in(client, ladder.chair)
    response = client.post(
        f"/tafels/patronen/{pattern.id}/escaleren",
        data=_escalate_form(pattern, **{"escalate-question": ""}),
    )
    assert response.status_code == 422
    body = response.get_data(as_text=True)
    assert "Een escalatie heeft een beslisvraag nodig" in body
    assert "Schulden groeien door." in body  # nothing the chair typed is lost
    assert db.session.get(Pattern, pattern.id).state == PatternState.IN_PROGRESS


def test_escalating_through_htmx_redirects_to_the_pattern(htmx_client, db, pattern, ladder):
    log_in(htmx_client, ladder.chair)
    response = htmx_client.post(
        f"/tafels/patronen/{pattern.id}/escaleren", data=_escalate_form(pattern)
    )
    assert response.status_code == 204
    assert response.headers["HX-Redirect"].endswith(f"/patronen/{pattern.id}")
    request = db.session.scalar(select(DecisionRequest))
    assert request.options == ["Vooraf vergoeden", "Niets doen"]


def test_decision_form_with_a_stale_version_is_a_conflict(client, db, pattern, ladder):
    request = escalation.escalate(ladder.chair, pattern, DossierInput(question="Vooraf vergoeden?"))
    stale = pattern.version - 1
    log_in(client, ladder.civil_chair)
    response = client.post(
        f"/tafels/beslisvragen/{request.id}/besluit",
        data={
            "decide-text": "Vooraf vergoeden, akkoord.",
            "decide-decided_by": "Ambtelijke stuurgroep",
            "decide-follow_up_table": "0",
            "decide-follow_up_owner": "0",
            "decide-version": str(stale),
        },
    )
    assert response.status_code == 409
    assert "door iemand anders gewijzigd" in response.get_data(as_text=True)
    assert db.session.get(DecisionRequest, request.id).status == "open"


def test_chair_of_the_stuurgroep_decides_through_the_form(client, db, pattern, ladder):
    request = escalation.escalate(ladder.chair, pattern, DossierInput(question="Vooraf vergoeden?"))
    log_in(client, ladder.civil_chair)
    body = client.get(f"/patronen/{pattern.id}").get_data(as_text=True)
    assert "Op de agenda van Ambtelijke stuurgroep" in body
    response = client.post(
        f"/tafels/beslisvragen/{request.id}/besluit",
        data={
            "decide-text": "Vooraf vergoeden, akkoord.",
            "decide-decided_on": today().isoformat(),
            "decide-decided_by": "Ambtelijke stuurgroep",
            "decide-follow_up_table": str(ladder.werktafel.id),
            "decide-follow_up_what": "Werkinstructie aanpassen",
            "decide-follow_up_owner": str(ladder.member.id),
            "decide-follow_up_due_on": (today() + timedelta(days=42)).isoformat(),
            "decide-version": str(pattern.version),
        },
    )
    assert response.status_code == 302
    pattern = db.session.get(Pattern, pattern.id)
    assert pattern.state == PatternState.IMPLEMENTING
    assert pattern.table_id == ladder.werktafel.id


def test_dossier_page_and_download(client, login_as, pattern, ladder):
    request = escalation.escalate(ladder.chair, pattern, DossierInput(question="Vooraf vergoeden?"))
    login_as("professional")
    page = client.get(f"/tafels/beslisvragen/{request.id}")
    assert page.status_code == 200
    assert "Vooraf vergoeden?" in page.get_data(as_text=True)
    download = client.get(f"/tafels/beslisvragen/{request.id}/dossier.md")
    assert download.status_code == 200
    assert download.mimetype == "text/markdown"
    assert "attachment" in download.headers["Content-Disposition"]
    assert "## Beslisvraag" in download.get_data(as_text=True)


# --- werkwijzen and the own page -----------------------------------------------------------


def test_reporter_records_a_werkwijze_and_a_colleague_endorses_it(
    client, htmx_client, db, pattern, reporters
):
    log_in(client, reporters[0])
    response = client.post(
        f"/tafels/patronen/{pattern.id}/werkwijzen",
        data={
            "practice-title": "Voorschot bewindvoering",
            "practice-text": "Vraag bij de Kredietbank een voorschot op de vergoeding aan.",
        },
    )
    assert response.status_code == 302
    from learning.tables.models import Practice

    practice = db.session.scalar(select(Practice))
    log_in(htmx_client, UserFactory())
    endorsed = htmx_client.post(f"/werkwijzen/{practice.id}/steun")
    assert endorsed.status_code == 200
    assert "werkt bij 1 collega" in endorsed.get_data(as_text=True)
    found = client.get("/werkwijzen?q=voorschot bewindvoering kredietbank")
    assert "Voorschot bewindvoering" in found.get_data(as_text=True)


def test_own_page_shows_each_step_and_the_mail_preference(client, db, pattern, ladder, reporters):
    escalation.escalate(ladder.chair, pattern, DossierInput(question="Vooraf vergoeden?"))
    log_in(client, reporters[0])
    body = client.get("/mijn-patronen").get_data(as_text=True)
    assert pattern.title in body
    assert "voorgelegd aan Ambtelijke stuurgroep" in body
    assert "Opgepakt door Werktafel Schulden" in body
    response = client.post("/mijn-patronen/email", data={"notify": "0"})
    assert response.status_code == 302
    assert reporters[0].notify_by_email is False


def test_an_illegal_step_is_refused_with_a_clear_message(client, db, pattern, ladder):
    escalation.escalate(ladder.chair, pattern, DossierInput(question="Vooraf vergoeden?"))
    log_in(client, ladder.civil_chair)
    response = client.post(
        f"/tafels/patronen/{pattern.id}/afsluiten",
        data={"close-text": "Vergoeding gaat voortaan vooraf.", "close-version": ""},
    )
    assert response.status_code == 409
    assert "Een patroon met status" in response.get_data(as_text=True)
    assert db.session.get(Pattern, pattern.id).state == PatternState.ESCALATED
