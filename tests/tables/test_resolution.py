"""Second order: the werktafel closes a pattern with what changed, then evaluates."""

from __future__ import annotations

import pytest

from learning.errors import DomainError, Forbidden, IllegalTransition
from learning.patterns.models import PatternState
from learning.tables import actions, resolution
from learning.tables.models import (
    ActionStatus,
)
from tests.tables.helpers import action_input

# --- second order: close -------------------------------------------------------------------


def test_chair_closes_a_second_order_pattern_with_what_changed(db, pattern, ladder):
    from learning.tables.practices import record_practice

    practice = record_practice(
        ladder.chair, pattern, "Voorschot via bijzondere bijstand", "Vraag een voorschot aan " * 3
    )
    action = actions.add_action(ladder.chair, pattern, action_input(ladder.member))
    with pytest.raises(DomainError, match="nog 1 acties open"):
        resolution.close_pattern(ladder.chair, pattern, "Vergoeding gaat voortaan vooraf.")
    actions.update_action(ladder.member, action, "Klaar", ActionStatus.DONE)
    solved = resolution.close_pattern(
        ladder.chair, pattern, "Vergoeding gaat voortaan vooraf.", pattern.version
    )
    assert pattern.state == PatternState.SOLVED
    assert solved.change == "Vergoeding gaat voortaan vooraf."
    assert practice.is_retired  # a structural fix landed


def test_closing_needs_a_description_of_the_change(db, pattern, ladder):
    with pytest.raises(DomainError, match="veranderd"):
        resolution.close_pattern(ladder.chair, pattern, "ok")
    assert pattern.state == PatternState.IN_PROGRESS


def test_only_the_chair_of_the_table_closes(db, pattern, ladder):
    with pytest.raises(Forbidden):
        resolution.close_pattern(ladder.member, pattern, "Vergoeding gaat voortaan vooraf.")


def test_evaluate_after_solved_only(db, pattern, ladder):
    with pytest.raises(IllegalTransition, match="In behandeling"):
        resolution.evaluate(ladder.chair, pattern, "Geen nieuwe meldingen meer.")
    resolution.close_pattern(ladder.chair, pattern, "Vergoeding gaat voortaan vooraf.")
    resolution.evaluate(ladder.chair, pattern, "Geen nieuwe meldingen meer sinds de wijziging.")
    assert pattern.state == PatternState.EVALUATED
