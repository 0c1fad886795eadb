"""The session cookie: Flask's signed cookie, re-signed for an unchanged session at most once a
minute instead of on every request.

A permanent session's cookie is re-issued to extend its idle lifetime
(`PERMANENT_SESSION_LIFETIME`, `SESSION_REFRESH_EACH_REQUEST`). Signing it again costs about as
much CPU as a whole page served from the page cache, so it is done when the cookie was signed
more than `SESSION_REFRESH_SECONDS` ago: the idle lifetime then moves in steps of a minute.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from flask import Flask, Request
from flask.sessions import SecureCookieSession, SecureCookieSessionInterface
from itsdangerous import BadSignature


class SignedAtSession(SecureCookieSession):
    """A session that knows when its cookie was signed (None: new, or not from a cookie)."""

    signed_at: datetime | None = None


class SessionCookie(SecureCookieSessionInterface):
    session_class = SignedAtSession

    def open_session(self, app: Flask, request: Request) -> SignedAtSession | None:
        serializer = self.get_signing_serializer(app)
        if serializer is None:
            return None
        value = request.cookies.get(self.get_cookie_name(app))
        if not value:
            return self.session_class()
        max_age = int(app.permanent_session_lifetime.total_seconds())
        try:
            data, signed_at = serializer.loads(value, max_age=max_age, return_timestamp=True)
        except BadSignature:
            return self.session_class()
        session = self.session_class(data)
        session.signed_at = signed_at
        return session

    def should_set_cookie(self, app: Flask, session: SecureCookieSession) -> bool:
        if session.modified:
            return True
        if not (session.permanent and app.config["SESSION_REFRESH_EACH_REQUEST"]):
            return False
        signed_at = getattr(session, "signed_at", None)
        refresh = timedelta(seconds=app.config.get("SESSION_REFRESH_SECONDS", 60))
        # The real clock, not timeutil's: itsdangerous signs with the real clock.
        return signed_at is None or datetime.now(UTC) - signed_at >= refresh
