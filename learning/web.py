"""The one set of web mechanics every blueprint uses: htmx page-or-partial, redirects after a
POST, refused forms, and the version a form was based on (optimistic locking).

htmx swaps only 2xx responses by default; `static/js/app.js` also swaps 422 (a refused form,
with the user's input and the Dutch reason) and 409 (someone else was first). So a refused form
is always answered with one of those two, never 400 or 403, or the user would see a generic
message instead of the explanation.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from flask import Response, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _

from learning.errors import Conflict, DomainError

MAX_VERSION_DIGITS = 9


def is_htmx() -> bool:
    """An htmx request that wants a fragment; a back-button history restore wants the page."""
    return (
        request.headers.get("HX-Request") == "true"
        and request.headers.get("HX-History-Restore-Request") != "true"
    )


def render(
    page_template: str,
    partial_template: str | None = None,
    /,
    *,
    http_status: int = 200,
    **context: Any,
) -> Response:
    """The partial for an htmx request, the full page otherwise (pages include their partial)."""
    template = partial_template if partial_template and is_htmx() else page_template
    response = make_response(render_template(template, **context), http_status)
    response.headers["Vary"] = "HX-Request"
    return response


def go(url: str) -> Response:
    """After a successful POST: htmx follows `HX-Redirect`, a plain form a redirect."""
    if is_htmx():
        return Response(status=204, headers={"HX-Redirect": url})
    return redirect(url)


def form_error(
    page_template: str, partial_template: str | None, error: DomainError | str, /, **context: Any
) -> Response:
    """Re-render a refused form with what the user typed and why it was not saved.

    The reason is shown in the page's message area: in the page itself, or for htmx as an
    out-of-band swap beside the re-rendered fragment, so every form gets it the same way.
    """
    message = error.message if isinstance(error, DomainError) else error
    status = 409 if isinstance(error, Conflict) else 422
    response = render(
        page_template, partial_template, http_status=status, error_message=message, **context
    )
    if is_htmx():
        response.set_data(
            response.get_data(as_text=True)
            + render_template("partials/_flash_oob.html", error_message=message)
        )
    return response


def form_errors_text(errors: dict[str, list[str]]) -> str:
    """WTForms' field errors as one sentence, for forms shown as a whole."""
    return " ".join(str(message) for messages in errors.values() for message in messages)


def expected_version(raw: str | None) -> int | None:
    """The version a form was based on; None when the form carried none.

    Only ASCII digits are accepted ("²".isdigit() is true but int() fails) and the length is
    capped, so a hostile value is a clear refusal, not a server error.
    """
    if raw is None or raw == "":
        return None
    value = raw.strip()
    if not (value.isascii() and value.isdigit()) or len(value) > MAX_VERSION_DIGITS:
        raise DomainError(_("Dit formulier is ongeldig. Laad de pagina opnieuw."))
    return int(value)


# Pages of a list a person can reach by clicking; a larger `?page=` is a typed or hostile URL.
MAX_PAGE = 10_000


def page_number() -> int:
    """The `?page=` of a list, between 1 and MAX_PAGE: any other value (huge, negative, text)
    gives the nearest page instead of a database error (SQLite cannot even bind a huge one)."""
    return max(1, min(request.args.get("page", 1, type=int), MAX_PAGE))


def safe_next(target: str | None) -> str:
    """Where to go after login: only a path on this site, else the start page.

    Browsers drop tabs and newlines inside URLs ("/<tab>/evil.example" becomes "//evil.example"),
    and treat a backslash as a slash, so those are refused before the path check.
    """
    fallback = url_for("home.index")
    if not target or any(ord(char) < 32 or char in "\\\x7f" for char in target):
        return fallback
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return fallback
    return target
