"""The chair's pattern page as a working page (issue 12 §2) and the knelpunt page (§3)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from learning.audit.models import AuditEntry
from learning.blockages.services import BlockageInput, log_blockage
from learning.extensions import db as _db
from learning.patterns import triage
from learning.patterns.models import LearningOrder, PatternState, RootCause
from learning.patterns.queries import member_of
from learning.unit_of_work import commit
from tests.factories import BlockageFactory, LearningTableFactory, UserFactory
from tests.patterns.helpers import loose_pattern


def sign_in(client, user) -> None:
    commit()
    with client.session_transaction() as session:
        session["_user_id"] = user.get_id()
        session["_fresh"] = True


def text_of(response) -> str:
    return response.get_data(as_text=True)


def test_the_triage_panel_comes_before_the_knelpunten(client, werktafel):
    pattern = loose_pattern(3, werktafel)
    sign_in(client, werktafel.chair)

    page = text_of(client.get(f"/patronen/{pattern.id}"))

    assert page.index("Volgende stap") < page.index("Knelpunten in dit patroon")
    assert "Bevestig het patroon met oorzaak en orde" in page


def test_confirming_as_third_order_offers_the_escalation_at_once(client, werktafel):
    parent = LearningTableFactory(name="Stuurgroep", kind="civil_steering", domains=[])
    werktafel.parent = parent
    pattern = loose_pattern(3, werktafel)
    sign_in(client, werktafel.chair)

    response = client.post(
        f"/patronen/{pattern.id}/bevestigen",
        data={"title": "Wachttijd", "root_cause": "regelgeving", "order": "third"},
    )

    assert response.headers["Location"].endswith(f"/patronen/{pattern.id}#escaleren")
    page = text_of(client.get(f"/patronen/{pattern.id}"))
    assert '<details class="card" id="escaleren" open>' in page


def test_cause_and_order_stay_editable_after_confirmation_and_are_audited(client, werktafel):
    pattern = loose_pattern(3, werktafel)
    triage.confirm(werktafel.chair, pattern, "Wachttijd", "", "uitvoering", "second")
    sign_in(client, werktafel.chair)

    response = client.post(
        f"/patronen/{pattern.id}/indeling",
        data={"root_cause": "regelgeving", "order": "third", "version": pattern.version},
    )

    assert response.status_code == 302
    _db.session.expire_all()
    assert (pattern.root_cause, pattern.order) == (RootCause.REGULATION, LearningOrder.THIRD)
    entry = _db.session.scalars(
        select(AuditEntry).where(AuditEntry.action == "pattern.classified")
    ).one()
    assert entry.details["before"] == {"root_cause": "uitvoering", "order": "second"}
    page = text_of(client.get(f"/patronen/{pattern.id}"))
    assert "Regelgeving" in page
    assert "Oorzaak en orde bijgesteld" in page


def test_a_detached_reporter_is_told_why(client, werktafel, mailbox):
    pattern = loose_pattern(3, werktafel)
    leaving = pattern.members[0].blockage
    leaving.reporter.notification_mail = "immediately"
    sign_in(client, werktafel.chair)

    client.post(
        f"/patronen/{pattern.id}/losmaken/{leaving.id}",
        data={"reason": "Gaat over leerlingenvervoer"},
    )
    commit()

    mail = [m for m in mailbox if leaving.reporter.email in m.to]
    assert len(mail) == 1
    assert "Gaat over leerlingenvervoer" in mail[0].body
    assert member_of(leaving.id) is None


def test_a_chair_finds_loose_knelpunten_by_title(client, werktafel):
    pattern = loose_pattern(2, werktafel)
    loose = BlockageFactory(title="Kostendelersnorm bij opvang")
    grouped = loose_pattern(1, werktafel).members[0].blockage
    grouped.title = "Kostendelersnorm in een patroon"
    sign_in(client, werktafel.chair)

    found = text_of(client.get(f"/patronen/{pattern.id}/losse-knelpunten?q=kostendelersnorm"))

    assert "Kostendelersnorm bij opvang" in found
    assert "Kostendelersnorm in een patroon" not in found
    client.post(f"/patronen/{pattern.id}/toevoegen", data={"blockage_id": loose.id})
    assert member_of(loose.id).pattern_id == pattern.id
    sign_in(client, UserFactory())
    assert client.get(f"/patronen/{pattern.id}/losse-knelpunten?q=x").status_code == 403


def test_the_knelpunt_page_reads_as_dutch_sentences(client, werktafel):
    reporter = UserFactory()
    blockage = log_blockage(
        reporter,
        BlockageInput(
            title="Wachten op bewindvoering",
            description="De vergoeding voor bewindvoering komt pas na drie maanden.",
            domains=["schulden"],
            handling="niet_opgelost",
        ),
    )
    pattern = loose_pattern(2, werktafel, state=PatternState.NEW)
    triage.attach(werktafel.chair, pattern, blockage.id)
    triage.confirm(werktafel.chair, pattern, "Wachttijd", "", "uitvoering", "second")
    sign_in(client, reporter)

    page = text_of(client.get(f"/knelpunten/{blockage.id}"))

    assert "Knelpunt gemeld." in page
    assert "blockage.logged" not in page
    assert "Laatste stap" in page
    assert "Opgepakt door Werktafel Schulden" in page


def test_a_detached_knelpunt_can_be_put_back(client, werktafel):
    pattern = loose_pattern(3, werktafel)
    leaving = pattern.members[0].blockage
    triage.detach(werktafel.chair, pattern, leaving.id, reason="Past niet")
    sign_in(client, werktafel.chair)

    page = text_of(client.get(f"/patronen/{pattern.id}"))
    assert "Terugzetten in dit patroon" in page

    client.post(f"/patronen/{pattern.id}/toevoegen", data={"blockage_id": leaving.id})
    assert member_of(leaving.id).pattern_id == pattern.id


def test_the_reporters_of_split_off_knelpunten_hear_where_they_went(werktafel, mailbox):
    pattern = loose_pattern(3, werktafel)
    moving = pattern.members[0].blockage
    moving.reporter.notification_mail = "immediately"
    commit()
    target = triage.split(werktafel.chair, pattern, [moving.id], title="Apart patroon")
    commit()

    told = [m for m in mailbox if moving.reporter.email in m.to]
    assert any("kwamen hierbij uit het patroon" in m.body for m in told)
    assert member_of(moving.id).pattern_id == target.id


def test_two_chairs_at_once_the_second_keeps_what_they_typed(client, werktafel):
    secretary = UserFactory(roles=["chair"])
    werktafel.secretary = secretary
    pattern = loose_pattern(3, werktafel)
    seen = pattern.version
    triage.reject(werktafel.chair, pattern, "Eenmalig, maatwerk volstond.", seen)
    sign_in(client, secretary)

    response = client.post(
        f"/patronen/{pattern.id}/bevestigen",
        data={
            "title": "Mijn eigen titel voor dit patroon",
            "root_cause": "regelgeving",
            "order": "second",
            "version": seen,
        },
    )

    assert response.status_code == 409
    page = text_of(response)
    assert "intussen door iemand anders gewijzigd" in page
    assert "Mijn eigen titel voor dit patroon" in page  # nothing typed is lost
    _db.session.expire_all()
    assert pattern.state == PatternState.REJECTED


def test_a_user_without_a_role_can_use_the_pattern_and_table_pages(client, werktafel):
    pattern = loose_pattern(3, werktafel)
    nobody = UserFactory(roles=[])
    sign_in(client, nobody)

    for url in ("/patronen", f"/patronen/{pattern.id}", "/mijn-patronen", "/tafels"):
        response = client.get(url)
        assert response.status_code == 200, url
    assert client.get("/patronen/triage").status_code == 403


def test_a_removed_pattern_says_so_in_dutch(client, werktafel):
    sign_in(client, UserFactory())
    response = client.get("/patronen/987654")
    assert response.status_code == 404
    assert "Dit patroon bestaat niet" in text_of(response)


@pytest.mark.parametrize("field", ["other", "blockage_id"])
def test_ids_beyond_the_database_range_in_triage_forms_are_refused(client, werktafel, field):
    pattern = loose_pattern(2, werktafel)
    sign_in(client, werktafel.chair)
    path = "samenvoegen" if field == "other" else "toevoegen"

    response = client.post(f"/patronen/{pattern.id}/{path}", data={field: "9" * 25})

    assert response.status_code == 422


def test_a_merge_can_be_undone_from_the_pattern_it_went_into(client, werktafel):
    keep = loose_pattern(2, werktafel, title="Blijft")
    absorb = loose_pattern(2, werktafel, title="Gaat op")
    triage.merge(werktafel.chair, keep, absorb)
    sign_in(client, werktafel.chair)

    page = text_of(client.get(f"/patronen/{keep.id}"))
    assert "Samenvoeging ongedaan maken" in page

    client.post(f"/patronen/{absorb.id}/heropenen", data={"version": absorb.version})
    _db.session.expire_all()
    assert absorb.state == PatternState.REOPENED
    assert len(absorb.blockages) == 2
