"""Digest pages: the browser preview, preferences, one-click unsubscribe, failed mail."""

from __future__ import annotations

from flask import Blueprint, Response, flash, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from learning.accounts.models import Role
from learning.digests import delivery, services
from learning.digests.forms import PreferencesForm
from learning.digests.render import digest_context
from learning.errors import DomainError
from learning.extensions import csrf
from learning.mail import services as mail_services
from learning.permissions import login_required, roles_required
from learning.unit_of_work import commit
from learning.web import form_error, form_errors_text, go

bp = Blueprint("digests", __name__)


@bp.get("/digests/preview")
@login_required
def preview():
    """The digest as it would go out now: as a page, as the e-mail itself, or as plain text;
    the programme team picks whose (?gebruiker=<id>)."""
    recipient = services.recipient_for_preview(
        current_user, request.args.get("gebruiker", type=int)
    )
    content, rendered = delivery.preview(recipient)
    view = request.args.get("weergave", "pagina")
    if view == "email":
        return Response(rendered.html, mimetype="text/html")
    return render_template(
        "digests/preview.html",
        rendered=rendered,
        view=view,
        receives=delivery.receives_digest(recipient),
        own=recipient.id == current_user.id,
        choices=services.preview_choices(current_user),
        **digest_context(content),
    )


@bp.route("/digests/voorkeuren", methods=["GET", "POST"])
@login_required
def preferences():
    form = PreferencesForm(
        frequency=current_user.digest_frequency,
        weekday=current_user.digest_weekday,
        skip_empty=current_user.digest_skip_empty,
        opt_in=services.is_opted_in(current_user),
    )
    if request.method == "GET":
        return render_template("digests/preferences.html", form=form)
    if not form.validate_on_submit():
        return form_error(
            "digests/preferences.html", None, form_errors_text(form.errors), form=form
        )
    data = form.data
    try:
        services.update_preferences(
            current_user, data["frequency"], data["weekday"], data["skip_empty"], data["opt_in"]
        )
    except DomainError as error:
        return form_error("digests/preferences.html", None, error, form=form)
    commit()
    flash(_("Uw voorkeuren voor de digest zijn opgeslagen."), "info")
    return go(url_for("digests.preferences"))


@bp.route("/digests/afmelden/<token>", methods=["GET", "POST"])
@csrf.exempt  # mail clients post RFC 8058 one-click unsubscribes without a form token
def unsubscribe(token: str):
    user = services.user_for_unsubscribe_token(token)
    if request.method == "POST":  # a GET never unsubscribes: link scanners follow links
        services.unsubscribe(user)
        commit()
        return render_template("digests/unsubscribed.html", user=user)
    return render_template("digests/unsubscribe.html", user=user, token=token)


@bp.get("/digests/mislukt")
@roles_required(Role.PROGRAMME_ADMIN)
def failed_mail():
    failed = mail_services.failed_mails()
    periods = delivery.digest_periods(mail.id for mail in failed)
    return render_template("digests/failed.html", failed=failed, periods=periods)


@bp.post("/digests/mislukt/<int:mail_id>/opnieuw")
@roles_required(Role.PROGRAMME_ADMIN)
def retry_mail(mail_id: int):
    if mail_services.retry_failed_mail(current_user, mail_id):
        commit()
        flash(_("Het bericht wordt opnieuw verstuurd."), "info")
    return go(url_for("digests.failed_mail"))
