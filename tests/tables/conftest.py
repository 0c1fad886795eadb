"""Fixtures for the learning tables: a complete ladder and a pattern on the werktafel."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from learning.accounts.models import Organisation, User
from learning.patterns.models import MemberStatus, Pattern, PatternMember, PatternState
from learning.patterns.triage import confirm
from learning.tables.models import LearningTable, TableKind
from learning.timeutil import utcnow
from tests.factories import BlockageFactory, LearningTableFactory, OrganisationFactory, UserFactory


@dataclass
class Ladder:
    gemeente: Organisation
    werktafel: LearningTable
    ambtelijk: LearningTable
    bestuurlijk: LearningTable
    landelijk: LearningTable
    chair: User  # of the werktafel
    civil_chair: User
    executive_chair: User
    member: User  # a named member of the werktafel


@pytest.fixture
def ladder(db) -> Ladder:
    gemeente = OrganisationFactory(name="Gemeente Oss")
    chair = UserFactory(roles=["chair"], name="Voorzitter Werktafel", organisations=[gemeente])
    civil_chair = UserFactory(
        roles=["chair"], name="Voorzitter Ambtelijk", organisations=[gemeente]
    )
    executive_chair = UserFactory(roles=["executive"], name="Wethouder", organisations=[gemeente])
    member = UserFactory(name="Beleidsmedewerker", organisations=[gemeente])
    landelijk = LearningTableFactory(name="OnsPact", kind=TableKind.NATIONAL, domains=[])
    bestuurlijk = LearningTableFactory(
        name="Bestuurlijke stuurgroep",
        kind=TableKind.EXECUTIVE_STEERING,
        parent=landelijk,
        chair=executive_chair,
        domains=[],
    )
    ambtelijk = LearningTableFactory(
        name="Ambtelijke stuurgroep",
        kind=TableKind.CIVIL_STEERING,
        parent=bestuurlijk,
        chair=civil_chair,
        domains=[],
    )
    werktafel = LearningTableFactory(
        name="Werktafel Schulden",
        kind=TableKind.WORK_TABLE,
        parent=ambtelijk,
        chair=chair,
        domains=["schulden", "wmo"],
        organisations=[gemeente],
        members=[member],
    )
    db.session.flush()
    return Ladder(
        gemeente,
        werktafel,
        ambtelijk,
        bestuurlijk,
        landelijk,
        chair,
        civil_chair,
        executive_chair,
        member,
    )


@pytest.fixture
def reporters(db) -> list[User]:
    return [UserFactory(name=f"Professional {i}") for i in range(3)]


def make_pattern(table: LearningTable, reporters: list[User], **kwargs) -> Pattern:
    """A pattern on the table's triage queue with one knelpunt per reporter."""
    pattern = Pattern(
        title=kwargs.pop("title", "Bewindvoering pas na drie maanden vergoed"),
        description="Schulden lopen op terwijl de vergoeding voor bewindvoering wacht.",
        key_terms=["bewindvoering", "schulden"],
        state=PatternState.NEW,
        table=table,
        queued_at=utcnow(),
    )
    from learning.extensions import db

    db.session.add(pattern)
    db.session.flush()
    for reporter in reporters:
        blockage = BlockageFactory(
            reporter=reporter,
            domains=["schulden"],
            description=kwargs.get(
                "description",
                "De vergoeding voor bewindvoering komt pas na drie maanden; intussen groeien "
                "de schulden van het gezin.",
            ),
        )
        db.session.add(
            PatternMember(pattern=pattern, blockage=blockage, status=MemberStatus.CONFIRMED)
        )
    db.session.flush()
    db.session.expire(pattern, ["members"])
    return pattern


@pytest.fixture
def pattern(ladder, reporters) -> Pattern:
    """Confirmed as second order: in behandeling at the werktafel."""
    pattern = make_pattern(ladder.werktafel, reporters)
    confirm(ladder.chair, pattern, pattern.title, pattern.description, "uitvoering", "second")
    return pattern
