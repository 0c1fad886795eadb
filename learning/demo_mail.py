"""The demo year's mail and notifications: digests sent in past weeks, messages read or not.

Why: a first user opening the outbox history or their notifications should see a network
that has been running: weekly digests went out on the Mondays of the last weeks, and each
demo user has read what came in before their last visit, not what came after. The digests
are built by the digest service on those Mondays (on the timeline's frozen clock); the
outbox is delivered afterwards, each message at the moment it would have left (`deliver_past`).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from sqlalchemy import select

from learning.accounts.models import User
from learning.demo_timeline import Timeline, real_today
from learning.digests import delivery
from learning.extensions import db
from learning.mail.models import MailStatus, OutgoingMail
from learning.notifications.services import mark_all_read
from learning.timeutil import as_utc, frozen_at, utcnow

DIGEST_WEEKS = 3  # Mondays with a digest run, the latest last
# Days ago each user last read their notifications: what came later is unread on their home.
LAST_READ = {"wethouder": 9, "bas": 6, "karin": 4, "marloes": 8, "sanne": 5, "lotte": 3}


def _send_due_digests() -> int:
    """What the beat's weekly task does, without the worker: build every due digest now."""
    cache: dict = {}
    now = utcnow()
    due = delivery.due_digests()
    for item in due:
        delivery.queue_digest(item.user_id, item.period.key, cache, now)
    return len(due)


def read_and_digest(timeline: Timeline, users: dict[str, User]) -> None:
    """Register the digest runs and the reading of notifications on the timeline."""
    last_monday = real_today().weekday() or 7  # days ago; today itself is not yet done
    for week in range(DIGEST_WEEKS):
        timeline.at(last_monday + 7 * week, 7, "samenvattingen verstuurd", _send_due_digests)
    for key, days_ago in LAST_READ.items():
        timeline.at(days_ago, 8, f"{key} leest berichten", _reader(users[key]))


def _reader(user: User) -> Callable[[], int]:
    return lambda: mark_all_read(user)


def deliver_past(on_mail: Callable[[int], None] | None = None) -> int:
    """Deliver the queued mail of the demo year, each message on the clock a minute after it
    was queued (as the worker would have), so the outbox history shows when mail went out.
    Runs after the load is committed: delivery commits per message."""
    from learning.mail.services import deliver

    pending = db.session.execute(
        select(OutgoingMail.id, OutgoingMail.created_at)
        .where(OutgoingMail.status == MailStatus.PENDING)
        .order_by(OutgoingMail.id)
    ).all()
    sent = 0
    for mail_id, created_at in pending:
        with frozen_at(min(as_utc(created_at) + timedelta(minutes=1), utcnow())):
            sent += deliver(mail_id)
        if on_mail is not None:
            on_mail(1)
    return sent
