"""Cells and trends: small counts hidden alike everywhere, and a trend that cannot reveal them."""

from __future__ import annotations

from learning.insight.figures import count_cell, median_cell, share_cell, slope


def test_counts_below_the_group_size_are_hidden_but_zero_is_not(app):
    assert [count_cell(n).text for n in (0, 1, 4, 5, 12)] == ["0", "< 5", "< 5", "5", "12"]
    assert count_cell(3).value is None
    assert count_cell(3).amount is None  # a chart draws nothing for it


def test_medians_and_shares_need_five_cases(app):
    assert median_cell([1, 2, 3, 4]).text == "–"
    assert median_cell([1, 2, 3, 4, 10]).text == "3"
    assert median_cell([1, 2, 3, 4, 10, 11]).text == "3,5"
    assert share_cell(2, 4).text == "–"
    assert share_cell(2, 3 * 2 + 0).text == "33,3%"


def test_the_trend_leaves_out_what_is_suppressed():
    assert slope([None, 2.0, None, 4.0]) == 1.0
    assert slope([None, None, 7.0]) is None
    assert slope([5.0, 6.0, 7.0]) == 1.0


def test_a_time_chart_of_only_small_counts_is_not_drawn(client, login_as, network):
    from datetime import date

    from learning.insight import rollups
    from tests.insight.conftest import report

    report(network.reporters[0], date(2026, 2, 3), ["wmo"])
    rollups.rebuild()
    login_as("executive")
    html = client.get("/inzicht?periode=2026").get_data(as_text=True)
    assert "Elk aantal in deze grafiek ligt onder de vijf" in html
    assert "gestreepte lijn" not in html
