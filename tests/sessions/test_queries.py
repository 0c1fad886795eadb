"""Read helpers: the dashboard of a series."""

from __future__ import annotations

import pytest

from learning.sessions import agenda, agreements, outcomes, queries
from tests.sessions.builders import dilemma


def test_dashboard_counts_levels_escalations_and_answer_time(ladder, time_machine):
    item = agenda.submit_item(ladder.professional, ladder.uitvoering, dilemma())
    agenda.submit_item(ladder.colleague, ladder.uitvoering, dilemma("Nog open"))
    upper = outcomes.escalate_item(ladder.aanjager, item, "Niet op te lossen")
    waiting = queries.dashboard(ladder.uitvoering)
    assert waiting.waiting == 1
    assert waiting.answer_days_median is None
    time_machine.move_to(ladder.m_meeting.start)
    outcomes.solve_item(
        ladder.manager, upper, "", "", [agreements.AgreementInput("Regelen", ladder.manager.id)]
    )
    board = queries.dashboard(ladder.uitvoering)
    assert board.waiting == 0
    assert board.answer_days_median == pytest.approx(8.0, abs=0.1)
    rows = {row.series.name: row for row in board.ladder}
    assert list(rows) == ["Leersessie Ruwaard", "Managers Oss", "Bestuurders Oss"]
    assert rows["Leersessie Ruwaard"].items == 2
    assert rows["Leersessie Ruwaard"].open == 1
    assert rows["Leersessie Ruwaard"].escalated_up == 1
    assert rows["Managers Oss"].from_below == 1
    assert queries.dashboard(ladder.management).open_agreements[0].what == "Regelen"
