"""Table actions: added, refused, updated by owner or table, locked."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from learning.errors import Conflict, DomainError, Forbidden
from learning.notifications.models import NotificationKind
from learning.tables import actions
from learning.tables.models import (
    ActionStatus,
    TableAction,
)
from learning.timeutil import today
from learning.unit_of_work import commit
from tests.factories import UserFactory
from tests.tables.helpers import action_input, event_kinds, notified, notified_of

# --- actions -------------------------------------------------------------------------------


def test_member_adds_an_action_reporters_hear_of_it_and_the_owner_is_asked(db, pattern, ladder):
    action = actions.add_action(ladder.member, pattern, action_input(ladder.chair))
    commit()
    assert action.table == ladder.werktafel
    assert action.organisation == ladder.chair.primary_organisation
    assert event_kinds(pattern)[-1] == "action"
    (asked,) = notified_of(ladder.chair, NotificationKind.ACTION_ASSIGNED)  # the owner
    assert asked.about == action.what
    assert asked.link == f"/patronen/{pattern.id}#actie-{action.id}"
    for reporter in pattern_reporters(pattern):  # in the app; by mail bundled, as they chose
        assert any("Actie afgesproken" in text for text in notified(reporter))


def pattern_reporters(pattern):
    return [m.blockage.reporter for m in pattern.members]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"owner_id": None}, "Kies een eigenaar"),
        ({"due_on": None}, "Geef de actie een deadline"),
        ({"due_on": "past"}, "deadline ligt in het verleden"),
        ({"what": ""}, "Beschrijf wat er moet gebeuren"),
    ],
)
def test_bad_action_is_refused(db, pattern, ladder, change, message):
    data = action_input(ladder.chair)
    for key, value in change.items():
        setattr(data, key, today() - timedelta(days=1) if value == "past" else value)
    with pytest.raises(DomainError, match=message):
        actions.add_action(ladder.chair, pattern, data)
    assert db.session.scalar(select(TableAction.id)) is None


def test_a_user_of_another_organisation_cannot_add_or_edit_actions(db, pattern, ladder):
    outsider = UserFactory(roles=["chair"])
    with pytest.raises(Forbidden):
        actions.add_action(outsider, pattern, action_input(ladder.chair))
    action = actions.add_action(ladder.chair, pattern, action_input(ladder.member))
    with pytest.raises(Forbidden):
        actions.update_action(outsider, action, "Ik doe het wel", ActionStatus.DONE)
    assert action.status == ActionStatus.OPEN


def test_the_owner_of_an_action_may_update_it_even_from_another_organisation(db, pattern, ladder):
    partner = UserFactory(name="Corporatie")
    action = actions.add_action(ladder.chair, pattern, action_input(partner))
    actions.update_action(partner, action, "Besproken met het team", ActionStatus.OPEN)
    actions.update_action(partner, action, "Nieuwe procedure staat", ActionStatus.DONE)
    assert [n.text for n in action.notes] == ["Besproken met het team", "Nieuwe procedure staat"]
    assert action.status == ActionStatus.DONE
    assert action.result == "Nieuwe procedure staat"
    assert event_kinds(pattern)[-1] == "action_finished"


def test_a_stale_action_update_is_refused(db, pattern, ladder):
    action = actions.add_action(ladder.chair, pattern, action_input(ladder.member))
    with pytest.raises(Conflict):
        actions.update_action(ladder.chair, action, "x" * 10, ActionStatus.DONE, 99)


def test_an_update_without_note_or_new_status_is_refused(db, pattern, ladder):
    action = actions.add_action(ladder.chair, pattern, action_input(ladder.member))
    with pytest.raises(DomainError, match="voortgangsnotitie"):
        actions.update_action(ladder.chair, action, "", ActionStatus.OPEN)
