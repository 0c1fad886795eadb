"""Leersessie series: who sets one up, and members who join or leave."""

from __future__ import annotations

import pytest

from learning.errors import DomainError, Forbidden
from learning.sessions import agenda, agreements, outcomes, queries
from learning.sessions import series as series_services
from tests.sessions.builders import dilemma


def test_only_aanjagers_create_series_with_clear_messages(ladder):
    with pytest.raises(Forbidden):
        series_services.create_series(
            ladder.professional, series_services.SeriesInput(name="X", level="bestuur")
        )
    with pytest.raises(DomainError) as error:
        series_services.create_series(
            ladder.aanjager,
            series_services.SeriesInput(name="Leersessie Ruwaard", level="wijk", weekday=1),
        )
    message = error.value.message
    assert "bestaat al" in message
    assert "uitvoering, management of bestuur" in message
    assert "weekdag, de week van de maand en de tijd" in message


def test_a_member_who_leaves_hands_over_their_afspraken(ladder, db):
    item = agenda.submit_item(ladder.professional, ladder.uitvoering, dilemma())
    [agreement] = outcomes.solve_item(
        ladder.aanjager, item, "", "", [agreements.AgreementInput("Doen", ladder.colleague.id)]
    )
    moved = series_services.remove_member(ladder.aanjager, ladder.uitvoering, ladder.colleague)
    assert moved == 1
    assert agreement.owner is ladder.aanjager  # the facilitator, until someone else takes it
    assert ladder.colleague not in ladder.u_meeting.attendees
    assert agreement in queries.open_agreements(ladder.uitvoering)  # still visible
