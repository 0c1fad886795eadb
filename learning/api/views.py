"""Web pages of the API: the user's own tokens (create, revoke) and the API documentation."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import Length

from learning.api import tokens
from learning.errors import DomainError
from learning.permissions import login_required
from learning.unit_of_work import commit, rollback
from learning.web import form_error, go, render

bp = Blueprint("api_tokens", __name__)


class TokenForm(FlaskForm):
    name = StringField(_l("Waarvoor is dit token?"), validators=[Length(max=80)])


class RevokeForm(FlaskForm):
    pass


def _page(form: TokenForm, new_token: str | None = None, error: str | None = None):
    context = {
        "form": form,
        "revoke_form": RevokeForm(formdata=None),
        "tokens": tokens.tokens_of(current_user),
        "new_token": new_token,
    }
    if error:
        return form_error("api/tokens.html", None, error, **context)
    return render("api/tokens.html", **context)


@bp.get("/account/api-tokens")
@login_required
def list_tokens():
    return _page(TokenForm(formdata=None))


@bp.post("/account/api-tokens")
@login_required
def create_token():
    """The new token is shown once, on this response; only its hash is kept."""
    form = TokenForm()
    if not form.validate_on_submit():
        return _page(form, error=_("Controleer de naam van het token."))
    try:
        _token, plain = tokens.create_token(current_user, form.name.data or "")
    except DomainError as refused:
        rollback()
        return _page(form, error=refused.message)
    commit()
    response = _page(TokenForm(formdata=None), new_token=plain)
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.post("/account/api-tokens/<int:token_id>/intrekken")
@login_required
def revoke_token(token_id: int):
    form = RevokeForm()
    if not form.validate_on_submit():
        return _page(TokenForm(formdata=None), error=_("Het formulier was verlopen."))
    tokens.revoke_token(current_user, token_id)
    commit()
    flash(_("Het token is ingetrokken; het werkt niet meer."), "info")
    return go(url_for(".list_tokens"))


@bp.get("/api/v1/docs")
def api_docs():
    """The OpenAPI document as a page: no scripts, so it works under the strict CSP."""
    spec = current_app.extensions["flask-smorest"]["apis"][""]["ext_obj"].spec.to_dict()
    return render("api/docs.html", spec=spec)
