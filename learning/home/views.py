"""The start page and the health check."""

from __future__ import annotations

from flask import Blueprint, redirect, url_for
from flask_login import current_user

bp = Blueprint("home", __name__)


@bp.get("/")
def index():
    if current_user.is_authenticated:
        return redirect(url_for("blockages.list_blockages"))
    return redirect(url_for("accounts.login"))


@bp.get("/healthz")
def healthz():
    return {"status": "ok"}
