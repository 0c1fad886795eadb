"""Issue 3 end to end: log in, log a knelpunt with a BSN, see the warning, mask, save, find it."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.e2e.conftest import log_in, make_user

PASSWORD = "e2e-wachtwoord-1"


def test_professional_logs_a_blockage_with_a_bsn_masked(page, live_server):
    make_user(live_server, "prof.bsn@example.org", ["professional"], "Wijkteam E2E", PASSWORD)
    log_in(page, live_server, "prof.bsn@example.org", PASSWORD)

    page.goto(live_server("/knelpunten/nieuw"))
    page.fill("#title", "Bijstand stopt bij tijdelijk werk")
    page.fill(
        "#description",
        "Inwoner met BSN 111222333 verloor de bijstand na twee weken uitzendwerk; "
        "herstarten duurt acht weken.",
    )
    warning = page.locator(".privacy-warning")
    expect(warning).to_be_visible()  # shown while typing (htmx), before any submit
    expect(warning).to_contain_text("BSN")

    page.click("#mask-button")
    expect(page.locator("#description")).to_have_value(re.compile(r"\[BSN\]"))
    expect(page.locator("#description")).not_to_have_value(re.compile("111222333"))

    page.check("input[name=domains][value=participatiewet]")
    page.check("input[name=handling][value=niet_opgelost]")
    page.click("button[name=action][value=save]")
    page.wait_for_url(re.compile(r"/knelpunten/\d+$"))
    expect(page.locator("h1")).to_have_text("Bijstand stopt bij tijdelijk werk")

    page.goto(live_server("/knelpunten?mine=1"))
    expect(page.locator(".cards")).to_contain_text("Bijstand stopt bij tijdelijk werk")
    page.fill("#q", "uitzendwerk")
    expect(page.locator("#results")).to_contain_text("Bijstand stopt bij tijdelijk werk")
    page.click(".cards a >> nth=0")
    assert "111222333" not in page.content()
