"""Afspraken: the six-week check, extensions, reminders and hand-overs."""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest

from learning.errors import DomainError
from learning.sessions import agenda, agreements, outcomes, planning, queries
from learning.sessions.models import (
    AgreementStatus,
    ItemKind,
    Outcome,
)
from tests.sessions.builders import dilemma, mails_to


def test_afspraak_is_checked_at_the_first_session_after_its_due_date(ladder, time_machine):
    item = agenda.submit_item(ladder.professional, ladder.uitvoering, dilemma())
    [agreement] = outcomes.solve_item(
        ladder.aanjager, item, "", "", [agreements.AgreementInput("Doen", ladder.colleague.id)]
    )
    assert agreement.due_on == date(2025, 4, 14)
    assert agreement.check_item is None  # no session planned after the due date yet
    before = planning.plan_meeting(ladder.aanjager, ladder.uitvoering, date(2025, 4, 8), time(19))
    after = planning.plan_meeting(ladder.aanjager, ladder.uitvoering, date(2025, 5, 13), time(19))
    check = agreement.check_item
    assert check.meeting is after
    assert check.kind == ItemKind.AGREEMENT_CHECK
    assert check not in queries.agenda(before)

    time_machine.move_to(after.start + timedelta(minutes=30))
    assert agreement.is_overdue
    with pytest.raises(DomainError, match="uitgevoerd"):
        outcomes.mark_discussed(ladder.aanjager, check)
    agreements.check_agreement(ladder.aanjager, agreement, "uitgevoerd", "Convenant getekend")
    assert agreement.status == AgreementStatus.DONE
    assert check.outcome == Outcome.CHECKED
    assert check.outcome_summary == "Uitgevoerd."
    with pytest.raises(DomainError, match="al gecontroleerd"):
        agreements.check_agreement(ladder.aanjager, agreement, "niet_uitgevoerd")


def test_extended_afspraak_gets_a_new_check(ladder):
    item = agenda.submit_item(ladder.professional, ladder.uitvoering, dilemma())
    [agreement] = outcomes.solve_item(
        ladder.aanjager,
        item,
        "",
        "",
        [agreements.AgreementInput("Doen", ladder.colleague.id, due_on=date(2025, 3, 4))],
    )
    first_check = agreement.check_item
    assert first_check.meeting is ladder.u_meeting
    with pytest.raises(DomainError, match="nieuwe datum"):
        agreements.check_agreement(ladder.aanjager, agreement, "verlengd")
    later = planning.plan_meeting(ladder.aanjager, ladder.uitvoering, date(2025, 4, 8), time(19))
    agreements.check_agreement(ladder.aanjager, agreement, "verlengd", "", date(2025, 4, 1))
    assert agreement.is_open
    assert agreement.times_extended == 1
    assert first_check.outcome == Outcome.CHECKED
    assert agreement.check_item.meeting is later


def test_a_check_that_never_reached_an_agenda_is_dropped_when_recorded(ladder, db):
    item = agenda.submit_item(ladder.professional, ladder.uitvoering, dilemma())
    [agreement] = outcomes.solve_item(
        ladder.aanjager,
        item,
        "",
        "",
        [agreements.AgreementInput("Doen", ladder.colleague.id, due_on=date(2025, 3, 4))],
    )
    check = agreement.check_item
    agenda.postpone_item(ladder.aanjager, check)  # no later session: it waits
    assert check.meeting is None
    agreements.check_agreement(ladder.aanjager, agreement, "niet_uitgevoerd", "Geen capaciteit")
    assert agreement.status == AgreementStatus.NOT_DONE
    assert agreement.check_item is None
    assert queries.waiting_items(ladder.uitvoering) == []


def test_reminders_a_week_before_and_on_the_due_date_once_each(ladder, time_machine):
    item = agenda.submit_item(ladder.professional, ladder.uitvoering, dilemma())
    outcomes.solve_item(
        ladder.aanjager, item, "", "", [agreements.AgreementInput("Doen", ladder.colleague.id)]
    )
    assert agreements.send_agreement_reminders() == 0
    time_machine.move_to(date(2025, 4, 8))
    assert agreements.send_agreement_reminders() == 1
    assert agreements.send_agreement_reminders() == 0
    time_machine.move_to(date(2025, 4, 15))
    assert agreements.send_agreement_reminders() == 1
    subjects = [m.subject for m in mails_to(ladder.colleague)]
    assert sum("Herinnering" in s for s in subjects) == 2


def test_afspraken_of_a_deactivated_account_get_the_facilitator_as_owner(ladder):
    item = agenda.submit_item(ladder.professional, ladder.uitvoering, dilemma())
    [agreement] = outcomes.solve_item(
        ladder.aanjager, item, "", "", [agreements.AgreementInput("Doen", ladder.colleague.id)]
    )
    ladder.colleague.active = False
    board = queries.dashboard(ladder.uitvoering)
    assert board.without_owner == [agreement]
    agreements.send_agreement_reminders()
    assert agreement.owner is ladder.aanjager
    agreements.reassign_agreement(ladder.aanjager, agreement, ladder.professional)
    assert agreement.owner is ladder.professional
