"""Protections every response and request gets, whatever the route: security headers, bounded
URL ids, and refusal of input no field may hold.

Kept in one place so that a new blueprint is protected without doing anything.
"""

from __future__ import annotations

from flask import Flask, Response, request
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.routing import IntegerConverter

from learning.errors import DomainError
from learning.page_cache import from_cache

# Largest id a URL may carry: PostgreSQL `integer` columns end at 2**31 - 1, so a larger value
# can name nothing and must be a 404, not a database error.
MAX_ID = 2**31 - 1

CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        # Inline style attributes (bar heights) cannot run script; <style> elements stay out.
        "style-src-attr 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "base-uri 'none'",
        "object-src 'none'",
    )
)
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"


class BoundedIntConverter(IntegerConverter):
    """`<int:...>` in every route: 0 .. MAX_ID, anything else does not match (404)."""

    def __init__(self, map, *args, **kwargs) -> None:
        kwargs.setdefault("min", 0)
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)


class InvalidInput(DomainError):
    """A request carries characters no text field can hold."""


def install_url_converters(app: Flask) -> None:
    """Before any blueprint is registered: rules compile with the converters present then."""
    app.url_map.converters["int"] = BoundedIntConverter


def init_security(app: Flask) -> None:
    @app.before_request
    def refuse_unstorable_input() -> None:
        """NUL cannot be stored in PostgreSQL text and has no place in any form or filter."""
        for values in (request.args, request.form):
            for key, value in values.items(multi=True):
                if "\x00" in key or "\x00" in value:
                    raise InvalidInput(_("De invoer bevat ongeldige tekens."))

    @app.after_request
    def security_headers(response: Response) -> Response:
        headers = response.headers
        headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("X-Frame-Options", "DENY")
        headers.setdefault("Referrer-Policy", "same-origin")
        headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        if app.config.get("HSTS"):
            headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
        if _holds_case_data(response):
            headers["Cache-Control"] = "no-store"
        return response


def _holds_case_data(response: Response) -> bool:
    """Pages and data answered to a logged-in user may describe cases: never cached."""
    if request.endpoint == "static":
        return False
    if from_cache():  # only logged-in users' pages are cached; do not load the user for this
        return True
    return bool(current_user and current_user.is_authenticated) or response.mimetype in {
        "text/calendar",
        "text/csv",
    }
