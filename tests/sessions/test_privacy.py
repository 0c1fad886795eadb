"""The privacy guard on every free text of the leersessies: a resident's family name in a
dilemma never goes up the ladder."""

from __future__ import annotations

from datetime import date, time

import pytest

from learning.privacy import PersonalDataFound
from learning.sessions import agenda, changes, outcomes, planning
from learning.sessions import series as series_services
from learning.sessions.queries import chain
from tests.sessions.builders import dilemma

NAMED = "Mevrouw Jansen wacht al vier maanden: schuldhulp start pas na de Wmo-indicatie."


def test_a_dilemma_with_a_family_name_is_refused_until_masked(ladder):
    with pytest.raises(PersonalDataFound):
        agenda.submit_item(ladder.professional, ladder.uitvoering, dilemma(description=NAMED))
    item = agenda.submit_item(
        ladder.professional,
        ladder.uitvoering,
        dilemma(description=NAMED, mask_personal_data=True),
    )
    assert "Jansen" not in item.description


def test_a_family_name_never_goes_up_the_ladder(ladder):
    item = agenda.submit_item(
        ladder.professional,
        ladder.uitvoering,
        dilemma("Familie De Vries zit klem", description=NAMED, mask_personal_data=True),
    )
    upper = outcomes.escalate_item(
        ladder.aanjager, item, "Bij meneer Bakker uit de Ruwaard speelt hetzelfde."
    )
    top = outcomes.escalate_item(
        ladder.manager, upper, "Ook mevrouw El Amrani heeft dit, zegt de teamleider."
    )
    outcomes.mark_discussed(
        ladder.chair, top, "Besproken met wethouder; mevrouw Jansen krijgt voorrang.", "Geregeld"
    )
    stored = " ".join(
        f"{step.title} {step.description} {step.notes} {step.outcome_summary}"
        for step in chain(item)
    )
    for family_name in ("Jansen", "De Vries", "Bakker", "El Amrani"):
        assert family_name not in stored, family_name
    assert "[NAAM]" in stored


def test_session_texts_are_masked(ladder):
    series = series_services.create_series(
        ladder.manager,
        series_services.SeriesInput(
            name="Managers met Jan de Boer", level="management", location="Bij Piet Smit thuis"
        ),
    )
    assert "de Boer" not in series.name
    assert "Smit" not in series.location
    meeting = planning.plan_meeting(ladder.manager, series, date(2025, 3, 20), time(10))
    data = changes.current_change(meeting)
    data.title = "Over de situatie van mevrouw Jansen"
    changes.edit_meeting(ladder.manager, meeting, data)
    assert "Jansen" not in meeting.title
    changes.cancel_meeting(ladder.manager, meeting, "Meneer Bakker is ziek")
    assert "Bakker" not in meeting.cancel_reason
