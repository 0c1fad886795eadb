"""Digest preferences: frequency, day, opt-in, and the signed one-click unsubscribe."""

from __future__ import annotations

from flask import current_app
from flask_babel import gettext as _
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import delete, select

from learning.accounts.models import User
from learning.audit.services import record
from learning.digests.models import DigestOptIn
from learning.digests.periods import Frequency
from learning.errors import DomainError, NotFound
from learning.extensions import db

_SALT = "digests.unsubscribe"


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=_SALT)


def unsubscribe_token(user: User) -> str:
    """A token without expiry: an unsubscribe link in an old digest must keep working."""
    return _serializer().dumps({"u": user.id})


def user_for_unsubscribe_token(token: str) -> User:
    try:
        payload = _serializer().loads(token)
    except BadSignature as exc:
        raise NotFound(_("Deze afmeldlink klopt niet. Pas uw voorkeuren aan na inloggen.")) from exc
    user = db.session.get(User, payload.get("u")) if isinstance(payload, dict) else None
    if user is None:
        raise NotFound(_("Deze afmeldlink klopt niet. Pas uw voorkeuren aan na inloggen."))
    return user


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
