"""notify(): the one way every package tells users what happened that concerns them.

A notification is stored per recipient and shown in the app at once; the mail about it goes
out bundled (learning.notifications.delivery), as often as the recipient chose. Callers pass
the Dutch sentence, the link and what it is about; they flush, the caller commits.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from flask_babel import gettext as _
from sqlalchemy import func, select, update

from learning.accounts.models import User
from learning.audit.services import record
from learning.database import insert_unless_exists
from learning.errors import DomainError, NotFound
from learning.extensions import db
from learning.notifications.models import (
    MailFrequency,
    Notification,
    NotificationKind,
)
from learning.notifications.permissions import can_read
from learning.patterns.models import Pattern
from learning.timeutil import utcnow
from learning.unit_of_work import enqueue_after_commit

SEND_NOW_TASK = "learning.notifications.tasks.send_notification_mail"
ABOUT_MAX = 200


def notify(
    recipients: Iterable[User | None],
    kind: NotificationKind,
    text: str,
    link: str = "",
    *,
    about: str = "",
    pattern_id: int | None = None,
    blockage_id: int | None = None,
    session_id: int | None = None,
    actor: User | None = None,
    key: str | None = None,
) -> list[Notification]:
    """Tell each recipient `text` (one Dutch sentence) with a `link` (a path in the app).

    The actor is not told about their own step; inactive users are skipped. With a `key`
    naming the event, each recipient is notified of it once, however often this runs.
    """
    made = []
    seen: set[int] = set()
    for user in recipients:
        if user is None or user.id in seen or not user.active:
            continue
        seen.add(user.id)
        if actor is not None and user.id == actor.id:
            continue
        notification = insert_unless_exists(
            Notification,
            ["user_id", "key"],
            user_id=user.id,
            kind=kind,
            about=" ".join(about.split())[:ABOUT_MAX],
            text=text,
            link=link,
            pattern_id=pattern_id,
            blockage_id=blockage_id,
            session_id=session_id,
            key=key,
            created_at=utcnow(),
        )
        if notification is None:
            continue
        made.append(notification)
        if user.notification_mail == MailFrequency.IMMEDIATELY:
            enqueue_after_commit(SEND_NOW_TASK, user.id)
    return made


_PATTERN_LINK = re.compile(r"^/(?:tafels/)?patronen/(\d+)")


def targets(links: Iterable[str]) -> dict[str, str]:
    """Where each link leads: itself, or "" when the pattern it points to was deleted since
    (a notification keeps its text, but must not lead to a 404). One query for all links."""
    links = set(links)
    wanted = {link: int(m.group(1)) for link in links if (m := _PATTERN_LINK.match(link))}
    existing = set(
        db.session.scalars(select(Pattern.id).where(Pattern.id.in_(set(wanted.values()))))
        if wanted
        else ()
    )
    return {link: "" if link in wanted and wanted[link] not in existing else link for link in links}


def unread_count(user: User) -> int:
    return db.session.scalar(
        select(func.count(Notification.id)).where(
            Notification.user_id == user.id, Notification.read_at.is_(None)
        )
    )


def notifications_of(user: User, page: int, per_page: int):
    """The user's notifications, newest first, a page at a time."""
    query = (
        select(Notification)
        .where(Notification.user_id == user.id)
        .order_by(Notification.created_at.desc(), Notification.id.desc())
    )
    return db.paginate(query, page=page, per_page=per_page, error_out=False)


def get_notification(user: User, notification_id: int) -> Notification:
    """One of the user's notifications; someone else's is as unknown as a missing one."""
    notification = db.session.get(Notification, notification_id)
    if notification is None or not can_read(user, notification):
        raise NotFound(_("Deze melding bestaat niet."))
    return notification


def mark_read(user: User, notification_id: int) -> Notification:
    notification = get_notification(user, notification_id)
    if notification.read_at is None:
        notification.read_at = utcnow()
        db.session.flush()
    return notification


def mark_all_read(user: User) -> int:
    changed = db.session.execute(
        update(Notification)
        .where(Notification.user_id == user.id, Notification.read_at.is_(None))
        .values(read_at=utcnow())
    ).rowcount
    db.session.flush()
    return changed


def set_mail_frequency(user: User, frequency: str) -> None:
    """How often the user gets the notification mail."""
    if frequency not in set(MailFrequency):
        raise DomainError(_("Kies hoe vaak u een e-mail wilt ontvangen."))
    if user.notification_mail == frequency:
        return
    user.notification_mail = frequency
    record(user, "notifications.mail_frequency", user, frequency=frequency)
    db.session.flush()


def unsubscribe(user: User) -> None:
    """The one-click unsubscribe of the notification mail; safe to repeat."""
    if user.notification_mail == MailFrequency.NEVER:
        return
    user.notification_mail = MailFrequency.NEVER
    record(None, "notifications.unsubscribe", user)
    db.session.flush()
