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


def register_draft_rescue(app) -> None:
    """An expired session on the knelpunt form keeps the work and asks to log in again."""
    from flask import flash, redirect, request, url_for
    from flask_babel import gettext as _
    from flask_login import current_user
    from flask_wtf.csrf import CSRFError

    from learning.extensions import login_manager

    draftable = {"blockages.new_blockage", "blockages.edit_blockage"}

    def rescue():
        save_draft(request.form)
        flash(_("Uw sessie was verlopen. Log opnieuw in; uw knelpunt is bewaard."), "info")
        return redirect(url_for("accounts.login", next=request.path))

    @login_manager.unauthorized_handler
    def unauthorized():
        if request.method == "POST" and request.endpoint in draftable:
            return rescue()
        if request.headers.get("HX-Request") == "true":
            return "", 401, {"HX-Redirect": url_for("accounts.login")}
        flash(_("Log in om verder te gaan."), "info")
        return redirect(url_for("accounts.login", next=request.full_path.rstrip("?")))

    @app.errorhandler(CSRFError)
    def csrf_error(error):
        if request.method == "POST" and request.endpoint in draftable:
            if current_user.is_authenticated:
                save_draft(request.form)
                flash(
                    _("Het formulier was verlopen. Uw knelpunt is bewaard; sla het opnieuw op."),
                    "info",
                )
                return redirect(request.path)
            return rescue()
        from learning.errors import render_error

        return render_error(
            400,
            _("Formulier verlopen"),
            _("Het formulier was verlopen. Laad de pagina opnieuw en probeer het nog eens."),
        )
