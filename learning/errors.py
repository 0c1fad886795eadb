"""Domain exceptions and the one place that maps them to pages and HTTP codes."""

from __future__ import annotations

from flask import Flask, render_template, request
from flask_babel import gettext as _
from sqlalchemy.orm.exc import StaleDataError


class DomainError(Exception):
    """A rule of the domain refused the action; the message is Dutch and shown to the user."""

    status_code = 400

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotFound(DomainError):
    status_code = 404


class Forbidden(DomainError):
    status_code = 403


class Conflict(DomainError):
    """Someone else changed the same object first (optimistic locking)."""

    status_code = 409


class IllegalTransition(DomainError):
    status_code = 409


def render_error(status: int, title: str, message: str):
    template = "partials/_error.html" if request.headers.get("HX-Request") else "error.html"
    response = render_template(template, status=status, title=title, message=message)
    return response, status


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(DomainError)
    def domain_error(error: DomainError):
        return render_error(error.status_code, _("Dat lukte niet"), error.message)

    @app.errorhandler(StaleDataError)
    def stale(_error: StaleDataError):
        from learning.extensions import db

        db.session.rollback()
        return render_error(
            409,
            _("Iemand anders was u voor"),
            _("Dit is intussen door iemand anders gewijzigd. Laad de pagina opnieuw."),
        )

    @app.errorhandler(403)
    def forbidden(_error):
        return render_error(
            403, _("Geen toegang"), _("U heeft geen rechten voor deze pagina of actie.")
        )

    @app.errorhandler(404)
    def not_found(_error):
        return render_error(404, _("Niet gevonden"), _("Deze pagina bestaat niet (meer)."))

    @app.errorhandler(429)
    def too_many(_error):
        return render_error(
            429,
            _("Te veel pogingen"),
            _("U heeft het te vaak geprobeerd. Wacht een paar minuten en probeer het opnieuw."),
        )

    @app.errorhandler(500)
    def server_error(_error):
        return render_error(
            500,
            _("Er ging iets mis"),
            _("Er ging iets mis aan onze kant. Uw invoer is niet verloren; probeer het opnieuw."),
        )
