"""The notification centre: the list, opening and marking read, the mail preference, and the
one-click unsubscribe from the notification mail."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from learning.errors import DomainError
from learning.extensions import csrf
from learning.mail.unsubscribe import user_for_unsubscribe_token
from learning.notifications import services
from learning.notifications.forms import MailPreferenceForm
from learning.notifications.mail import UNSUBSCRIBE_PURPOSE
from learning.permissions import login_required
from learning.unit_of_work import commit
from learning.web import form_error, form_errors_text, go, page_number, render

bp = Blueprint("notifications", __name__)


@bp.get("/meldingen")
@login_required
def list_notifications():
    page = services.notifications_of(current_user, page_number(), current_app.config["PAGE_SIZE"])
    return render(
        "notifications/list.html",
        "partials/notifications/_list.html",
        page=page,
        unread=services.unread_count(current_user),
    )


@bp.post("/meldingen/<int:notification_id>/openen")
@login_required
def open_notification(notification_id: int):
    """Mark it read and go where it points."""
    notification = services.mark_read(current_user, notification_id)
    commit()
    target = services.targets([notification.link])[notification.link]
    if notification.link and not target:
        flash(_("Het patroon van deze melding bestaat niet meer; de melding blijft bewaard."))
    return go(target or url_for("notifications.list_notifications"))


@bp.post("/meldingen/gelezen")
@login_required
def mark_all_read():
    if services.mark_all_read(current_user):
        commit()
        flash(_("Alle meldingen zijn gelezen."), "info")
    return go(url_for("notifications.list_notifications"))


@bp.route("/meldingen/voorkeuren", methods=["GET", "POST"])
@login_required
def preferences():
    form = MailPreferenceForm(frequency=current_user.notification_mail)
    if request.method == "GET":
        return render_template("notifications/preferences.html", form=form)
    if not form.validate_on_submit():
        return form_error(
            "notifications/preferences.html", None, form_errors_text(form.errors), form=form
        )
    try:
        services.set_mail_frequency(current_user, form.frequency.data)
    except DomainError as error:
        return form_error("notifications/preferences.html", None, error, form=form)
    commit()
    flash(_("Uw voorkeur voor e-mail over meldingen is opgeslagen."), "info")
    return go(url_for("notifications.preferences"))


@bp.route("/meldingen/afmelden/<token>", methods=["GET", "POST"])
@csrf.exempt  # mail clients post RFC 8058 one-click unsubscribes without a form token
def unsubscribe(token: str):
    user = user_for_unsubscribe_token(token, UNSUBSCRIBE_PURPOSE)
    if request.method == "POST":  # a GET never unsubscribes: link scanners follow links
        services.unsubscribe(user)
        commit()
        return render_template("notifications/unsubscribed.html", user=user)
    return render_template("notifications/unsubscribe.html", user=user, token=token)
