"""Factories with sensible defaults for test data."""

from __future__ import annotations

import factory
from factory.alchemy import SQLAlchemyModelFactory

from learning.accounts.models import Organisation, OrganisationKind, User, UserRole
from learning.accounts.services import hash_password
from learning.blockages.models import Blockage, BlockageDomain
from learning.extensions import db
from learning.tables.models import LearningTable, TableKind
from learning.timeutil import today

PASSWORD = "correct-horse-42"
_PASSWORD_HASH = hash_password(PASSWORD)


class _Base(SQLAlchemyModelFactory):
    class Meta:
        abstract = True
        sqlalchemy_session_factory = lambda: db.session  # noqa: E731
        sqlalchemy_session_persistence = "flush"


class OrganisationFactory(_Base):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisatie {n}")
    kind = OrganisationKind.NEIGHBOURHOOD_TEAM


class UserFactory(_Base):
    class Meta:
        model = User

    email = factory.Sequence(lambda n: f"gebruiker{n}@example.org")
    name = factory.Sequence(lambda n: f"Gebruiker {n}")
    password_hash = _PASSWORD_HASH
    organisations = factory.LazyFunction(lambda: [OrganisationFactory()])

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        self.role_rows = [UserRole(role=str(role)) for role in (extracted or ["professional"])]
        if create:
            db.session.flush()


class BlockageFactory(_Base):
    class Meta:
        model = Blockage

    title = factory.Sequence(lambda n: f"Knelpunt {n}")
    description = "De regel past niet bij de situatie van de inwoner, waardoor hulp uitblijft."
    handling = "niet_opgelost"
    impacts = factory.LazyFunction(list)
    reporter = factory.SubFactory(UserFactory)
    organisation = factory.LazyAttribute(lambda o: o.reporter.organisations[0])
    reported_on = factory.LazyFunction(today)

    @factory.post_generation
    def domains(self, create, extracted, **kwargs):
        self.domain_rows = [BlockageDomain(domain=d) for d in (extracted or ["wmo"])]
        if create:
            db.session.flush()


class LearningTableFactory(_Base):
    class Meta:
        model = LearningTable

    name = factory.Sequence(lambda n: f"Werktafel {n}")
    kind = TableKind.WORK_TABLE
    domains = factory.LazyFunction(lambda: ["wmo"])
