"""A small network with hand-countable knelpunten and patterns, for the insight figures."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest

from learning.accounts.models import Organisation, User
from learning.blockages.models import Area, Blockage
from learning.patterns.models import LearningOrder, Pattern, PatternMember, PatternState
from learning.tables.models import LearningTable
from tests.factories import BlockageFactory, LearningTableFactory, OrganisationFactory, UserFactory


@dataclass
class Network:
    gemeente: Organisation
    wijkteam: Organisation
    noord: Area
    table: LearningTable
    other_table: LearningTable
    chair: User
    reporters: list[User]


@pytest.fixture
def network(db) -> Network:
    gemeente = OrganisationFactory(name="Gemeente Maasdal")
    wijkteam = OrganisationFactory(name="Wijkteam Maasdal")
    noord = Area(name="Noord")
    db.session.add(noord)
    chair = UserFactory(roles=["chair"], name="Voorzitter", organisations=[gemeente])
    table = LearningTableFactory(name="Werktafel Wmo", chair=chair, domains=["wmo"])
    other = LearningTableFactory(name="Werktafel Jeugd", domains=["jeugdwet"])
    reporters = [
        UserFactory(name=f"Professional {i}", organisations=[gemeente if i % 2 else wijkteam])
        for i in range(6)
    ]
    db.session.flush()
    return Network(gemeente, wijkteam, noord, table, other, chair, reporters)


def report(
    reporter: User, day: date, domains: list[str], area: Area | None = None, **values
) -> Blockage:
    return BlockageFactory(
        reporter=reporter,
        reported_on=day,
        domains=domains,
        area_id=area.id if area else None,
        **values,
    )


def pattern_of(
    blockages: list[Blockage],
    table: LearningTable | None,
    state: PatternState = PatternState.IN_PROGRESS,
    order: LearningOrder | None = LearningOrder.SECOND,
    **values,
) -> Pattern:
    from learning.extensions import db

    pattern = Pattern(
        title=values.pop("title", "Wachttijd Wmo-indicatie"),
        state=state,
        order=order,
        table_id=table.id if table else None,
        **values,
    )
    db.session.add(pattern)
    db.session.flush()
    for blockage in blockages:
        db.session.add(PatternMember(pattern_id=pattern.id, blockage_id=blockage.id))
    db.session.flush()
    return pattern
