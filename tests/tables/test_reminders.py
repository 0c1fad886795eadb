"""Reminders for actions due within a week and overdue, and for late answers: notifications
that ask the recipient to act, mailed in their bundle of the day (even with mail 'never')."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from sqlalchemy import select

from learning.extensions import db
from learning.notifications.delivery import flush
from learning.notifications.models import Notification, NotificationKind
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


def _reminders(word: str) -> list[Notification]:
    return list(
        db.session.scalars(
            select(Notification)
            .where(Notification.text.contains(word), Notification.key.is_not(None))
            .order_by(Notification.id)
        )
    )


def test_no_reminder_while_the_deadline_is_far(db, action):
    assert send_reminders() == 0


def test_due_within_a_week_reminds_owner_and_chair_once(db, clock, action, ladder, owner):
    clock.shift(timedelta(days=4))
    send_table_reminders.delay()
    due = _reminders("binnenkort af")
    assert sorted(n.user_id for n in due) == sorted([owner.id, ladder.chair.id])
    assert "Werkinstructie aanpassen" in due[0].text
    assert due[0].kind == NotificationKind.ACTION_DUE
    send_table_reminders.delay()  # a task may run twice
    clock.shift(timedelta(days=1))
    send_table_reminders.delay()
    assert len(_reminders("binnenkort af")) == 2


def test_overdue_actions_are_reminded_once_a_week(db, clock, action, ladder, owner):
    clock.shift(timedelta(days=11))
    send_table_reminders.delay()
    assert len(_reminders("over de deadline")) == 2
    clock.shift(timedelta(days=1))
    send_table_reminders.delay()
    assert len(_reminders("over de deadline")) == 2
    clock.shift(timedelta(days=7))
    send_table_reminders.delay()
    assert len(_reminders("over de deadline")) == 4


def test_finished_actions_are_not_reminded(db, clock, action, owner):
    actions.update_action(owner, action, "Klaar", "gedaan")
    commit()
    clock.shift(timedelta(days=11))
    assert send_reminders() == 0


def test_a_late_beslisvraag_reminds_the_chair_above(db, clock, pattern, ladder):
    escalation.escalate(ladder.chair, pattern, DossierInput(question="Mag bewindvoering vooraf?"))
    commit()
    clock.shift(timedelta(days=ladder.ambtelijk.decision_days + 1))
    send_table_reminders.delay()
    late = _reminders("wacht sinds")
    assert [n.user_id for n in late] == [ladder.civil_chair.id]
    assert late[0].kind == NotificationKind.ANSWER_LATE


def test_reminders_go_out_in_the_bundle_through_a_real_smtp_server(
    db, clock, action, owner, smtp_server
):
    owner.notification_mail = "never"  # a reminder asks to act: mailed all the same
    clock.shift(timedelta(days=11))
    send_table_reminders.delay()
    commit()
    clock.move_to(datetime(2026, 3, 13, 16, 30, tzinfo=UTC))  # Friday 17.30 in Amsterdam
    flush(deliver_now=True)
    to_owner = [m for m in smtp_server if m["To"] == "eigenaar@example.org"]
    assert len(to_owner) == 1  # the action and its reminder, in one bundle
    assert to_owner[0]["Subject"] == "2 updates over 'Werkinstructie aanpassen'"
    assert "over de deadline" in to_owner[0].get_body(("plain",)).get_content()
