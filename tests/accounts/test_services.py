"""Accounts: passwords, invitations, password reset, organisations."""

from __future__ import annotations

from datetime import timedelta

import pytest

from learning.accounts import services
from learning.accounts.models import Role
from learning.errors import DomainError
from learning.timeutil import utcnow
from learning.unit_of_work import commit
from tests.factories import PASSWORD, OrganisationFactory, UserFactory


def test_passwords_are_hashed_with_argon2_and_checked(db):
    org = OrganisationFactory()
    user = services.create_user(
        "A@Example.org ", "Ann", {Role.PROFESSIONAL}, [org], "lang-genoeg-1"
    )
    assert user.email == "a@example.org"
    assert user.password_hash.startswith("$argon2")
    assert services.authenticate("a@example.org", "lang-genoeg-1") == user
    assert services.authenticate("a@example.org", "fout-wachtwoord") is None
    assert services.authenticate("onbekend@example.org", "lang-genoeg-1") is None


def test_short_password_and_duplicate_email_are_refused(db):
    org = OrganisationFactory()
    with pytest.raises(DomainError, match="minstens 10"):
        services.create_user("b@example.org", "B", {Role.PROFESSIONAL}, [org], "kort")
    services.create_user("c@example.org", "C", {Role.PROFESSIONAL}, [org], "lang-genoeg-1")
    with pytest.raises(DomainError, match="bestaat al"):
        services.create_user("C@example.org", "C2", {Role.PROFESSIONAL}, [org], "lang-genoeg-1")


def test_inactive_user_cannot_log_in(db):
    user = UserFactory(active=False)
    assert services.authenticate(user.email, PASSWORD) is None


def test_invitation_sends_a_link_that_sets_the_password_once(app, db, mailbox):
    admin = UserFactory(roles=["programme_admin"])
    org = OrganisationFactory()
    with app.test_request_context():
        invited = services.invite_user(admin, "nieuw@example.org", "Nieuw", {Role.MANAGER}, [org])
        commit()
    assert len(mailbox) == 1
    body = mailbox[0].body
    token = body.split("/uitnodiging/")[1].split()[0]
    services.accept_invitation(token, "mijn-nieuwe-wachtwoord")
    commit()
    assert services.authenticate("nieuw@example.org", "mijn-nieuwe-wachtwoord") == invited
    with pytest.raises(DomainError, match="ongeldig of al gebruikt"):
        services.accept_invitation(token, "nog-een-wachtwoord")


def test_password_reset_link_expires(app, db, mailbox, time_machine):
    user = UserFactory()
    with app.test_request_context():
        services.request_password_reset(user.email)
        commit()
    token = mailbox[0].body.split("/wachtwoord-herstellen/")[1].split()[0]
    time_machine.move_to(utcnow() + timedelta(days=4))
    with pytest.raises(DomainError, match="verlopen"):
        services.reset_password(token, "een-nieuw-wachtwoord")


def test_reset_for_unknown_email_sends_nothing(app, db, mailbox):
    with app.test_request_context():
        services.request_password_reset("niemand@example.org")
        commit()
    assert mailbox == []


def test_deleted_organisation_cannot_be_chosen_for_a_new_user(db):
    admin = UserFactory(roles=["programme_admin"])
    org = OrganisationFactory()
    services.delete_organisation(admin, org.id)
    with pytest.raises(DomainError, match="bestaat niet meer"):
        services.create_user("d@example.org", "D", {Role.PROFESSIONAL}, [org], "lang-genoeg-1")
    assert org not in services.live_organisations()
