"""Closing a leersessie: open items move on, minutes go out once."""

from __future__ import annotations

from datetime import date, time

import pytest

from learning.errors import DomainError
from learning.sessions import agenda, attendance, closing, outcomes, planning
from learning.sessions.models import (
    SessionStatus,
)
from learning.unit_of_work import commit
from tests.sessions.builders import dilemma


def test_closing_moves_open_items_on_and_mails_the_minutes(ladder, time_machine, mailbox):
    handled = agenda.submit_item(ladder.professional, ladder.uitvoering, dilemma("Besproken"))
    open_item = agenda.submit_item(ladder.colleague, ladder.uitvoering, dilemma("Open"))
    attendance.add_guest(ladder.aanjager, ladder.u_meeting, "inwoner", "", "bewoner@example.net")
    outcomes.mark_discussed(ladder.aanjager, handled, "Goed gesprek", "Tip: bel de consulent")
    nxt = planning.plan_meeting(ladder.aanjager, ladder.uitvoering, date(2025, 4, 8), time(19))
    with pytest.raises(DomainError, match="begint pas op 4 maart 2025 om 19:00"):
        closing.close_meeting(ladder.aanjager, ladder.u_meeting)
    time_machine.move_to(ladder.u_meeting.end)
    moved = closing.close_meeting(
        ladder.aanjager, ladder.u_meeting, "Veel inbreng", "Eerder beginnen"
    )
    assert moved == 1
    assert open_item.meeting is nxt
    commit()  # the minutes task runs after the commit (eagerly in tests)
    recipients = sorted(m.to[0] for m in mailbox)
    assert recipients == sorted(
        [
            ladder.professional.email,
            ladder.colleague.email,
            ladder.aanjager.email,
            "bewoner@example.net",
        ]
    )
    body = next(m for m in mailbox if m.to == [ladder.professional.email]).body
    assert "Tip: bel de consulent" in body
    assert "Eerder beginnen" in body
    assert ladder.u_meeting.status == SessionStatus.CLOSED
    assert closing.send_minutes(ladder.u_meeting.id) == 0  # once
    with pytest.raises(DomainError, match="al afgesloten"):
        closing.close_meeting(ladder.aanjager, ladder.u_meeting)
