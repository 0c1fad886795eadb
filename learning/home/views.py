"""The start page ('Mijn overzicht') and the health check."""

from __future__ import annotations

from flask import Blueprint, redirect, url_for
from flask_login import current_user

from learning.home.overview import no_role_message, overview
from learning.page_cache import cached_page
from learning.web import render

bp = Blueprint("home", __name__)


@bp.get("/")
@cached_page
def index():
    if not current_user.is_authenticated:
        return redirect(url_for("accounts.login"))
    return render("home/index.html", view=overview(current_user), no_role=no_role_message())


@bp.get("/healthz")
def healthz():
    return {"status": "ok"}
