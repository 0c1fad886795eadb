"""Links from a digest into parts of the app that may not exist yet (tables, sessions)."""

from __future__ import annotations

from typing import Any

from flask import current_app
from werkzeug.routing import BuildError

from learning.links import external_url

__all__ = ["external_url", "optional_url"]  # learning.tables imports external_url from here


def optional_url(endpoint: str, **values: Any) -> str | None:
    """An absolute link, or None when the endpoint is not (yet) registered."""
    if endpoint not in current_app.view_functions:
        return None
    try:
        return external_url(endpoint, **values)
    except BuildError:
        return None
