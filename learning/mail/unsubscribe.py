"""Signed one-click unsubscribe links (RFC 8058), one list per purpose (digest, notifications).

The tokens have no expiry: the link in an old mail must keep working. Each list signs with
its own salt, so a digest link cannot unsubscribe from the notification mail.
"""

from __future__ import annotations

from flask import current_app
from flask_babel import gettext as _
from itsdangerous import BadSignature, URLSafeSerializer

from learning.accounts.models import User
from learning.errors import NotFound
from learning.extensions import db


def _serializer(purpose: str) -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=f"{purpose}.unsubscribe")


def unsubscribe_token(user: User, purpose: str) -> str:
    return _serializer(purpose).dumps({"u": user.id})


def user_for_unsubscribe_token(token: str, purpose: str) -> User:
    refused = _("Deze afmeldlink klopt niet. Pas uw voorkeuren aan na inloggen.")
    try:
        payload = _serializer(purpose).loads(token)
    except BadSignature as exc:
        raise NotFound(refused) from exc
    user = db.session.get(User, payload.get("u")) if isinstance(payload, dict) else None
    if user is None:
        raise NotFound(refused)
    return user


# RFC 2369 and RFC 8058: one click in the mail client posts to the URL.
def list_headers(unsubscribe_url: str, list_id: str) -> dict[str, str]:
    """Headers every bulk mail of the app carries."""
    return {
        "List-Unsubscribe": f"<{unsubscribe_url}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        "List-Id": list_id,
        "Auto-Submitted": "auto-generated",
        "X-Auto-Response-Suppress": "All",
    }
