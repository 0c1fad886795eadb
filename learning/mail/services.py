"""Queue and deliver e-mail through the outbox table; the failed-mail list for the admin.

Callers queue (flush) and commit once. `deliver()` and `pending_ids()` are the deliberate
exceptions that commit themselves: the claim on a row (a conditional UPDATE) must be visible to
other workers before the slow SMTP conversation starts.

Which messages respect `User.notify_by_email` (`wants_news_mail`), the one rule:
- News about something the user reported, follows or brought in (a step of their pattern, their
  agenda item passed up or answered) goes only to users who want news by e-mail; the app shows
  it anyway.
- A message that asks the recipient to act in a role they hold (an action or afspraak assigned,
  due or overdue, a beslisvraag or a new pattern for their table, an invitation, a password
  link, the minutes of a session they attended) always goes: without it someone else's work
  stalls.
- Digests have their own preference (learning.digests).
"""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

from flask import current_app
from flask_babel import gettext as _
from flask_mailman import EmailMultiAlternatives
from sqlalchemy import or_, select, update

from learning.accounts.models import User
from learning.audit.services import record
from learning.database import insert_unless_exists
from learning.extensions import db
from learning.mail.models import MailStatus, OutgoingMail
from learning.mail.permissions import can_resend_mail
from learning.permissions import require
from learning.timeutil import utcnow
from learning.unit_of_work import enqueue_after_commit

logger = logging.getLogger(__name__)

DELIVER_TASK = "learning.mail.tasks.deliver_mail"
MAX_ATTEMPTS = 6
LEASE = timedelta(minutes=10)
SUBJECT_MAX = 300  # OutgoingMail.subject


def wants_news_mail(user: User) -> bool:
    """Whether news about the user's own knelpunten and followed patterns goes by e-mail."""
    return user.active and user.notify_by_email


def subject_line(subject: str) -> str:
    """One header line: line breaks in user text would make the message unsendable, and the
    column holds SUBJECT_MAX characters."""
    line = " ".join(subject.split())
    return line if len(line) <= SUBJECT_MAX else line[: SUBJECT_MAX - 1].rstrip() + "…"


def queue_mail(
    recipient: str,
    subject: str,
    body_text: str,
    body_html: str | None = None,
    headers: dict[str, Any] | None = None,
    dedupe_key: str | None = None,
    calendar: str | None = None,
) -> OutgoingMail | None:
    """Store a message and send it after the caller commits; None if already queued.

    A message with a `dedupe_key` is stored once, also when two callers race for the key.
    """
    mail = insert_unless_exists(
        OutgoingMail,
        ["dedupe_key"],
        recipient=recipient,
        subject=subject_line(subject),
        body_text=body_text,
        body_html=body_html,
        headers=headers or {},
        dedupe_key=dedupe_key,
        calendar=calendar,
        status=MailStatus.PENDING,
        attempts=0,
        created_at=utcnow(),
    )
    if mail is not None:
        enqueue_after_commit(DELIVER_TASK, mail.id)
    return mail


def _backoff(attempts: int) -> timedelta:
    return timedelta(minutes=2 ** min(attempts, 8))


def deliver(mail_id: int) -> bool:
    """Send one pending message over SMTP; True when sent (now or earlier).

    The row is claimed with a conditional UPDATE so that two workers never both send it.
    """
    claimed = db.session.execute(
        update(OutgoingMail)
        .where(OutgoingMail.id == mail_id, OutgoingMail.status == MailStatus.PENDING)
        .values(
            attempts=OutgoingMail.attempts + 1,
            status=MailStatus.SENDING,
            next_attempt_at=utcnow() + LEASE,  # a worker that dies frees the row after this
        )
    ).rowcount
    db.session.commit()
    mail = db.session.get(OutgoingMail, mail_id)
    if mail is None:
        return False
    if not claimed:
        return mail.status == MailStatus.SENT
    try:
        message = EmailMultiAlternatives(
            subject=mail.subject,
            body=mail.body_text,
            from_email=current_app.config["MAIL_DEFAULT_SENDER"],
            to=[mail.recipient],
            headers=dict(mail.headers or {}),
        )
        if mail.body_html:
            message.attach_alternative(mail.body_html, "text/html")
        if mail.calendar:
            message.attach("uitnodiging.ics", mail.calendar, "text/calendar")
        message.send(fail_silently=False)
    except Exception as exc:
        mail.last_error = f"{type(exc).__name__}: {exc}"[:2000]
        if mail.attempts >= MAX_ATTEMPTS:
            mail.status = MailStatus.FAILED
            logger.error("Mail %s failed for good after %s attempts", mail.id, mail.attempts)
        else:
            mail.status = MailStatus.PENDING
            mail.next_attempt_at = utcnow() + _backoff(mail.attempts)
            logger.warning("Mail %s failed (attempt %s), will retry", mail.id, mail.attempts)
        db.session.commit()
        return False
    mail.status = MailStatus.SENT
    mail.sent_at = utcnow()
    mail.last_error = None
    db.session.commit()
    return True


def pending_ids(limit: int = 500) -> list[int]:
    """Messages due for a (re)try, including ones whose worker died while sending."""
    now = utcnow()
    db.session.execute(
        update(OutgoingMail)
        .where(OutgoingMail.status == MailStatus.SENDING, OutgoingMail.next_attempt_at < now)
        .values(status=MailStatus.PENDING)
    )
    db.session.commit()
    return list(
        db.session.scalars(
            select(OutgoingMail.id)
            .where(
                OutgoingMail.status == MailStatus.PENDING,
                or_(OutgoingMail.next_attempt_at.is_(None), OutgoingMail.next_attempt_at <= now),
            )
            .order_by(OutgoingMail.id)
            .limit(limit)
        )
    )


def flush_outbox() -> int:
    """Send everything that is due; returns how many were sent."""
    return sum(1 for mail_id in pending_ids() if deliver(mail_id))


def failed_mails(limit: int = 200) -> list[OutgoingMail]:
    """Mail the outbox gave up on after its last try, newest first."""
    return list(
        db.session.scalars(
            select(OutgoingMail)
            .where(OutgoingMail.status == MailStatus.FAILED)
            .order_by(OutgoingMail.created_at.desc(), OutgoingMail.id.desc())
            .limit(limit)
        )
    )


def retry_failed_mail(admin: User, mail_id: int) -> bool:
    """Give a message the outbox gave up on a fresh round of attempts; False if it was not
    (or no longer) failed."""
    require(can_resend_mail(admin), _("Alleen het programmateam kan e-mail opnieuw versturen."))
    changed = db.session.execute(
        update(OutgoingMail)
        .where(OutgoingMail.id == mail_id, OutgoingMail.status == MailStatus.FAILED)
        .values(status=MailStatus.PENDING, attempts=0, next_attempt_at=None)
    ).rowcount
    if not changed:
        return False
    mail = db.session.get(OutgoingMail, mail_id)
    record(admin, "mail.retry", mail, recipient=mail.recipient)
    enqueue_after_commit(DELIVER_TASK, mail_id)
    return True
