"""A service run on a past day (the demo's year) accepts that day and stamps its rows with it."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest
from sqlalchemy import select

from learning.audit.models import AuditEntry
from learning.errors import DomainError
from learning.tables import actions
from learning.tables.models import TableAction
from learning.timeutil import frozen_at, local_date, today
from tests.tables.helpers import action_input


def test_a_past_deadline_is_refused_today_but_not_on_that_day(db, pattern, ladder):
    past = today() - timedelta(days=30)
    with pytest.raises(DomainError):
        actions.add_action(ladder.member, pattern, action_input(ladder.chair, days=-30))
    with frozen_at(datetime.combine(past, time(10, 0))):
        action = actions.add_action(ladder.member, pattern, action_input(ladder.chair, days=0))
    assert action.due_on == past
    # created_at is a column default, the audit line a service write: both on that day.
    db.session.expire_all()
    action = db.session.get(TableAction, action.id)
    assert local_date(action.created_at) == past
    entry = db.session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
    assert local_date(entry.at) == past
    # Back in the present the action is overdue, as it would be had it been added that day.
    assert action in actions.open_actions(pattern)
    assert action.due_on < today()
