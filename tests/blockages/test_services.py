"""Logging knelpunten: validation, privacy guard, ownership, audit trail."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from learning.audit.models import AuditEntry
from learning.audit.services import history
from learning.blockages import services
from learning.blockages.models import Blockage
from learning.errors import Conflict, DomainError, Forbidden
from learning.timeutil import today
from tests.factories import OrganisationFactory, UserFactory

TEXT = "De Wmo-indicatie duurt langer dan acht weken, waardoor de huishoudelijke hulp niet start."


def _input(**overrides) -> services.BlockageInput:
    values = {
        "title": "Wmo-indicatie duurt te lang",
        "description": TEXT,
        "domains": ["wmo"],
        "handling": "niet_opgelost",
    }
    values.update(overrides)
    return services.BlockageInput(**values)


def test_log_blockage_stores_it_with_reporter_organisation_and_audit(db):
    user = UserFactory()
    partner = OrganisationFactory(name="Woonstichting Test")
    blockage = services.log_blockage(
        user,
        _input(domains=["wmo", "wonen"], involved_organisation_ids=[partner.id], impacts=["zorg"]),
    )
    assert blockage.id is not None
    assert blockage.organisation == user.organisations[0]
    assert blockage.domains == ["wmo", "wonen"]
    assert blockage.involved_organisations == [partner]
    assert blockage.reported_on == today()
    assert [e.action for e in history(blockage)] == ["blockage.logged"]


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"title": ""}, "korte titel"),
        ({"title": "x" * 121}, "te lang"),
        ({"description": "kort"}, "minstens 10"),
        ({"description": "x" * 5001}, "te lang"),
        ({"domains": []}, "minstens één domein"),
        ({"domains": ["belastingen"]}, "Onbekend domein"),
        ({"handling": "weet niet"}, "hoe het knelpunt"),
        ({"impacts": ["honger"]}, "Onbekende impact"),
        ({"reported_on": today() + timedelta(days=3)}, "toekomst"),
    ],
)
def test_bad_input_is_refused_with_a_dutch_message(db, overrides, message):
    with pytest.raises(DomainError, match=message):
        services.log_blockage(UserFactory(), _input(**overrides))
    assert db.session.scalar(select(Blockage.id)) is None


def test_personal_data_is_refused_until_masked(db):
    user = UserFactory()
    text = "Cliënt met BSN 111222333 kreeg geen bijzondere bijstand omdat de aanvraag te laat was."
    with pytest.raises(services.PersonalDataFound) as caught:
        services.log_blockage(user, _input(description=text))
    assert [f.kind for f in caught.value.findings["description"]] == ["bsn"]
    assert db.session.scalar(select(Blockage.id)) is None

    blockage = services.log_blockage(user, _input(description=text, mask_personal_data=True))
    assert "111222333" not in blockage.description
    assert "[BSN]" in blockage.description


def test_unmasked_identifiers_never_reach_the_database_or_audit(db):
    user = UserFactory()
    text = (
        "Bel mevrouw op 06-12345678 of mail naar jan.jansen@example.nl over de aanvraag bijstand."
    )
    blockage = services.log_blockage(user, _input(description=text, mask_personal_data=True))
    services.withdraw_blockage(
        user, blockage, reason="Dubbel gemeld, zie mail van jan.jansen@example.nl"
    )
    db.session.flush()
    stored = db.session.scalar(select(Blockage.description).where(Blockage.id == blockage.id))
    audit = [str(e.details) for e in db.session.scalars(select(AuditEntry))]
    for secret in ("06-12345678", "jan.jansen@example.nl"):
        assert secret not in stored
        assert all(secret not in line for line in audit)


def test_second_submit_of_the_same_form_makes_no_duplicate(db):
    user = UserFactory()
    first = services.log_blockage(user, _input(submission_key="form-1"))
    second = services.log_blockage(user, _input(submission_key="form-1"))
    assert first.id == second.id
    assert len(db.session.scalars(select(Blockage)).all()) == 1


def test_only_the_reporter_edits_and_an_old_version_is_refused(db):
    user = UserFactory()
    blockage = services.log_blockage(user, _input())
    db.session.flush()
    with pytest.raises(Forbidden):
        services.update_blockage(UserFactory(), blockage, _input(title="Anders"), blockage.version)
    services.update_blockage(user, blockage, _input(title="Nieuwe titel"), blockage.version)
    db.session.flush()
    assert blockage.title == "Nieuwe titel"
    with pytest.raises(Conflict):
        services.update_blockage(user, blockage, _input(title="Nog een"), blockage.version - 1)
    assert [e.action for e in history(blockage)] == ["blockage.logged", "blockage.updated"]


def test_withdrawn_blockage_cannot_be_edited(db):
    user = UserFactory()
    blockage = services.log_blockage(user, _input())
    services.withdraw_blockage(user, blockage)
    with pytest.raises(DomainError, match="ingetrokken"):
        services.update_blockage(user, blockage, _input(), None)


def test_deleted_organisation_gives_a_clear_message(db):
    from learning.accounts.services import delete_organisation

    user = UserFactory()
    gone = OrganisationFactory()
    delete_organisation(UserFactory(roles=["programme_admin"]), gone.id)
    with pytest.raises(DomainError, match="bestaat niet meer"):
        services.log_blockage(user, _input(involved_organisation_ids=[gone.id]))
