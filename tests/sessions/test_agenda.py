"""The agenda: submitting items, the privacy guard, order, postponing, flagged patterns."""

from __future__ import annotations

from datetime import date, time

import pytest

from learning.blockages.services import PersonalDataFound
from learning.errors import DomainError, Forbidden
from learning.patterns.models import Pattern, PatternState
from learning.sessions import agenda, changes, outcomes, planning, queries, questions
from learning.sessions.models import (
    ItemKind,
    ItemSource,
    ItemStatus,
)
from tests.factories import LearningTableFactory, UserFactory
from tests.sessions.builders import dilemma


def test_member_submits_a_dilemma_for_the_next_session(ladder):
    item = agenda.submit_item(ladder.professional, ladder.uitvoering, dilemma())
    assert item.meeting is ladder.u_meeting
    assert item.status == ItemStatus.PROPOSED
    assert queries.agenda(ladder.u_meeting) == [item]
    by_aanjager = agenda.submit_item(ladder.aanjager, ladder.uitvoering, dilemma("Tweede"))
    assert by_aanjager.status == ItemStatus.ACCEPTED
    assert by_aanjager.position == item.position + 1


def test_outsiders_cannot_submit(ladder):
    with pytest.raises(Forbidden, match="deelnemers"):
        agenda.submit_item(ladder.manager, ladder.uitvoering, dilemma())


@pytest.mark.parametrize(
    "text",
    [
        "Inwoner met BSN 111222333 kreeg geen bijstand na tijdelijk werk.",
        "Mevrouw Jansen woont aan de Molenstraat 12 en kreeg geen bijstand na werk.",
    ],
)
def test_a_casus_with_personal_data_is_refused_and_can_be_masked(ladder, text):
    data = dilemma(kind="casus", description=text)
    with pytest.raises(PersonalDataFound) as error:
        agenda.submit_item(ladder.professional, ladder.uitvoering, data)
    assert "description" in error.value.findings
    data.mask_personal_data = True
    item = agenda.submit_item(ladder.professional, ladder.uitvoering, data)
    assert "[" in item.description
    assert "111222333" not in item.description
    assert "Molenstraat 12" not in item.description


def test_bad_items_get_one_dutch_message(ladder):
    with pytest.raises(DomainError) as error:
        agenda.submit_item(
            ladder.professional, ladder.uitvoering, agenda.ItemInput(kind="casus", title="")
        )
    assert "korte titel" in error.value.message
    assert "minstens 10 tekens" in error.value.message
    with pytest.raises(DomainError, match="Kies het patroon"):
        agenda.submit_item(
            ladder.professional, ladder.uitvoering, agenda.ItemInput(kind="patroon", title="P")
        )
    with pytest.raises(DomainError, match="komende leersessie"):
        agenda.submit_item(
            ladder.professional,
            ladder.uitvoering,
            dilemma(meeting_id=ladder.m_meeting.id),
        )


def test_items_wait_for_the_next_planned_session(ladder):
    changes.cancel_meeting(ladder.aanjager, ladder.u_meeting, "Zaal niet beschikbaar")
    item = agenda.submit_item(ladder.professional, ladder.uitvoering, dilemma())
    assert item.meeting is None
    assert queries.waiting_items(ladder.uitvoering) == [item]
    later = planning.plan_meeting(ladder.aanjager, ladder.uitvoering, date(2025, 3, 25), time(19))
    assert item.meeting is later


def test_facilitator_accepts_orders_and_postpones(ladder):
    first = agenda.submit_item(ladder.professional, ladder.uitvoering, dilemma("Eerste"))
    second = agenda.submit_item(ladder.colleague, ladder.uitvoering, dilemma("Tweede"))
    agenda.accept_item(ladder.aanjager, first)
    assert first.status == ItemStatus.ACCEPTED
    agenda.move_item(ladder.aanjager, second, "up")
    assert queries.agenda(ladder.u_meeting) == [second, first]
    with pytest.raises(Forbidden):
        agenda.move_item(ladder.professional, first, "up")
    nxt = planning.plan_meeting(ladder.aanjager, ladder.uitvoering, date(2025, 4, 8), time(19))
    assert agenda.postpone_item(ladder.aanjager, first) is nxt
    assert first.postponed_count == 1
    assert queries.agenda(ladder.u_meeting) == [second]


def test_pattern_flagged_by_a_table_chair_goes_on_the_agenda_once(ladder, db):
    chair = UserFactory(roles=["chair"])
    table = LearningTableFactory(chair=chair)
    pattern = Pattern(title="Inkomensval na werk", state=PatternState.IN_PROGRESS, table=table)
    db.session.add(pattern)
    item = agenda.flag_pattern(chair, ladder.uitvoering, pattern, "Graag ervaringen uit de wijk")
    assert item.kind == ItemKind.PATTERN
    assert item.source == ItemSource.TABLE
    assert item.meeting is ladder.u_meeting
    assert agenda.flag_pattern(chair, ladder.uitvoering, pattern) is item
    with pytest.raises(Forbidden):
        agenda.flag_pattern(UserFactory(roles=["chair"]), ladder.uitvoering, pattern)


def test_masking_an_item_masks_until_the_guard_finds_nothing(ladder):
    """The family name before a street is masked too, not only the address."""
    data = dilemma(description="Jansen Molenstraat 12 Oss heeft schulden, schuldhulp wacht.")
    masked = agenda.mask_item(data)
    assert agenda.scan_item(masked) == {}
    assert "Jansen" not in masked.description
    assert "Molenstraat" not in masked.description
    item = agenda.submit_item(ladder.professional, ladder.uitvoering, masked)
    assert "Jansen" not in item.description
    assert item.description.startswith("[")


def test_a_manager_asks_the_professionals_and_their_outcome_comes_back_up(ladder):
    with pytest.raises(Forbidden):
        questions.ask_lower_level(
            ladder.professional, ladder.management, ladder.uitvoering, "Hoe vaak speelt dit?"
        )
    with pytest.raises(DomainError, match="direct onder"):
        questions.ask_lower_level(
            ladder.executive, ladder.bestuur, ladder.uitvoering, "Hoe vaak speelt dit bij u?"
        )
    asked = questions.ask_lower_level(
        ladder.manager,
        ladder.management,
        ladder.uitvoering,
        "Hoe vaak zien jullie dat mevrouw Jansen en anderen op de Wmo wachten?",
    )
    assert asked.meeting == ladder.u_meeting
    assert asked.source == ItemSource.ASKED
    assert "Jansen" not in asked.description
    outcomes.mark_discussed(
        ladder.aanjager, asked, "Drie keer per maand", "Ongeveer drie keer per maand per wijk"
    )
    [answer] = [i for i in queries.agenda(ladder.m_meeting) if i.kind == ItemKind.FEEDBACK]
    assert answer.answer_item == asked
    assert "drie keer per maand" in answer.description
