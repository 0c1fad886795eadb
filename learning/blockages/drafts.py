"""Keep a half-typed knelpunt when its form expired, so the author only has to save again.

Only for the logged-in author: a request without a login never stores anything (an expired
login keeps the text in the browser, static/js/drafts.js), so nobody can fill the table or plant
text as someone else's draft.
"""

from __future__ import annotations

import secrets
from datetime import timedelta

from flask import session
from sqlalchemy import delete, select
from werkzeug.datastructures import MultiDict

from learning.accounts.models import User
from learning.blockages.models import Draft
from learning.extensions import db
from learning.privacy import mask_text
from learning.timeutil import utcnow

# The fields of the knelpunt form worth keeping, each cut to what the form accepts.
FIELDS = {
    "title": 200,
    "description": 5000,
    "domains": 40,
    "handling": 40,
    "impacts": 40,
    "involved_organisations": 12,
    "organisation": 12,
    "area": 12,
    "reported_on": 10,
}
MAX_VALUES = 30
KEEP = timedelta(days=2)


def save_draft(author: User, form: MultiDict) -> str:
    """Store the known fields of the posted form, each masked: no identifiers in any store."""
    payload = {
        name: [mask_text(value[:limit]) for value in form.getlist(name)[:MAX_VALUES]]
        for name, limit in FIELDS.items()
        if name in form
    }
    token = secrets.token_urlsafe(24)
    db.session.execute(delete(Draft).where(Draft.created_at < utcnow() - KEEP))
    db.session.add(Draft(token=token, user_id=author.id, payload=payload))
    session["draft_token"] = token
    return token


def pop_draft(author: User) -> MultiDict | None:
    """The author's kept form, once; the caller commits the deletion."""
    token = session.pop("draft_token", None)
    if not token:
        return None
    draft = db.session.scalar(select(Draft).where(Draft.token == token, Draft.user_id == author.id))
    if draft is None:
        return None
    data = MultiDict([(key, value) for key, values in draft.payload.items() for value in values])
    db.session.delete(draft)
    return data
