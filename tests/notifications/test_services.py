"""notify(): who is told, once per event; reading and marking read; the mail preference."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from learning.errors import DomainError, NotFound
from learning.notifications import services
from learning.notifications.models import Notification, NotificationKind
from tests.factories import UserFactory
from tests.notifications.conftest import tell


def stored() -> int:
    from learning.extensions import db

    return db.session.scalar(select(func.count(Notification.id)))


def test_everyone_concerned_is_told_except_the_actor_and_inactive_users(db):
    chair, reporter, follower = (UserFactory() for _ in range(3))
    gone = UserFactory(active=False)

    made = services.notify(
        [reporter, follower, chair, gone, reporter, None],
        NotificationKind.DECIDED,
        "De stuurgroep heeft besloten.",
        "/patronen/7",
        about="Zoektermijn jongeren",
        actor=chair,
    )

    assert sorted(n.user_id for n in made) == sorted([reporter.id, follower.id])
    assert made[0].about == "Zoektermijn jongeren"
    assert made[0].link == "/patronen/7"


def test_an_event_with_a_key_is_told_once_however_often_it_runs(db):
    reporter = UserFactory()
    for _ in range(3):
        tell(reporter, key="pattern-event:42")

    assert stored() == 1


def test_unread_count_and_marking_read(db):
    reporter = UserFactory()
    first = tell(reporter)
    tell(reporter, about="Kostendelersnorm")
    assert services.unread_count(reporter) == 2

    services.mark_read(reporter, first.id)
    assert services.unread_count(reporter) == 1

    assert services.mark_all_read(reporter) == 1
    assert services.unread_count(reporter) == 0


def test_nobody_reads_someone_elses_notification(db):
    reporter, other = UserFactory(), UserFactory()
    mine = tell(reporter)

    with pytest.raises(NotFound):
        services.mark_read(other, mine.id)
    assert not mine.is_read


def test_an_unknown_mail_frequency_is_refused(db):
    user = UserFactory()
    with pytest.raises(DomainError):
        services.set_mail_frequency(user, "hourly")
    services.set_mail_frequency(user, "weekly")
    assert user.notification_mail == "weekly"
