"""Digest preferences: frequency, day, opt-in, and the signed one-click unsubscribe."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import delete, select

from learning.accounts.models import User
from learning.audit.services import record
from learning.digests.models import DigestOptIn
from learning.digests.periods import Frequency
from learning.digests.permissions import can_preview_digest_of
from learning.errors import DomainError, NotFound
from learning.extensions import db
from learning.mail import unsubscribe as mail_unsubscribe
from learning.permissions import require

UNSUBSCRIBE_PURPOSE = "digests"  # the salt of the links in every digest sent so far


def unsubscribe_token(user: User) -> str:
    return mail_unsubscribe.unsubscribe_token(user, UNSUBSCRIBE_PURPOSE)


def user_for_unsubscribe_token(token: str) -> User:
    return mail_unsubscribe.user_for_unsubscribe_token(token, UNSUBSCRIBE_PURPOSE)


def recipient_for_preview(viewer: User, user_id: int | None) -> User:
    """Whose digest the viewer previews: their own, or (programme team) any user's."""
    if user_id is None:
        return viewer
    recipient = db.session.get(User, user_id) if 0 < user_id < 2**31 else None
    if recipient is None:
        raise NotFound(_("Deze gebruiker bestaat niet."))
    require(
        can_preview_digest_of(viewer, recipient),
        _("Alleen het programmateam kan de digest van iemand anders bekijken."),
    )
    return recipient


def preview_choices(viewer: User) -> list[User]:
    """The users the viewer may preview the digest of, besides themselves."""
    if not viewer.is_admin:
        return []
    return list(db.session.scalars(select(User).where(User.active.is_(True)).order_by(User.name)))


def is_opted_in(user: User) -> bool:
    return db.session.get(DigestOptIn, user.id) is not None


def update_preferences(
    user: User, frequency: str, weekday: int, skip_empty: bool, opt_in: bool | None = None
) -> None:
    """Store how often and on which day the user gets a digest; `opt_in` is for professionals."""
    if frequency not in set(Frequency):
        raise DomainError(_("Kies hoe vaak u de digest wilt ontvangen."))
    if not 0 <= weekday <= 6:
        raise DomainError(_("Kies een dag van de week."))
    user.digest_frequency = frequency
    user.digest_weekday = weekday
    user.digest_skip_empty = skip_empty
    if opt_in is not None:
        _set_opt_in(user, opt_in)
    record(
        user,
        "digest.preferences",
        user,
        frequency=frequency,
        weekday=weekday,
        skip_empty=skip_empty,
        opt_in=opt_in,
    )
    db.session.flush()


def _set_opt_in(user: User, opt_in: bool) -> None:
    exists = db.session.scalar(select(DigestOptIn.user_id).where(DigestOptIn.user_id == user.id))
    if opt_in and not exists:
        db.session.add(DigestOptIn(user_id=user.id))
    elif not opt_in and exists:
        db.session.execute(delete(DigestOptIn).where(DigestOptIn.user_id == user.id))


def unsubscribe(user: User) -> None:
    """Stop all digests for this user; safe to repeat (mail clients may post twice)."""
    if user.digest_frequency == Frequency.NEVER and not is_opted_in(user):
        return
    user.digest_frequency = Frequency.NEVER
    _set_opt_in(user, False)
    record(None, "digest.unsubscribe", user)
    db.session.flush()
