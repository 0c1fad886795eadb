"""Bearer-token authentication for the API: no session cookie, no CSRF, the token's user only."""

from __future__ import annotations

import hashlib

from flask import g, request
from flask_login import AnonymousUserMixin

from learning.accounts.models import User
from learning.api.problems import problem
from learning.api.tokens import user_for_token
from learning.unit_of_work import commit


def bearer_token() -> str | None:
    header = request.headers.get("Authorization", "")
    scheme, _sep, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return token.strip()


def rate_limit_key() -> str:
    """Per token (hashed, so the limiter's store never holds one); per address without."""
    token = bearer_token()
    if token:
        return "api-token:" + hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()
    return "api-address:" + (request.remote_addr or "?")


def authenticate():
    """before_request of every API blueprint: the token's user becomes `current_user` for this
    request only; a session cookie the browser sends along is never read."""
    g._login_user = AnonymousUserMixin()  # Flask-Login then never loads the cookie's user
    token = bearer_token()
    user = user_for_token(token) if token else None
    if user is None:
        return problem(401)
    commit()  # the token's last use, in its own short transaction
    g._login_user = user
    g.api_user = user
    return None


def api_user() -> User:
    """The user of this request's token."""
    return g.api_user
