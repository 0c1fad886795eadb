"""Reminders by e-mail for actions due within a week and overdue, and for late answers."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from learning.tables import actions, escalation
from learning.tables.actions import ActionInput
from learning.tables.escalation import DossierInput
from learning.tables.reminders import send_reminders
from learning.tables.tasks import send_table_reminders
from learning.timeutil import today
from learning.unit_of_work import commit
from tests.factories import UserFactory

START = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)  # a Monday


@pytest.fixture
def clock():
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


@pytest.fixture
def owner(db):
    return UserFactory(name="Eigenaar Actie", email="eigenaar@example.org")


@pytest.fixture
def action(clock, pattern, ladder, owner):
    action = actions.add_action(
        ladder.chair,
        pattern,
        ActionInput(
            what="Werkinstructie aanpassen", owner_id=owner.id, due_on=today() + timedelta(days=10)
        ),
    )
    commit()
    return action


def _reminders(mailbox, word: str) -> list:
    return [m for m in mailbox if word in m.subject]


def test_no_reminder_while_the_deadline_is_far(db, action, mailbox):
    assert send_reminders() == 0


def test_due_within_a_week_reminds_owner_and_chair_once(db, clock, action, ladder, owner, mailbox):
    clock.shift(timedelta(days=4))
    send_table_reminders.delay()
    due = _reminders(mailbox, "binnenkort af")
    assert sorted(m.to[0] for m in due) == sorted([owner.email, ladder.chair.email])
    assert "Werkinstructie aanpassen" in due[0].body
    send_table_reminders.delay()  # a task may run twice
    clock.shift(timedelta(days=1))
    send_table_reminders.delay()
    assert len(_reminders(mailbox, "binnenkort af")) == 2


def test_overdue_actions_are_reminded_once_a_week(db, clock, action, ladder, owner, mailbox):
    clock.shift(timedelta(days=11))
    send_table_reminders.delay()
    assert len(_reminders(mailbox, "over de deadline")) == 2
    clock.shift(timedelta(days=1))
    send_table_reminders.delay()
    assert len(_reminders(mailbox, "over de deadline")) == 2
    clock.shift(timedelta(days=7))
    send_table_reminders.delay()
    assert len(_reminders(mailbox, "over de deadline")) == 4


def test_finished_actions_are_not_reminded(db, clock, action, owner, mailbox):
    actions.update_action(owner, action, "Klaar", "gedaan")
    commit()
    clock.shift(timedelta(days=11))
    assert send_reminders() == 0


def test_a_late_beslisvraag_reminds_the_chair_above(db, clock, pattern, ladder, mailbox):
    escalation.escalate(ladder.chair, pattern, DossierInput(question="Mag bewindvoering vooraf?"))
    commit()
    clock.shift(timedelta(days=ladder.ambtelijk.decision_days + 1))
    send_table_reminders.delay()
    late = _reminders(mailbox, "wacht te lang")
    assert [m.to[0] for m in late] == [ladder.civil_chair.email]


def test_reminders_go_out_through_a_real_smtp_server(db, clock, action, owner, smtp_server):
    clock.shift(timedelta(days=11))
    send_table_reminders.delay()
    subjects = {(m["To"], m["Subject"]) for m in smtp_server}
    assert ("eigenaar@example.org", "Actie over de deadline: Werkinstructie aanpassen") in subjects
