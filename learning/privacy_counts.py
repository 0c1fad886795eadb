"""Small counts hidden as "< 5", so that no case can be recognised from a figure."""

from __future__ import annotations

from flask import current_app, has_app_context

DEFAULT_MIN_GROUP_SIZE = 5


def min_group_size() -> int:
    if has_app_context():
        return int(current_app.config.get("MIN_GROUP_SIZE", DEFAULT_MIN_GROUP_SIZE))
    return DEFAULT_MIN_GROUP_SIZE


def small_count(n: int | None, minimum: int | None = None) -> str:
    """The count as text, or "< minimum" when 1..minimum-1 cases could be recognised.

    Zero is shown as it is: it says nothing about any case.
    """
    limit = min_group_size() if minimum is None else minimum
    value = n or 0
    if 0 < value < limit:
        return f"< {limit}"
    return str(value)
