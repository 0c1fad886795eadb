"""Small counts show as "< 5": no figure may point to a case."""

from __future__ import annotations

import pytest

from learning.privacy_counts import bar_height, small_count


@pytest.mark.parametrize(("n", "shown"), [(0, "0"), (1, "< 5"), (4, "< 5"), (5, "5"), (120, "120")])
def test_small_counts_are_hidden(n, shown):
    assert small_count(n) == shown


def test_minimum_group_size_is_configurable(app):
    app.config["MIN_GROUP_SIZE"] = 10
    try:
        assert small_count(7) == "< 10"
    finally:
        app.config["MIN_GROUP_SIZE"] = 5
    assert small_count(7, minimum=3) == "7"


@pytest.mark.parametrize(
    ("n", "peak", "height"), [(0, 20, 0), (1, 20, 25), (4, 20, 25), (10, 20, 50), (2, 3, 100)]
)
def test_chart_bars_do_not_show_what_the_label_hides(app, n, peak, height):
    """A month with 1 or 4 reports is as tall as one with 5; below 5 all look alike."""
    assert bar_height(n, peak) == height
