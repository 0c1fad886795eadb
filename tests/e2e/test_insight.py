"""Issue 14 end to end: a werktafel chair filters the dashboard to her table and last quarter.

The URL she ends up on reproduces the view in a fresh tab; the CSV and Excel downloads hold
the same numbers as the page; a count below five is "< 5" on the page, in the chart's label
and in both files. Screenshots go to test-results/.
"""

from __future__ import annotations

import csv
import io
from datetime import timedelta
from pathlib import Path

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from tests.e2e.conftest import log_in, make_user

pytestmark = pytest.mark.e2e

PASSWORD = "e2e-wachtwoord-1"
CHAIR = "voorzitter.inzicht@example.org"
SHOTS = Path("test-results")


def _set_up(live) -> int:
    """Seven Wmo knelpunten in a pattern at her table last quarter, two Jeugdwet ones beside."""
    from learning.extensions import db
    from learning.insight import rollups
    from learning.insight.forms import named_period
    from learning.patterns.models import LearningOrder, Pattern, PatternMember, PatternState
    from learning.tables.models import LearningTable
    from learning.unit_of_work import commit
    from tests.factories import BlockageFactory

    chair_id = make_user(live, CHAIR, ["chair"], "Gemeente Inzicht", PASSWORD)
    reporter_id = make_user(live, "melder.inzicht@example.org", [], "Wijkteam Inzicht", PASSWORD)
    with live.app.app_context():
        from learning.accounts.models import User

        start, _end, _label = named_period("laatste-kwartaal")
        table = LearningTable(name="Werktafel Inzicht Wmo", domains=["wmo"], chair_id=chair_id)
        db.session.add(table)
        reporter = db.session.get(User, reporter_id)
        wmo = [
            BlockageFactory(
                reporter=reporter, reported_on=start + timedelta(days=3 * i), domains=["wmo"]
            )
            for i in range(7)
        ]
        for i in range(2):
            BlockageFactory(
                reporter=reporter,
                reported_on=start + timedelta(days=10 + i),
                domains=["wmo", "jeugdwet"],
            )
        BlockageFactory(reporter=reporter, reported_on=start - timedelta(days=40), domains=["wmo"])
        db.session.flush()
        pattern = Pattern(
            title="Wmo-indicatie duurt te lang",
            state=PatternState.IN_PROGRESS,
            order=LearningOrder.SECOND,
            table_id=table.id,
        )
        db.session.add(pattern)
        db.session.flush()
        for blockage in wmo[:6]:
            db.session.add(PatternMember(pattern_id=pattern.id, blockage_id=blockage.id))
        commit()
        rollups.rebuild()
        commit()
        return table.id


def _table(page, key: str) -> list[list[str]]:
    rows = page.locator(f"#{key} table tr")
    return [
        [cell.strip() for cell in rows.nth(i).locator("th, td").all_inner_texts()]
        for i in range(rows.count())
    ]


def _download(page, key: str, fmt: str) -> bytes:
    with page.expect_download() as info:
        page.locator(f"#{key} a[data-export={fmt}]").click()
    return Path(info.value.path()).read_bytes()


def test_chair_filters_to_her_table_and_last_quarter_and_exports_the_same_numbers(
    page, live_server
):
    table_id = _set_up(live_server)
    SHOTS.mkdir(exist_ok=True)
    log_in(page, live_server, CHAIR, PASSWORD)
    page.get_by_role("link", name="Inzicht").click()
    expect(page.get_by_role("heading", name="Inzicht", level=1)).to_be_visible()

    page.get_by_label("Periode", exact=True).select_option("laatste-kwartaal")
    page.wait_for_url(lambda url: "periode=laatste-kwartaal" in url)
    page.get_by_label("Tafel", exact=True).select_option(str(table_id))
    page.wait_for_url(lambda url: f"tafel={table_id}" in url)
    expect(page.get_by_test_id("insight-total")).to_contain_text("6 knelpunten")
    shared_url = page.url
    page.screenshot(path=str(SHOTS / "inzicht-voorzitter-tafel-kwartaal.png"), full_page=True)

    # The whole network last quarter: nine knelpunten, the Jeugdwet ones shown as "< 5".
    page.get_by_label("Tafel", exact=True).select_option("")
    expect(page.get_by_test_id("insight-total")).to_contain_text("9 knelpunten")
    domains = _table(page, "knelpunten-per-domein")
    assert ["Wmo", "9"] in domains
    assert ["Jeugdwet", "< 5"] in domains
    chart = page.locator("#knelpunten-per-domein svg title").first
    assert "Jeugdwet < 5" in chart.text_content()
    page.screenshot(path=str(SHOTS / "inzicht-netwerk-kwartaal.png"), full_page=True)

    csv_rows = list(
        csv.reader(io.StringIO(_download(page, "knelpunten-per-domein", "csv").decode("utf-8-sig")))
    )
    assert csv_rows == domains
    sheet = load_workbook(io.BytesIO(_download(page, "knelpunten-per-domein", "xlsx"))).active
    xlsx_rows = [[str(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    assert xlsx_rows == domains

    # The link she shares opens the same view in a fresh tab, without any state of her own.
    other = page.context.new_page()
    other.goto(shared_url)
    expect(other.get_by_test_id("insight-total")).to_contain_text("6 knelpunten")
    expect(other.get_by_label("Tafel", exact=True)).to_have_value(str(table_id))
    expect(other.get_by_label("Periode", exact=True)).to_have_value("laatste-kwartaal")
    over_time = _table(other, "knelpunten-in-de-tijd")
    assert sum(int(row[2]) for row in over_time[1:] if row[2].isdigit()) <= 6
    weekly = [row[2] for row in over_time[1:]]
    assert "< 5" in weekly
    csv_time = list(
        csv.reader(
            io.StringIO(_download(other, "knelpunten-in-de-tijd", "csv").decode("utf-8-sig"))
        )
    )
    assert csv_time == over_time
    other.screenshot(path=str(SHOTS / "inzicht-gedeelde-link.png"), full_page=True)
