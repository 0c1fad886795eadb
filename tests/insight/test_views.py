"""The dashboard, its exports and the report: shareable URLs, bad input, rights, suppression."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from openpyxl import load_workbook

from learning.insight import rollups
from tests.insight.conftest import pattern_of, report


@pytest.fixture
def counted(network):
    r = network.reporters
    wmo = [report(r[i % 6], date(2026, 3, 1 + i), ["wmo"], network.noord) for i in range(7)]
    report(r[0], date(2026, 3, 20), ["jeugdwet"])
    report(r[1], date(2026, 3, 21), ["jeugdwet"])
    pattern_of(wmo[:6], network.table)
    rollups.rebuild()
    return network


def test_dashboard_shows_counts_and_suppresses_small_ones(client, login_as, counted):
    login_as("executive")
    response = client.get("/inzicht?periode=2026")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "9 knelpunten" in html
    assert "Jeugdwet: &lt; 5" in html  # in the chart's aria-label as well as the table
    assert "Wmo: 7" in html
    assert "<svg" in html
    assert 'role="img"' in html


def test_filters_are_in_the_url_and_htmx_gets_only_the_figures(
    client, htmx_client, login_as, counted
):
    login_as("executive")
    url = f"/inzicht?periode=2026-K1&tafel={counted.table.id}&domein=wmo"
    page = client.get(url).get_data(as_text=True)
    assert "6 knelpunten" in page
    assert f'value="{counted.table.id}" selected' in page
    with htmx_client.session_transaction() as session, client.session_transaction() as source:
        session.update(source)
    fragment = htmx_client.get(url)
    assert "HX-Request" in fragment.headers["Vary"]
    body = fragment.get_data(as_text=True)
    assert "<html" not in body
    assert 'id="insight-figures"' in body
    assert "6 knelpunten" in body


@pytest.mark.parametrize(
    "query",
    [
        "periode=onzin",
        "periode=1800",
        "periode=9999-K2",
        "van=2026-05-01&tot=2026-01-01",
        "van=gisteren",
        "van=0001-01-01&tot=9999-12-31",
        "domein=%3Cscript%3E",
        "tafel=99999999999999999999",
        "organisatie=-1&wijk=abc&orde=vierde&per=jaar",
        "periode=2019",
    ],
)
def test_bad_input_gives_a_dutch_message_never_an_error(client, login_as, counted, query):
    login_as("professional")
    response = client.get(f"/inzicht?{query}")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "<script>" not in html
    if query != "periode=2019":
        assert "flash-error" in html
    else:
        assert "0 knelpunten" in html
        assert "Geen gegevens in deze periode" in html


def test_a_table_the_viewer_may_not_see_is_refused_with_a_message(client, login_as, counted):
    login_as("professional")
    html = client.get(f"/inzicht?periode=2026&tafel={counted.table.id}").get_data(as_text=True)
    assert "geen inzage in de cijfers van die tafel" in html
    assert "9 knelpunten" in html  # the network view instead


def test_the_chair_sees_her_table(client, counted):
    with client.session_transaction() as session:
        session["_user_id"] = counted.chair.get_id()
        session["_fresh"] = True
    html = client.get(f"/inzicht?periode=2026&tafel={counted.table.id}").get_data(as_text=True)
    assert "geen inzage" not in html
    assert "6 knelpunten" in html


def test_anonymous_visitors_are_sent_to_the_login(client, counted):
    response = client.get("/inzicht")
    assert response.status_code == 302
    assert "/inloggen" in response.headers["Location"]


def test_csv_and_xlsx_exports_hold_the_page_figures(client, login_as, counted):
    login_as("executive")
    text = client.get("/inzicht/export/knelpunten-per-domein.csv?periode=2026").get_data(
        as_text=True
    )
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows[0] == ["Domein of wet", "Aantal knelpunten"]
    assert ["Wmo", "7"] in rows
    assert ["Jeugdwet", "< 5"] in rows
    data = client.get("/inzicht/export/knelpunten-per-domein.xlsx?periode=2026").data
    sheet = load_workbook(io.BytesIO(data)).active
    values = [tuple(row) for row in sheet.iter_rows(values_only=True)]
    assert ("Wmo", 7) in values
    assert ("Jeugdwet", "< 5") in values


def test_the_knelpunten_list_export_applies_filters_and_names_no_reporter(
    client, login_as, counted
):
    login_as("executive")
    text = client.get(f"/inzicht/export/knelpunten.csv?periode=2026&tafel={counted.table.id}")
    rows = list(csv.reader(io.StringIO(text.get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[0][:3] == ["Nummer", "Titel", "Datum melding"]
    assert len(rows) == 7  # header and the six knelpunten of the pattern at this table
    assert rows[1][2] == "2026-03-01"
    assert not any("Professional" in cell for row in rows for cell in row)


def test_the_patterns_list_export_suppresses_small_counts(client, login_as, counted):
    login_as("executive")
    data = client.get("/inzicht/export/patronen.xlsx?periode=2026").data
    rows = list(load_workbook(io.BytesIO(data)).active.iter_rows(values_only=True))
    assert rows[0][-1] == "Aantal meldingen"
    assert rows[1][-1] == 6


def test_unknown_exports_are_not_found(client, login_as, counted):
    login_as("executive")
    assert client.get("/inzicht/export/geheim.csv").status_code == 404
    assert client.get("/inzicht/export/knelpunten.pdf").status_code == 404


def test_the_evaluation_report_is_printable(client, login_as, counted):
    login_as("programme_admin")
    response = client.get("/inzicht/rapport?periode=2026")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "evaluatie 2026" in html
    assert "data-print" in html
    assert "9" in html
