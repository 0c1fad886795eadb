"""Keep a half-typed knelpunt when the session expired, so the user only has to log in again."""

from __future__ import annotations

import secrets
from datetime import timedelta

from flask import session
from sqlalchemy import delete, select
from werkzeug.datastructures import MultiDict

from learning.blockages.models import Draft
from learning.extensions import db
from learning.privacy import mask_text
from learning.timeutil import utcnow

TEXT_FIELDS = ("title", "description")
KEEP = timedelta(days=2)


def save_draft(form: MultiDict) -> str:
    """Store the posted form, masked: an unauthenticated request must not persist identifiers."""
    payload = {key: form.getlist(key) for key in form if key not in {"csrf_token", "action"}}
    for name in TEXT_FIELDS:
        payload[name] = [mask_text(value) for value in payload.get(name, [])]
    token = secrets.token_urlsafe(24)
    db.session.execute(delete(Draft).where(Draft.created_at < utcnow() - KEEP))
    db.session.add(Draft(token=token, payload=payload))
    db.session.commit()
    session["draft_token"] = token
    return token


def pop_draft() -> MultiDict | None:
    token = session.pop("draft_token", None)
    if not token:
        return None
    draft = db.session.scalar(select(Draft).where(Draft.token == token))
    if draft is None:
        return None
    data = MultiDict([(key, value) for key, values in draft.payload.items() for value in values])
    db.session.delete(draft)
    db.session.commit()
    return data
