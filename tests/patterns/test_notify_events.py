"""Issue 12 §3: every step on a pattern reaches the reporters and followers it concerns.

One test per event (detach, merge, split, reject, escalate, decide, action done, effect
measured): the people concerned get a notification of that kind in the app, the chair who took
the step does not.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from learning.extensions import db
from learning.notifications.models import Notification, NotificationKind
from learning.patterns import triage
from learning.patterns.models import PatternFollower
from learning.tables import escalation, resolution
from learning.tables.actions import add_action, update_action
from learning.tables.escalation import DecisionInput
from learning.tables.models import ActionStatus
from tests.factories import UserFactory
from tests.tables.conftest import Ladder, ladder, make_pattern, reporters  # noqa: F401
from tests.tables.helpers import action_input, dossier_input


def kinds(user) -> list[str]:
    return list(
        db.session.scalars(
            select(Notification.kind)
            .where(Notification.user_id == user.id)
            .order_by(Notification.id)
        )
    )


@pytest.fixture
def follower(db):
    return UserFactory(name="Volger")


def _working(ladder, reporters, follower, order="second"):  # noqa: F811
    pattern = make_pattern(ladder.werktafel, reporters)
    db.session.add(PatternFollower(user_id=follower.id, pattern_id=pattern.id))
    db.session.flush()
    triage.confirm(ladder.chair, pattern, pattern.title, pattern.description, "regelgeving", order)
    return pattern


def test_detach_tells_the_reporter_of_that_knelpunt_only(ladder, reporters, follower):  # noqa: F811
    pattern = _working(ladder, reporters, follower)
    blockage = pattern.blockages[0]
    triage.detach(ladder.chair, pattern, blockage.id, reason="Gaat over iets anders.")
    assert NotificationKind.DETACHED in kinds(blockage.reporter)
    assert NotificationKind.DETACHED not in kinds(reporters[1])


def test_merge_tells_the_reporters_of_both(ladder, reporters, follower):  # noqa: F811
    keep = _working(ladder, reporters[:1], follower)
    absorb = make_pattern(ladder.werktafel, reporters[1:], title="Hetzelfde, anders gezegd")
    triage.merge(ladder.chair, keep, absorb)
    assert NotificationKind.MERGED in kinds(reporters[1])
    assert NotificationKind.MERGED in kinds(follower)
    assert NotificationKind.MERGED not in kinds(ladder.chair)


def test_split_tells_the_reporter_whose_knelpunt_moved(ladder, reporters, follower):  # noqa: F811
    pattern = _working(ladder, reporters, follower)
    moved = pattern.blockages[0]
    triage.split(ladder.chair, pattern, [moved.id], title="Een eigen patroon", reason="Ander")
    assert NotificationKind.SPLIT in kinds(moved.reporter)


def test_reject_tells_reporters_and_followers(ladder, reporters, follower):  # noqa: F811
    pattern = make_pattern(ladder.werktafel, reporters)
    db.session.add(PatternFollower(user_id=follower.id, pattern_id=pattern.id))
    triage.reject(ladder.chair, pattern, "Eenmalig, maatwerk volstond.")
    for user in [*reporters, follower]:
        assert NotificationKind.REJECTED in kinds(user)


def test_escalate_and_decide_tell_reporters_and_followers(ladder, reporters, follower):  # noqa: F811
    pattern = _working(ladder, reporters, follower, order="third")
    request = escalation.escalate(ladder.chair, pattern, dossier_input())
    escalation.decide(ladder.civil_chair, request, DecisionInput("Vooraf vergoeden, akkoord."))
    for user in [*reporters, follower]:
        assert NotificationKind.ESCALATED in kinds(user)
        assert NotificationKind.DECIDED in kinds(user)
    assert NotificationKind.DECIDED not in kinds(ladder.civil_chair)


def test_an_action_done_tells_reporters(ladder, reporters, follower):  # noqa: F811
    pattern = _working(ladder, reporters, follower)
    action = add_action(ladder.chair, pattern, action_input(ladder.member))
    update_action(ladder.member, action, "Werkinstructie is aangepast.", ActionStatus.DONE)
    assert NotificationKind.ACTION_DONE in kinds(reporters[0])
    assert NotificationKind.ACTION_DONE in kinds(follower)


def test_the_effect_measured_tells_reporters(ladder, reporters, follower):  # noqa: F811
    pattern = _working(ladder, reporters, follower)
    resolution.close_pattern(ladder.chair, pattern, "De werkinstructie vergoedt nu vooraf.")
    resolution.evaluate(ladder.chair, pattern, "Sinds de wijziging geen nieuwe meldingen meer.")
    assert NotificationKind.EFFECT_MEASURED in kinds(reporters[2])
    assert NotificationKind.EFFECT_MEASURED in kinds(follower)
