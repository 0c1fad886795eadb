"""Fixtures for the leersessies: a three-step ladder with a session planned on each step."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time

import pytest

from learning.accounts.models import User
from learning.blockages.models import Area
from learning.sessions import planning
from learning.sessions import series as series_services
from learning.sessions.models import LearningSession, SessionSeries
from learning.tables.models import LearningTable, TableKind
from tests.factories import LearningTableFactory, OrganisationFactory, UserFactory
from tests.sessions.builders import NOW


@dataclass
class Ladder:
    professional: User
    colleague: User
    aanjager: User  # facilitates the professionals' series
    manager: User  # facilitates the managers' series
    executive: User  # a bestuurder, member of the bestuur series
    chair: User  # facilitates the bestuur series (programme team's aanjager at that level)
    uitvoering: SessionSeries
    management: SessionSeries
    bestuur: SessionSeries
    u_meeting: LearningSession  # Tue 4 March 19:00
    m_meeting: LearningSession  # Tue 11 March 10:00
    b_meeting: LearningSession  # Tue 18 March 16:00
    steering: LearningTable


@pytest.fixture(autouse=True)
def _fixed_now(time_machine):
    time_machine.move_to(NOW, tick=True)


@pytest.fixture
def ladder(db) -> Ladder:
    org = OrganisationFactory(name="Wijkteam Ruwaard")
    professional = UserFactory(name="Pien Professional", organisations=[org])
    colleague = UserFactory(name="Chris Collega", organisations=[org])
    aanjager = UserFactory(roles=["champion"], name="Anna Aanjager", organisations=[org])
    manager = UserFactory(roles=["manager"], name="Mo Manager", organisations=[org])
    executive = UserFactory(roles=["executive"], name="Wim Wethouder", organisations=[org])
    chair = UserFactory(roles=["champion"], name="Bo Bestuursaanjager", organisations=[org])
    steering = LearningTableFactory(
        name="Bestuurlijke stuurgroep", kind=TableKind.EXECUTIVE_STEERING, domains=[], chair=chair
    )
    ruwaard = Area(name="Ruwaard")
    db.session.add(ruwaard)
    db.session.flush()
    series_services.set_champion_areas(
        UserFactory(roles=["programme_admin"]), aanjager, [ruwaard.id]
    )
    uitvoering = series_services.create_series(
        aanjager,
        series_services.SeriesInput(
            name="Leersessie Ruwaard",
            level="uitvoering",
            area_id=ruwaard.id,
            location="Wijkcentrum Ruwaard",
            weekday=1,
            week_of_month=2,
            start_time=time(19, 0),
            member_ids=[professional.id, colleague.id],
        ),
    )
    management = series_services.create_series(
        manager, series_services.SeriesInput(name="Managers Oss", level="management")
    )
    bestuur = series_services.create_series(
        chair,
        series_services.SeriesInput(
            name="Bestuurders Oss", level="bestuur", member_ids=[executive.id]
        ),
    )
    return Ladder(
        professional=professional,
        colleague=colleague,
        aanjager=aanjager,
        manager=manager,
        executive=executive,
        chair=chair,
        uitvoering=uitvoering,
        management=management,
        bestuur=bestuur,
        u_meeting=planning.plan_meeting(aanjager, uitvoering, date(2025, 3, 4), time(19, 0)),
        m_meeting=planning.plan_meeting(manager, management, date(2025, 3, 11), time(10, 0)),
        b_meeting=planning.plan_meeting(chair, bestuur, date(2025, 3, 18), time(16, 0)),
        steering=steering,
    )
