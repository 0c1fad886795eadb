"""Small counts show as "< 5": no figure may point to a case."""

from __future__ import annotations

import pytest

from learning.privacy_counts import small_count


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
