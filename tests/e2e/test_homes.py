"""Issue 12 §1 end to end: every role logs in and lands on 'Mijn overzicht' with its own blocks.

Each home is screenshot to test-results/home-<role>.png and checked with axe-core (vendored
from the npm registry under tests/e2e/vendor/): no serious or critical violation, and the menu
on one line at 1280 px. Then the wethouder decides from her home in three clicks, and the
reporter finds the decision on her home, her knelpunt page and her notifications, and gets one
bundled mail on the real SMTP server behind the app.
"""

from __future__ import annotations

from datetime import time, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import log_in, log_out, make_user

PASSWORD = "e2e-wachtwoord-home"
SHOTS = Path("test-results")
AXE = Path(__file__).parent / "vendor" / "axe.min.js"
DECISION = "Het college betaalt de eerste maand huur door zolang de Wmo-aanvraag loopt."
QUESTION = "Betaalt het college de huur door tijdens de wachttijd voor Wmo?"

USERS = {
    "professional": ("melder.home@example.org", ["professional"], "Wijkteam Home"),
    "chair": ("voorzitter.home@example.org", ["chair"], "Gemeente Home"),
    "civil": ("ambtelijk.home@example.org", ["chair", "manager"], "Gemeente Home"),
    "manager": ("manager.home@example.org", ["manager"], "Wijkteam Home"),
    "executive": ("wethouder.home@example.org", ["executive"], "Gemeente Home"),
    "admin": ("beheer.home@example.org", ["programme_admin"], "Gemeente Home"),
}
# The blocks each role must find on its home, the first one on top.
EXPECTED = {
    "professional": ["#nieuw-voor-u", "#mijn-knelpunten"],
    "chair": ["#acties-over-tijd", "#triage", "#beslisvragen-verstuurd"],
    "civil": ["#nieuw-voor-u", "#beslisvragen-verstuurd"],
    "manager": ["#patronen-organisatie"],
    "executive": ["#wacht-op-besluit"],
    "admin": ["#tafels-zonder-voorzitter", "#reeksen-zonder-sessie"],
}


def _network(live) -> dict[str, int]:
    """A werktafel with a new pattern and an overdue action, and a pattern escalated to the
    bestuurlijke stuurgroep with three knelpunten of the professional."""
    from learning.accounts.models import User
    from learning.blockages.models import Blockage, BlockageDomain
    from learning.extensions import db
    from learning.patterns.models import MemberStatus, Pattern, PatternMember, PatternState
    from learning.patterns.triage import confirm
    from learning.sessions.models import SessionLevel, SessionSeries
    from learning.tables.escalation import DossierInput, escalate
    from learning.tables.models import LearningTable, TableAction, TableKind
    from learning.timeutil import today, utcnow
    from learning.unit_of_work import commit

    ids = {role: make_user(live, *spec[:3], PASSWORD) for role, spec in USERS.items()}
    with live.app.app_context():
        executive_table = LearningTable(
            kind=TableKind.EXECUTIVE_STEERING, name="Home Bestuurlijk", chair_id=ids["executive"]
        )
        civil_table = LearningTable(
            kind=TableKind.CIVIL_STEERING,
            name="Home Ambtelijk",
            chair_id=ids["civil"],
            parent=executive_table,
        )
        work_table = LearningTable(
            kind=TableKind.WORK_TABLE,
            name="Home Werktafel Wonen",
            chair_id=ids["chair"],
            parent=civil_table,
            domains=["wonen"],
        )
        orphan_table = LearningTable(kind=TableKind.WORK_TABLE, name="Home Werktafel Zonder")
        db.session.add_all([executive_table, civil_table, work_table, orphan_table])
        db.session.add(
            SessionSeries(name="Home leersessie zonder data", level=SessionLevel.BESTUUR)
        )
        reporter = db.session.get(User, ids["professional"])

        def pattern(title: str, texts: list[str]) -> tuple[Pattern, list[Blockage]]:
            made = Pattern(
                title=title,
                key_terms=["huur"],
                state=PatternState.NEW,
                table=work_table,
                queued_at=utcnow() - timedelta(days=9),
            )
            db.session.add(made)
            blockages = []
            for text in texts:
                blockage = Blockage(
                    title=text,
                    description=f"{text}: de huurachterstand loopt op terwijl de aanvraag wacht.",
                    handling="niet_opgelost",
                    reporter=reporter,
                    organisation=reporter.organisations[0],
                    reported_on=today(),
                    domain_rows=[BlockageDomain(domain="wonen")],
                )
                blockages.append(blockage)
                db.session.add(
                    PatternMember(pattern=made, blockage=blockage, status=MemberStatus.CONFIRMED)
                )
            db.session.flush()
            return made, blockages

        escalated, blockages = pattern(
            "Huurachterstand tijdens Wmo-wachttijd",
            [f"Huur loopt achter tijdens wachttijd Wmo ({n})" for n in range(3)],
        )
        waiting, _ = pattern("Woningaanpassing wacht op tweede keuring", ["Tweede keuring"])
        db.session.add(
            TableAction(
                pattern_id=waiting.id,
                table_id=work_table.id,
                what="Keuringsprotocol herschrijven met de corporatie",
                owner_id=ids["chair"],
                due_on=today() - timedelta(days=5),
            )
        )
        chair, civil = db.session.get(User, ids["chair"]), db.session.get(User, ids["civil"])
        confirm(chair, escalated, escalated.title, "", "financiering", "third")
        escalate(chair, escalated, DossierInput(question="Mag de gemeente de huur doorbetalen?"))
        request = escalate(civil, escalated, DossierInput(question=QUESTION))
        commit()
        return {**ids, "request": request.id, "blockage": blockages[0].id}


def _axe(page) -> list[dict]:
    """Serious and critical axe-core violations on the page."""
    page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    result = page.evaluate("async () => await axe.run(document)")
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:3]}
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def _menu_lines(page) -> int:
    """On how many lines the menu's links stand."""
    tops = page.eval_on_selector_all(
        "header.topbar nav a, header.topbar .logout", "els => els.map(e => e.offsetTop)"
    )
    return len(set(tops))


@pytest.fixture
def axe_page(browser, live_server):
    """A page like the `page` fixture, allowed to inject axe-core despite the app's CSP."""
    context = browser.new_context(
        locale="nl-NL", viewport={"width": 1280, "height": 900}, bypass_csp=True
    )
    context.set_default_timeout(60_000)  # the first request may warm up the privacy model
    page = context.new_page()
    yield page
    context.close()


def test_every_role_lands_on_its_home_and_the_wethouder_decides_from_it(axe_page, live_server):
    from learning.notifications.delivery import flush
    from learning.timeutil import to_utc, today

    page = axe_page
    SHOTS.mkdir(exist_ok=True)
    ids = _network(live_server)

    problems = {}
    for role, (email, _roles, _org) in USERS.items():
        log_in(page, live_server, email, PASSWORD)
        expect(page).to_have_url(live_server("/"))
        expect(page.locator("h1")).to_have_text("Mijn overzicht")
        for selector in EXPECTED[role]:
            expect(page.locator(selector)).to_be_visible()
        order = page.eval_on_selector_all("section.home-block", "els => els.map(e => '#' + e.id)")
        assert order[0] == EXPECTED[role][0]
        assert page.locator(".home-block .count-badge").count() == len(order)
        page.screenshot(path=str(SHOTS / f"home-{role}.png"), full_page=True)
        assert _menu_lines(page) == 1, f"the menu of {role} wraps at 1280 px"
        violations = _axe(page)
        if violations:
            problems[role] = violations
        log_out(page)
    assert problems == {}

    # The professional's knelpunt says where it is; the chair's triage waits 9 days.
    log_in(page, live_server, USERS["executive"][0], PASSWORD)
    awaiting = page.locator("#wacht-op-besluit")
    expect(awaiting).to_contain_text(QUESTION)
    expect(awaiting).to_contain_text("besluit uiterlijk")
    clicks = 0
    awaiting.get_by_role("link").first.click()
    clicks += 1
    expect(page).to_have_url(live_server(f"/tafels/beslisvragen/{ids['request']}#beslissen"))
    page.fill("textarea[name='decide-text']", DECISION)
    page.get_by_role("button", name="Besluit vastleggen").click()
    clicks += 1
    assert clicks <= 3
    expect(page.locator("#besluit")).to_contain_text(DECISION)
    page.goto(live_server("/"))
    expect(page.locator("#wacht-op-besluit")).to_have_count(0)
    expect(page.locator("#besluiten")).to_contain_text(DECISION[:60])
    log_out(page)

    log_in(page, live_server, USERS["professional"][0], PASSWORD)
    expect(page.locator("#mijn-knelpunten")).to_contain_text("besluit genomen: Het college")
    expect(page.locator("#nieuw-voor-u")).to_contain_text("Besluit van Home Bestuurlijk")
    page.screenshot(path=str(SHOTS / "home-professional-na-besluit.png"), full_page=True)
    page.goto(live_server(f"/knelpunten/{ids['blockage']}"))
    expect(page.locator("#besluit")).to_contain_text(DECISION)
    page.get_by_role("link", name="Meldingen").click()
    expect(page.locator("main")).to_contain_text(DECISION)
    log_out(page)

    # The day's notifications go out as one bundled mail at 17.00, and only once.
    reporter = USERS["professional"][0]
    before = len(live_server.mail)
    evening = to_utc(today() + timedelta(days=1), time(17, 5))  # whenever the test runs
    with live_server.app.app_context():
        flush(now=evening, deliver_now=True)
        flush(now=evening, deliver_now=True)
    mails = [m for m in live_server.mail[before:] if m["To"] == reporter]
    assert len(mails) == 1
    mail = mails[0]
    assert "Huurachterstand tijdens Wmo-wachttijd" in mail["Subject"]
    assert mail.is_multipart()
    assert {p.get_content_type() for p in mail.walk()} >= {"text/plain", "text/html"}
    assert mail["List-Unsubscribe"].strip().startswith("<http")
    assert mail["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert DECISION in mail.get_body(("plain",)).get_content()
