"""Cursor pagination: an opaque, signed cursor that remembers where a page ended and for which
filters, so a tampered, stale or mismatched cursor is a clear 400 instead of a wrong page."""

from __future__ import annotations

import hashlib
import json
from datetime import date
from typing import Any

from flask import current_app
from flask_babel import gettext as _
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from learning.errors import DomainError

CURSOR_MAX_AGE = 24 * 3600


class BadCursor(DomainError):
    status_code = 400


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="api-cursor")


def filters_key(filters: dict[str, Any]) -> str:
    plain = json.dumps(filters, sort_keys=True, default=str)
    return hashlib.sha256(plain.encode()).hexdigest()[:16]


def encode(day: date, last_id: int, key: str) -> str:
    return _serializer().dumps([day.isoformat(), last_id, key])


def decode(cursor: str, key: str) -> tuple[date, int]:
    try:
        day, last_id, cursor_key = _serializer().loads(cursor, max_age=CURSOR_MAX_AGE)
    except SignatureExpired as exc:
        raise BadCursor(_("Deze cursor is verlopen. Begin opnieuw zonder cursor.")) from exc
    except (BadSignature, ValueError, TypeError) as exc:
        raise BadCursor(
            _("Deze cursor is ongeldig. Gebruik next_cursor uit een antwoord.")
        ) from exc
    if cursor_key != key:
        raise BadCursor(_("Deze cursor hoort bij andere filters. Begin opnieuw zonder cursor."))
    try:
        return date.fromisoformat(day), int(last_id)
    except (TypeError, ValueError) as exc:
        raise BadCursor(_("Deze cursor is ongeldig.")) from exc
