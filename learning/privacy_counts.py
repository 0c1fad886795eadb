"""Small counts hidden as "< 5", so that no case can be recognised from a figure."""

from __future__ import annotations

from flask import current_app, has_app_context

from learning.config import Config


def min_group_size() -> int:
    """MIN_GROUP_SIZE of the running app (the environment's default outside one)."""
    if has_app_context():
        return int(current_app.config["MIN_GROUP_SIZE"])
    return Config.MIN_GROUP_SIZE


def small_count(n: int | None, minimum: int | None = None) -> str:
    """The count as text, or "< minimum" when 1..minimum-1 cases could be recognised.

    Zero is shown as it is: it says nothing about any case.
    """
    limit = min_group_size() if minimum is None else minimum
    value = n or 0
    if 0 < value < limit:
        return f"< {limit}"
    return str(value)


def bar_height(n: int | None, peak: int | None) -> int:
    """The height (percent) of a count's bar in a chart: a count below the minimum is drawn at
    the minimum, so the picture does not show what its "< 5" label hides."""
    limit = min_group_size()
    value = n or 0
    shown = limit if 0 < value < limit else value
    top = max(peak or 0, limit)
    return round(min(shown, top) / top * 100)
