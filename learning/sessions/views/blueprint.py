"""The leersessies blueprint and what its view modules share: running one service for a
button or form and answering the way every page in the app does."""

from __future__ import annotations

from collections.abc import Callable

from flask import Blueprint, Response, flash

from learning.errors import DomainError, Forbidden, NotFound
from learning.unit_of_work import commit, rollback
from learning.web import go

bp = Blueprint("sessions", __name__)

# The empty choice of optional selects (coerced to None by the forms).
NONE = ("", "—")


def is_refusal(error: DomainError) -> bool:
    """A reason the user can act on (shown with the form); not a missing page or right."""
    return not isinstance(error, Forbidden | NotFound)


def run(
    action: Callable[[], object],
    done: str,
    target: str,
    refused: Callable[[DomainError], Response],
) -> Response:
    """Run one service, commit and go to `target`; a refusal re-renders the page it came from.

    Missing rights and objects are left to the app's error pages (403, 404).
    """
    try:
        action()
    except DomainError as error:
        rollback()
        if not is_refusal(error):
            raise
        return refused(error)
    commit()
    flash(done, "info")
    return go(target)
