"""The bundled notification mail: when each user's bundle is due, and sending it exactly once.

Each user gets at most one bundle per slot: daily at 17.00 local time, weekly on Friday at
17.00, or right away for users who chose so. The bundle holds every notification that was not
mailed (or read in the app) yet. It is claimed twice over: the OutgoingMail's dedupe key names
the user and the slot (a second flusher of the same slot stores nothing), and the
notifications are marked with the mail by a conditional UPDATE (a flusher of another slot
cannot take them too). Sending is the outbox's job, so nothing is lost while SMTP is down.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from sqlalchemy import func, or_, select, update

from learning.accounts.models import User
from learning.errors import Conflict
from learning.extensions import db
from learning.mail import services as mail_services
from learning.mail.models import OutgoingMail
from learning.notifications.mail import message_id, render_bundle
from learning.notifications.models import ACTION_KINDS, MailFrequency, Notification
from learning.timeutil import as_utc, local_datetime, to_utc, utcnow
from learning.unit_of_work import commit, rollback

logger = logging.getLogger(__name__)

SEND_AT = time(17, 0)  # the end of a working day: "what happened today"
WEEKLY_DAY = 4  # Friday
MAIL_DAYS = 14  # older unmailed notifications are only shown in the app


@dataclass(frozen=True)
class Slot:
    key: str
    at: datetime  # UTC


def latest_slot(frequency: str, now: datetime) -> Slot:
    """The most recent moment a bundle was due for this frequency (now, for 'immediately')."""
    local = local_datetime(now)
    if frequency == MailFrequency.IMMEDIATELY:
        return Slot("", now)
    day = local.date()
    if frequency == MailFrequency.WEEKLY:
        day -= timedelta(days=(day.weekday() - WEEKLY_DAY) % 7)
        if local < local_datetime(to_utc(day, SEND_AT)):
            day -= timedelta(days=7)
        year, week, _weekday = day.isocalendar()
        return Slot(f"w{year}-W{week:02d}", to_utc(day, SEND_AT))
    # daily, and 'never' for what asks the user to act
    if local.time() < SEND_AT:
        day -= timedelta(days=1)
    return Slot(f"d{day.isoformat()}", to_utc(day, SEND_AT))


def dedupe_key(user_id: int, slot_key: str) -> str:
    return f"notifications:{user_id}:{slot_key}"


def _mailable(now: datetime):
    """Notifications that wait for a bundle: not mailed, not read, recent; for users who want
    no mail only those that ask them to act."""
    return (
        select(Notification)
        .join(User, User.id == Notification.user_id)
        .where(
            Notification.mail_id.is_(None),
            Notification.read_at.is_(None),
            Notification.created_at >= now - timedelta(days=MAIL_DAYS),
            Notification.created_at <= now,
            User.active.is_(True),
            or_(
                User.notification_mail != MailFrequency.NEVER,
                Notification.kind.in_(ACTION_KINDS),
            ),
        )
    )


@dataclass(frozen=True)
class Due:
    user_id: int
    slot: Slot


def due_bundles(now: datetime | None = None, user_id: int | None = None) -> list[Due]:
    """Users whose bundle is due: a notification waits from before their latest slot, and that
    slot's bundle was not sent yet. Two queries, however many users and notifications."""
    now = now or utcnow()
    query = _mailable(now)
    if user_id is not None:
        query = query.where(Notification.user_id == user_id)
    waiting = query.subquery()
    rows = db.session.execute(
        select(waiting.c.user_id, User.notification_mail, func.min(waiting.c.created_at))
        .join(User, User.id == waiting.c.user_id)
        .group_by(waiting.c.user_id, User.notification_mail)
        .order_by(waiting.c.user_id)
    ).all()
    candidates = []
    for user_id, frequency, oldest in rows:
        slot = latest_slot(frequency, now)
        if as_utc(oldest) <= slot.at:
            candidates.append(Due(user_id, slot))
    keyed = [dedupe_key(d.user_id, d.slot.key) for d in candidates if d.slot.key]
    sent = set(
        db.session.scalars(
            select(OutgoingMail.dedupe_key).where(OutgoingMail.dedupe_key.in_(keyed))
        )
    )
    return [d for d in candidates if dedupe_key(d.user_id, d.slot.key) not in sent]


def send_bundle(user_id: int, slot: Slot, now: datetime | None = None) -> OutgoingMail | None:
    """Queue the user's bundle for `slot` unless it was queued already; flushes, the caller
    commits. Raises Conflict when another flusher took some of the notifications first."""
    now = now or utcnow()
    user = db.session.get(User, user_id)
    if user is None:
        return None
    notifications = list(
        db.session.scalars(
            _mailable(now)
            .where(Notification.user_id == user_id)
            .order_by(Notification.created_at, Notification.id)
        )
    )
    if not notifications:
        return None
    key = slot.key or f"i{notifications[-1].id}"
    rendered = render_bundle(user, notifications)
    mail = mail_services.queue_mail(
        user.email,
        rendered.subject,
        rendered.text,
        rendered.html,
        headers={**rendered.headers, "Message-ID": message_id(user.id, key)},
        dedupe_key=dedupe_key(user.id, key),
    )
    if mail is None:
        return None
    ids = [n.id for n in notifications]
    claimed = db.session.execute(
        update(Notification)
        .where(Notification.id.in_(ids), Notification.mail_id.is_(None))
        .values(mail_id=mail.id)
        .execution_options(synchronize_session=False)
    ).rowcount
    if claimed != len(ids):
        raise Conflict("notifications taken by another bundle")
    db.session.flush()
    logger.info("Notification bundle %s for user %s queued (%s)", key, user_id, len(ids))
    return mail


@dataclass
class FlushResult:
    queued: int = 0
    sent: int = 0
    waiting: int = 0  # in the outbox for another try (SMTP down)
    errors: int = 0


def flush(now: datetime | None = None, deliver_now: bool = False) -> FlushResult:
    """Queue every due bundle, one commit each (a batch runner, like the digests' send), so a
    failure or a rerun redoes only what is missing. `deliver_now` sends them in this process
    (the CLI does not wait for a worker); deliver() claims each mail, so nothing goes twice."""
    result = FlushResult()
    for due in due_bundles(now):
        try:
            mail = send_bundle(due.user_id, due.slot, now)
            commit()
        except Conflict:  # another flusher had some of these notifications: theirs
            rollback()
            continue
        except Exception:  # one broken bundle must not hold back the others
            rollback()
            logger.exception("Notification bundle for user %s failed", due.user_id)
            result.errors += 1
            continue
        if mail is None:
            continue
        result.queued += 1
        if deliver_now:
            if mail_services.deliver(mail.id):
                result.sent += 1
            else:
                result.waiting += 1
    return result
