"""The development mail catcher's pages; registered only when the catcher is on."""

from __future__ import annotations

from flask import Blueprint, Response, abort, render_template

from learning.accounts.models import Role
from learning.mail import catcher
from learning.permissions import roles_required

bp = Blueprint("mail", __name__)

# The caught HTML is shown on its own in a sandboxed frame: no script, no form, no navigation.
HTML_POLICY = "sandbox; default-src 'none'; img-src data:; style-src 'unsafe-inline'"


@bp.get("/ontwikkeling/e-mail")
@roles_required(Role.PROGRAMME_ADMIN)
def caught_mail():
    return render_template("mail/caught.html", mails=catcher.caught_mails())


@bp.get("/ontwikkeling/e-mail/<key>")
@roles_required(Role.PROGRAMME_ADMIN)
def show_caught_mail(key: str):
    mail = catcher.caught_mail(key) or abort(404)
    return render_template("mail/caught_one.html", mail=mail)


@bp.get("/ontwikkeling/e-mail/<key>/html")
@roles_required(Role.PROGRAMME_ADMIN)
def caught_mail_html(key: str):
    mail = catcher.caught_mail(key)
    if mail is None or mail.html is None:
        abort(404)
    response = Response(mail.html, mimetype="text/html")
    response.headers["Content-Security-Policy"] = HTML_POLICY
    response.headers["X-Frame-Options"] = "SAMEORIGIN"
    return response
