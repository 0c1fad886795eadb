"""Create, revoke and check personal API tokens."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from flask_babel import gettext as _
from sqlalchemy import func, select

from learning.accounts.models import User
from learning.api.models import ApiToken
from learning.audit.services import record
from learning.errors import DomainError, NotFound
from learning.extensions import db
from learning.permissions import require
from learning.privacy import mask_text
from learning.timeutil import as_utc, utcnow

PREFIX = "lnw_"
MAX_ACTIVE_TOKENS = 20
LAST_USED_RESOLUTION = timedelta(minutes=5)


def digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def create_token(user: User, name: str) -> tuple[ApiToken, str]:
    """A new token for `user`; the plain token is returned once and never stored."""
    name = mask_text(" ".join((name or "").split()))[:80] or _("API-token")
    active = db.session.scalar(
        select(func.count(ApiToken.id)).where(
            ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None)
        )
    )
    if active >= MAX_ACTIVE_TOKENS:
        raise DomainError(
            _("U heeft al %(n)s actieve tokens. Trek er eerst een in.", n=MAX_ACTIVE_TOKENS)
        )
    plain = PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(user=user, name=name, token_hash=digest(plain), prefix=plain[:10])
    db.session.add(token)
    record(user, "api_token.created", token, name=name)
    return token, plain


def tokens_of(user: User) -> list[ApiToken]:
    return list(
        db.session.scalars(
            select(ApiToken).where(ApiToken.user_id == user.id).order_by(ApiToken.id.desc())
        )
    )


def revoke_token(user: User, token_id: int) -> ApiToken:
    """Only the owner revokes a token (the programme team may revoke anyone's)."""
    token = db.session.get(ApiToken, token_id)
    if token is None:
        raise NotFound(_("Dit token bestaat niet."))
    require(token.user_id == user.id or user.is_admin, _("Dit is niet uw token."))
    if token.revoked_at is None:
        token.revoked_at = utcnow()
        record(user, "api_token.revoked", token, owner=token.user_id)
    return token


def user_for_token(plain: str) -> User | None:
    """The active user of an active token, or None; notes when the token was last used."""
    if not plain.startswith(PREFIX) or len(plain) > 100:
        return None
    token = db.session.scalar(select(ApiToken).where(ApiToken.token_hash == digest(plain)))
    if token is None or token.revoked_at is not None or not token.user.active:
        return None
    now = utcnow()
    if token.last_used_at is None or now - as_utc(token.last_used_at) > LAST_USED_RESOLUTION:
        token.last_used_at = now
    return token.user
