"""Domain exceptions and the one place that maps them to pages and HTTP codes."""

from __future__ import annotations

from flask import Flask, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from sqlalchemy.orm.exc import StaleDataError

from learning.extensions import login_manager
from learning.unit_of_work import rollback

# Forms whose typed text is kept when the session or the form expired.
DRAFTABLE = frozenset({"blockages.new_blockage", "blockages.edit_blockage"})


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
    from learning.web import is_htmx

    template = "partials/_error.html" if is_htmx() else "error.html"
    response = render_template(template, status=status, title=title, message=message)
    return response, status


def _rescue_draft():
    from learning.blockages.drafts import save_draft

    save_draft(request.form)
    flash(_("Uw sessie was verlopen. Log opnieuw in; uw knelpunt is bewaard."), "info")
    return redirect(url_for("accounts.login", next=request.path))


def register_error_handlers(app: Flask) -> None:
    @login_manager.unauthorized_handler
    def unauthorized():
        """An expired session on the knelpunt form keeps the work and asks to log in again."""
        from learning.web import is_htmx

        if request.method == "POST" and request.endpoint in DRAFTABLE:
            return _rescue_draft()
        if is_htmx():
            return "", 401, {"HX-Redirect": url_for("accounts.login")}
        flash(_("Log in om verder te gaan."), "info")
        return redirect(url_for("accounts.login", next=request.full_path.rstrip("?")))

    @app.errorhandler(CSRFError)
    def csrf_error(_error: CSRFError):
        if request.method == "POST" and request.endpoint in DRAFTABLE:
            if not current_user.is_authenticated:
                return _rescue_draft()
            from learning.blockages.drafts import save_draft

            save_draft(request.form)
            flash(
                _("Het formulier was verlopen. Uw knelpunt is bewaard; sla het opnieuw op."), "info"
            )
            return redirect(request.path)
        return render_error(
            400,
            _("Formulier verlopen"),
            _("Het formulier was verlopen. Laad de pagina opnieuw en probeer het nog eens."),
        )

    @app.errorhandler(DomainError)
    def domain_error(error: DomainError):
        return render_error(error.status_code, _("Dat lukte niet"), error.message)

    @app.errorhandler(StaleDataError)
    def stale(_error: StaleDataError):
        rollback()
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
        rollback()  # a failed flush must not break the error page (PendingRollbackError)
        return render_error(
            500,
            _("Er ging iets mis"),
            _("Er ging iets mis aan onze kant. Uw invoer is niet verloren; probeer het opnieuw."),
        )
