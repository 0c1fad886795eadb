"""Domain exceptions and the one place that maps them to pages and HTTP codes."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Flask, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DataError, IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from learning.extensions import login_manager
from learning.unit_of_work import commit, rollback

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


def require_version(obj: object, expected: int | None, message: str | None = None) -> None:
    """Optimistic locking for a form: refuse when `obj` changed since the form was shown.

    `expected` is the version the form carried (None: the form carried none, nothing to check).
    The database's `version_id_col` still guards the write itself; this check gives the user
    the Dutch explanation before any work is done.
    """
    if expected is not None and expected != obj.version:  # type: ignore[attr-defined]
        raise Conflict(
            message or _("Dit is intussen door iemand anders gewijzigd. Laad de pagina opnieuw.")
        )


def render_error(status: int, title: str, message: str):
    from learning.web import is_htmx

    template = "partials/_error.html" if is_htmx() else "error.html"
    response = render_template(template, status=status, title=title, message=message)
    return response, status


def _login_again():
    """An expired login on a form: back to the login page without touching the session, so
    a cross-site post cannot log anyone out; the typed text waits in the browser."""
    from learning.web import is_htmx

    if is_htmx():  # come back to the page the user was on, not to the fragment's endpoint
        page = urlsplit(request.headers.get("HX-Current-URL", "")).path or None
        return "", 401, {"HX-Redirect": url_for("accounts.login", verlopen=1, next=page)}
    return redirect(url_for("accounts.login", verlopen=1, next=request.path))


def register_error_handlers(app: Flask) -> None:
    @login_manager.unauthorized_handler
    def unauthorized():
        """Not logged in (or the login expired): to the login page, and back afterwards."""
        from learning.web import is_htmx

        if request.method == "POST":
            return _login_again()
        if is_htmx():
            return "", 401, {"HX-Redirect": url_for("accounts.login")}
        flash(_("Log in om verder te gaan."), "info")
        return redirect(url_for("accounts.login", next=request.full_path.rstrip("?")))

    @app.errorhandler(CSRFError)
    def csrf_error(_error: CSRFError):
        """No valid form token: an expired login, an old form, or a post from another site."""
        if not current_user.is_authenticated:
            return _login_again()
        if request.method == "POST" and request.endpoint in DRAFTABLE:
            from learning.blockages.drafts import save_draft

            save_draft(current_user, request.form)
            commit()
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

    @app.errorhandler(DataError)
    @app.errorhandler(OverflowError)  # SQLite (the first run) cannot bind an integer that large
    def data_error(_error: DataError | OverflowError):
        """A value the database cannot hold (a number too large, a text too long): the
        checks at the edge should have caught it; the user still gets a clear answer."""
        rollback()
        return render_error(
            400,
            _("Ongeldige invoer"),
            _("Een van de ingevulde waarden is te groot of ongeldig. Controleer uw invoer."),
        )

    @app.errorhandler(IntegrityError)
    def integrity_error(_error: IntegrityError):
        """Two requests raced to create the same thing (a double submit): one of them won."""
        rollback()
        return render_error(
            409,
            _("Al verwerkt"),
            _("Dit is al opgeslagen, misschien door een dubbele klik. Laad de pagina opnieuw."),
        )

    @app.errorhandler(403)
    def forbidden(_error):
        return render_error(
            403, _("Geen toegang"), _("U heeft geen rechten voor deze pagina of actie.")
        )

    @app.errorhandler(404)
    def not_found(_error):
        return render_error(404, _("Niet gevonden"), _("Deze pagina bestaat niet (meer)."))

    @app.errorhandler(413)
    def too_large(_error):
        return render_error(
            413,
            _("Te veel tekst"),
            _("Wat u verstuurde is te groot. Maak de tekst korter of kies een kleiner bestand."),
        )

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
