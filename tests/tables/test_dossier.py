"""Deciding where the question is asked: the dossier page carries the decide form (issue 12 §2)."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from learning.patterns.models import PatternEvent, PatternState
from learning.tables import escalation
from learning.tables.models import Decision, RequestStatus
from learning.timeutil import today
from learning.unit_of_work import commit
from tests.factories import UserFactory
from tests.tables.helpers import dossier_input

DECISION = "Het college vergoedt bewindvoering voortaan vooraf."


def log_in(client, user) -> None:
    commit()
    with client.session_transaction() as session:
        session["_user_id"] = user.get_id()
        session["_fresh"] = True


def _at_the_stuurgroep(pattern, ladder):
    return escalation.escalate(ladder.chair, pattern, dossier_input())


def _decide(client, decision_request, pattern, text=DECISION, **extra):
    data = {
        "dossier": "1",
        "decide-text": text,
        "decide-decided_on": today().isoformat(),
        "decide-decided_by": decision_request.to_table.name,
        "decide-version": str(pattern.version),
        "decide-follow_up_table": "0",
        "decide-follow_up_owner": "0",
        "decide-follow_up_due_on": (today() + timedelta(days=30)).isoformat(),
    }
    data.update(extra)
    return client.post(f"/tafels/beslisvragen/{decision_request.id}/besluit", data=data)


def test_the_deciding_table_finds_the_decide_form_on_the_dossier(client, db, pattern, ladder):
    decision_request = _at_the_stuurgroep(pattern, ladder)
    member = UserFactory(name="Lid Ambtelijk")
    ladder.ambtelijk.members.append(member)
    url = f"/tafels/beslisvragen/{decision_request.id}"

    for user in (ladder.civil_chair, member):
        log_in(client, user)
        assert "Besluit vastleggen" in client.get(url).get_data(as_text=True)
    for user in (ladder.chair, UserFactory()):  # the lower table, a professional
        log_in(client, user)
        page = client.get(url)
        assert page.status_code == 200
        assert "Besluit vastleggen" not in page.get_data(as_text=True)


def test_deciding_from_the_dossier_shows_decision_owner_and_follow_up(client, db, pattern, ladder):
    decision_request = _at_the_stuurgroep(pattern, ladder)
    log_in(client, ladder.civil_chair)

    response = _decide(
        client,
        decision_request,
        pattern,
        **{
            "decide-follow_up_table": str(ladder.werktafel.id),
            "decide-follow_up_what": "Werkinstructie vooraf vergoeden schrijven",
            "decide-follow_up_owner": str(ladder.member.id),
        },
    )

    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/tafels/beslisvragen/{decision_request.id}")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert DECISION in page
    assert f"Besloten op {today().day}" in page
    assert "vastgelegd door Voorzitter Ambtelijk" in page
    assert "Werkinstructie vooraf vergoeden schrijven" in page
    assert "Beleidsmedewerker" in page  # the owner of the follow-up action
    assert "Besluit vastleggen" not in page  # answered


def test_deciding_twice_is_refused_in_dutch_and_nothing_changes(client, db, pattern, ladder):
    decision_request = _at_the_stuurgroep(pattern, ladder)
    log_in(client, ladder.civil_chair)
    seen = pattern.version
    assert _decide(client, decision_request, pattern).status_code == 302

    again = _decide(client, decision_request, pattern, text="Toch anders besloten, later.")

    assert again.status_code == 409
    assert "al afgehandeld" in again.get_data(as_text=True)
    assert db.session.scalars(select(Decision.text)).all() == [DECISION]
    assert pattern.version != seen


def test_a_sent_back_question_cannot_be_decided(client, db, pattern, ladder):
    decision_request = _at_the_stuurgroep(pattern, ladder)
    escalation.send_back(ladder.civil_chair, decision_request, "Eerst de kosten uitzoeken.")
    log_in(client, ladder.civil_chair)

    response = _decide(client, decision_request, pattern)

    assert response.status_code == 409
    assert "teruggestuurd" in response.get_data(as_text=True)
    assert decision_request.status == RequestStatus.RETURNED
    assert db.session.scalars(select(Decision)).all() == []


def test_a_refused_decision_keeps_the_text_and_says_niet_opgeslagen(client, db, pattern, ladder):
    decision_request = _at_the_stuurgroep(pattern, ladder)
    log_in(client, ladder.civil_chair)

    response = _decide(client, decision_request, pattern, text="Kort")

    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Niet opgeslagen" in page
    assert "minstens 10 tekens" in page
    assert "Kort</textarea>" in page
    assert 'aria-invalid="true"' in page or "error-box" in page
    assert pattern.state == PatternState.ESCALATED


def test_sending_back_from_the_dossier_returns_there(client, db, pattern, ladder):
    decision_request = _at_the_stuurgroep(pattern, ladder)
    log_in(client, ladder.civil_chair)

    response = client.post(
        f"/tafels/beslisvragen/{decision_request.id}/terugsturen",
        data={
            "dossier": "1",
            "send_back-text": "Zoek eerst uit wat het kost.",
            "send_back-version": str(pattern.version),
        },
    )

    assert response.headers["Location"].endswith(f"/tafels/beslisvragen/{decision_request.id}")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Zoek eerst uit wat het kost." in page


def test_my_patterns_lists_what_waits_for_my_decision(client, db, pattern, ladder):
    decision_request = _at_the_stuurgroep(pattern, ladder)
    log_in(client, ladder.civil_chair)

    page = client.get("/mijn-patronen").get_data(as_text=True)

    assert "Wacht op uw besluit" in page
    assert f'href="/tafels/beslisvragen/{decision_request.id}"' in page
    log_in(client, ladder.chair)
    assert "Wacht op uw besluit" not in client.get("/mijn-patronen").get_data(as_text=True)


def test_the_decision_line_does_not_repeat_the_table_name(db, pattern, ladder):
    decision_request = _at_the_stuurgroep(pattern, ladder)
    escalation.decide(
        ladder.civil_chair,
        decision_request,
        escalation.DecisionInput(text=DECISION, decided_by=ladder.ambtelijk.name),
    )
    summary = db.session.scalars(
        select(PatternEvent.summary).where(PatternEvent.kind == "state:besluit")
    ).one()
    assert summary.count(ladder.ambtelijk.name) == 1
    assert f"{today().year}" in summary


def test_owners_are_grouped_by_table_and_organisation(client, db, pattern, ladder):
    log_in(client, ladder.chair)
    page = client.get(f"/tafels/patronen/{pattern.id}").get_data(as_text=True)
    assert f'<optgroup label="{ladder.werktafel.name}">' in page
