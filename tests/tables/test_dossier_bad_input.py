"""Issue 12, bad input on the dossier: deciding twice, or a beslisvraag that was sent back.

Each answer is a Dutch message on the dossier page itself (409), the first answer stays, and
the page still shows the dossier.
"""

from __future__ import annotations

from sqlalchemy import select

from learning.tables import escalation
from learning.tables.escalation import DecisionInput
from learning.tables.models import Decision, DecisionRequest, RequestStatus
from tests.tables.helpers import dossier_input
from tests.tables.test_views import log_in


def _decide(client, request, pattern, text):
    return client.post(
        f"/tafels/beslisvragen/{request.id}/besluit",
        data={
            "decide-text": text,
            "decide-follow_up_table": "0",
            "decide-follow_up_owner": "0",
            "decide-version": str(pattern.version),
            "next": f"/tafels/beslisvragen/{request.id}",
        },
    )


def test_deciding_twice_keeps_the_first_decision_and_says_so(client, db, pattern, ladder):
    request = escalation.escalate(ladder.chair, pattern, dossier_input())
    escalation.decide(
        ladder.civil_chair, request, DecisionInput("Eerste besluit: vooraf vergoeden.")
    )
    log_in(client, ladder.civil_chair)
    response = _decide(client, request, pattern, "Tweede besluit: niet vergoeden.")
    html = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "al afgehandeld" in html
    assert db.session.scalars(select(Decision.text)).all() == ["Eerste besluit: vooraf vergoeden."]
    page = client.get(f"/tafels/beslisvragen/{request.id}")
    assert page.status_code == 200
    assert "Eerste besluit: vooraf vergoeden." in page.get_data(as_text=True)


def test_a_sent_back_beslisvraag_cannot_be_decided(client, db, pattern, ladder):
    request = escalation.escalate(ladder.chair, pattern, dossier_input())
    escalation.send_back(ladder.civil_chair, request, "Eerst de werkinstructie aanpassen.")
    log_in(client, ladder.civil_chair)
    response = _decide(client, request, pattern, "Toch een besluit nemen hierover.")
    assert response.status_code == 409
    assert "al afgehandeld (teruggestuurd)" in response.get_data(as_text=True)
    assert db.session.get(DecisionRequest, request.id).status == RequestStatus.RETURNED
    assert db.session.scalar(select(Decision.id)) is None
