"""Roles per series: who starts which level, who runs a series, who records outcomes."""

from __future__ import annotations

from datetime import date, time

import pytest

from learning.blockages.models import Area
from learning.errors import DomainError, Forbidden
from learning.extensions import db
from learning.sessions import agenda, outcomes, planning
from learning.sessions import series as series_services
from learning.sessions.models import ItemStatus, Outcome, SeriesRole, SessionLevel
from learning.sessions.permissions import can_create_series, creatable_levels
from learning.tables.models import TableKind
from tests.factories import LearningTableFactory, UserFactory
from tests.sessions.builders import dilemma


def _series(actor, name, level, **kwargs):
    return series_services.create_series(
        actor, series_services.SeriesInput(name=name, level=level, **kwargs)
    )


@pytest.fixture
def areas(db):
    found = [Area(name="Schadewijk"), Area(name="Oss-Noord")]
    db.session.add_all(found)
    db.session.flush()
    return found


def test_an_aanjager_starts_the_professionals_series_of_their_own_wijk_only(areas, ladder):
    lotte = UserFactory(roles=["professional", "champion"], name="Lotte")
    admin = UserFactory(roles=["programme_admin"])
    assert not can_create_series(lotte)  # no wijk recorded yet: no "Nieuwe reeks"
    series_services.set_champion_areas(admin, lotte, [areas[0].id])
    assert creatable_levels(lotte) == [SessionLevel.UITVOERING]
    with pytest.raises(Forbidden, match="aanjager van die wijk"):
        _series(lotte, "Elders", "uitvoering", area_id=areas[1].id)
    with pytest.raises(Forbidden, match="managers"):
        _series(lotte, "Managers", "management")
    with pytest.raises(Forbidden, match="bestuurlijke stuurgroep"):
        _series(lotte, "Bestuur", "bestuur")
    mine = _series(lotte, "Leersessie Schadewijk", "uitvoering", area_id=areas[0].id)
    assert mine.facilitators == [lotte]
    # She plans the sessions of the series she created.
    meeting = planning.plan_meeting(lotte, mine, date(2025, 3, 20), time(19))
    assert lotte in meeting.attendees


def test_managers_and_werktafel_chairs_start_the_management_level(ladder):
    karin = UserFactory(roles=["chair"], name="Karin")
    marloes = UserFactory(roles=["manager"], name="Marloes")
    series = _series(karin, "Managers Maasdal", "management", member_ids=[marloes.id])
    assert series.role_of(karin) == SeriesRole.FACILITATOR
    assert series.role_of(marloes) == SeriesRole.MEMBER
    with pytest.raises(Forbidden):
        _series(marloes, "Bestuur Maasdal", "bestuur")


def test_the_steering_groups_chair_and_secretary_start_the_bestuur_level(db):
    wethouder = UserFactory(roles=["executive"], name="Wethouder")
    secretary = UserFactory(roles=["professional"], name="Secretaris")
    director = UserFactory(roles=["executive"], name="Directeur")
    LearningTableFactory(
        kind=TableKind.EXECUTIVE_STEERING, chair=wethouder, secretary=secretary, domains=[]
    )
    assert creatable_levels(director) == []
    with pytest.raises(Forbidden):
        _series(director, "Bestuur A", "bestuur")
    series = _series(
        wethouder,
        "Bestuur Maasdal",
        "bestuur",
        secretary_id=secretary.id,
        member_ids=[director.id],
    )
    assert series.facilitators == [wethouder]
    assert series.secretary == secretary
    assert _series(secretary, "Bestuur B", "bestuur").facilitators == [secretary]


def test_the_programme_team_starts_any_level_for_someone_else(ladder):
    admin = UserFactory(roles=["programme_admin"])
    series = _series(admin, "Managers Zuid", "management", facilitator_ids=[ladder.manager.id])
    assert series.facilitators == [ladder.manager]
    assert series.role_of(admin) is None


def test_several_facilitators_and_a_secretary_run_the_series_members_do_not(ladder):
    second = UserFactory(roles=["champion"], name="Tweede aanjager")
    secretary = UserFactory(name="Sam Secretaris")
    series_services.set_role(ladder.aanjager, ladder.uitvoering, second, "facilitator")
    series_services.set_role(ladder.aanjager, ladder.uitvoering, secretary, "secretary")
    assert ladder.uitvoering.facilitators == [ladder.aanjager, second]
    # Everyone taking part is invited to the sessions already planned.
    assert {second, secretary} <= set(ladder.u_meeting.attendees)
    planned = planning.plan_meeting(second, ladder.uitvoering, date(2025, 4, 8), time(19))
    assert planned.series is ladder.uitvoering
    planning.plan_meeting(secretary, ladder.uitvoering, date(2025, 5, 13), time(19))
    with pytest.raises(Forbidden):
        planning.plan_meeting(ladder.professional, ladder.uitvoering, date(2025, 6, 10), time(19))
    with pytest.raises(Forbidden):
        series_services.set_role(
            ladder.professional, ladder.uitvoering, ladder.colleague, "secretary"
        )


def test_a_new_secretary_takes_over_and_the_old_one_stays_a_member(ladder):
    first, second = UserFactory(name="Eerste"), UserFactory(name="Tweede")
    series_services.set_role(ladder.aanjager, ladder.uitvoering, first, "secretary")
    series_services.set_role(ladder.aanjager, ladder.uitvoering, second, "secretary")
    assert ladder.uitvoering.secretary == second
    assert ladder.uitvoering.role_of(first) == SeriesRole.MEMBER


def test_removing_or_demoting_the_last_facilitator_is_refused(ladder):
    with pytest.raises(DomainError, match="enige facilitator"):
        series_services.remove_member(ladder.aanjager, ladder.uitvoering, ladder.aanjager)
    with pytest.raises(DomainError, match="enige facilitator"):
        series_services.set_role(ladder.aanjager, ladder.uitvoering, ladder.aanjager, "member")
    assert ladder.uitvoering.facilitators == [ladder.aanjager]
    series_services.set_role(ladder.aanjager, ladder.uitvoering, ladder.colleague, "facilitator")
    series_services.remove_member(ladder.aanjager, ladder.uitvoering, ladder.aanjager)
    assert ladder.uitvoering.facilitators == [ladder.colleague]


def test_a_manager_records_and_escalates_a_dilemma_in_her_own_session(ladder):
    """At management level the members decide together; any member records it."""
    marloes = UserFactory(roles=["manager"], name="Marloes")
    series_services.add_member(ladder.manager, ladder.management, marloes)
    brought_up = agenda.submit_item(ladder.professional, ladder.uitvoering, dilemma())
    upper = outcomes.escalate_item(ladder.aanjager, brought_up, "Volgorde ligt vast in beleid.")
    assert upper.meeting == ladder.m_meeting
    top = outcomes.escalate_item(marloes, upper, "Vraagt om een besluit over budgetten.")
    assert upper.outcome == Outcome.ESCALATED
    assert upper.decided_by_id == marloes.id
    assert top.series == ladder.bestuur


def test_at_the_professionals_level_members_record_only_their_own_items(ladder):
    own = agenda.submit_item(ladder.professional, ladder.uitvoering, dilemma())
    other = agenda.submit_item(ladder.colleague, ladder.uitvoering, dilemma("Ander dilemma"))
    outcomes.mark_discussed(ladder.professional, own, "Besproken in de groep", "Tip gedeeld")
    assert own.status == ItemStatus.HANDLED
    with pytest.raises(Forbidden):
        outcomes.mark_discussed(ladder.professional, other, "Niet van mij")
    with pytest.raises(Forbidden):
        outcomes.escalate_item(ladder.professional, other, "Niet van mij")
    db.session.flush()
    assert other.status != ItemStatus.HANDLED
