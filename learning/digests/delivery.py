"""Due digests and building each exactly once per (recipient, period).

The Digest row is the claim: it is inserted (unique user_id + period) before the digest is
built, and committed together with its OutgoingMail. A second builder for the same period, from
a duplicate beat, a second worker or a redelivered task, inserts nothing and backs off.
Sending, retrying with backoff and giving up are the mail outbox's job (learning.mail.services),
so a digest waits there while SMTP or Redis is down.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select, tuple_
from sqlalchemy.orm import lazyload

from learning.accounts.models import User
from learning.database import insert_unless_exists
from learning.digests.builder import build_content
from learning.digests.content import DigestContent
from learning.digests.models import Digest
from learning.digests.periods import Frequency, Period, latest_due, period_for_key, reference_day
from learning.digests.recipients import (
    audiences,
    load_recipient,
    opted_in_ids,
    recipient_scope,
    table_runner_ids,
)
from learning.digests.render import RenderedDigest, message_id, render_digest
from learning.errors import DomainError
from learning.extensions import db
from learning.mail import services as mail_services
from learning.mail.models import OutgoingMail
from learning.timeutil import utcnow

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Due:
    user_id: int
    email: str
    period: Period


def dedupe_key(user_id: int, period: str) -> str:
    return f"digest:{user_id}:{period}"


def subscribers(user_ids: Iterable[int] | None = None) -> list[User]:
    """Active users who chose a frequency and whom a digest is written for."""
    query = (
        select(User)
        .options(lazyload(User.organisations))
        .where(User.active.is_(True), User.digest_frequency != Frequency.NEVER)
        .order_by(User.id)
    )
    if user_ids is not None:
        query = query.where(User.id.in_(list(user_ids)))
    users = list(db.session.scalars(query))
    ids = [u.id for u in users]
    opted, runners = opted_in_ids(ids), table_runner_ids(ids)
    return [u for u in users if audiences(u, u.id in opted, u.id in runners)]


def receives_digest(user: User) -> bool:
    return bool(subscribers([user.id]))


def due_digests(period: str | None = None, today: date | None = None) -> list[Due]:
    """Digests due by today (or by the end of `period`) that were not built yet."""
    day = reference_day(period, today)
    candidates = [
        Due(user.id, user.email, due)
        for user in subscribers()
        if (due := latest_due(user.digest_frequency, user.digest_weekday, day)) is not None
    ]
    built = _built({(d.user_id, d.period.key) for d in candidates})
    return [d for d in candidates if (d.user_id, d.period.key) not in built]


def _built(pairs: set[tuple[int, str]]) -> set[tuple[int, str]]:
    if not pairs:
        return set()
    rows = db.session.execute(
        select(Digest.user_id, Digest.period).where(
            tuple_(Digest.user_id, Digest.period).in_(list(pairs))
        )
    )
    return {(user_id, period) for user_id, period in rows}


def find_digest(user_id: int, period: str) -> Digest | None:
    return db.session.scalar(
        select(Digest).where(Digest.user_id == user_id, Digest.period == period)
    )


def preview(user: User, period: Period | None = None) -> tuple[DigestContent, RenderedDigest]:
    """The digest as it would be sent now, without storing anything (browser, CLI, dry run):
    the one that is due, or once that went out, the next one so far."""
    if period is None:
        period = current_period(user)
        if find_digest(user.id, period.key) is not None:
            period = period.following(user.digest_weekday)
    content = build_content(user, period)
    return content, render_digest(content)


def current_period(user: User, today: date | None = None) -> Period:
    """The user's latest due period; weekly for someone who chose 'never' (for the preview)."""
    frequency = user.digest_frequency
    if frequency == Frequency.NEVER:
        frequency = Frequency.WEEKLY
    period = latest_due(frequency, user.digest_weekday, reference_day(None, today))
    assert period is not None
    return period


def queue_digest(
    user_id: int, period: str, cache: dict | None = None, now: datetime | None = None
) -> Digest | None:
    """Build the digest for (user, period) and put it in the outbox, unless that was done.

    Returns the Digest (new or existing), or None when the user no longer gets this digest.
    Flushes; the caller commits, after which the mail is dispatched to a worker. Callers that
    queue many digests in one go pass one `cache` and `now` to all (see build_content).
    """
    user = load_recipient(user_id)
    if user is None or not user.active or user.digest_frequency == Frequency.NEVER:
        return None
    try:
        window = period_for_key(user.digest_frequency, user.digest_weekday, period)
    except DomainError:  # preferences changed after it was found due
        return None
    recipient = recipient_scope(user)
    if not recipient[0]:
        return None
    digest = _claim(user, window)
    if digest is None:
        logger.info("Digest %s for user %s was built already", period, user_id)
        return find_digest(user_id, period)
    content = build_content(user, window, recipient=recipient, cache=cache, now=now)
    if not (content.is_empty and user.digest_skip_empty):
        digest.mail_id = _queue_mail(user, period, render_digest(content))
    digest.item_count = content.item_count
    db.session.flush()
    logger.info(
        "Digest %s for user %s queued (%s items%s)",
        period,
        user_id,
        digest.item_count,
        ", skipped: empty" if digest.mail_id is None else "",
    )
    return digest


def _claim(user: User, window: Period) -> Digest | None:
    """Insert the Digest row unless it exists; None when another builder has it."""
    return insert_unless_exists(
        Digest,
        ["user_id", "period"],
        user_id=user.id,
        period=window.key,
        frequency=user.digest_frequency,
        window_start=window.window_start,
        window_end=window.window_end,
        item_count=0,
        created_at=utcnow(),
    )


def _queue_mail(user: User, period: str, rendered: RenderedDigest) -> int:
    key = dedupe_key(user.id, period)
    mail = mail_services.queue_mail(
        user.email,
        rendered.subject,
        rendered.text,
        rendered.html,
        headers={**rendered.headers, "Message-ID": message_id(user.id, period)},
        dedupe_key=key,
    )
    if mail is not None:
        return mail.id
    # Only if a digest row was deleted by hand: its mail is still in the outbox.
    return db.session.scalar(select(OutgoingMail.id).where(OutgoingMail.dedupe_key == key))


@dataclass
class SendResult:
    queued: int = 0
    sent: int = 0
    skipped: int = 0
    waiting: int = 0  # stays in the outbox for a retry (SMTP down)
    errors: int = 0


def send_now(digest: Digest | None, result: SendResult) -> None:
    """Deliver a freshly queued digest in this process (the CLI does not wait for a worker).

    deliver() claims the mail row first, so a worker that got the same mail sends nothing.
    """
    if digest is None:
        return
    if digest.mail_id is None:
        result.skipped += 1
        return
    result.queued += 1
    if mail_services.deliver(digest.mail_id):
        result.sent += 1
    else:
        result.waiting += 1


def digest_periods(mail_ids: Iterable[int]) -> dict[int, str]:
    """The period of each digest among these mails (for the failed-mail page)."""
    rows = db.session.execute(
        select(Digest.mail_id, Digest.period).where(Digest.mail_id.in_(list(mail_ids)))
    )
    return dict(rows.tuples().all())
