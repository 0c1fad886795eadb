"""Issue 12 §2 end to end: the wethouder decides from the dossier, the reporters read it.

From the login the wethouder needs at most three clicks: she lands on her home, where "Wacht op
uw besluit" lists the beslisvraag, opens the dossier, and clicks "Besluit vastleggen". The
reporters of the pattern then find the decision on their own knelpunt page. Screenshots of
each page go to test-results/.
"""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import expect

from tests.e2e.conftest import log_in, log_out, make_user

PASSWORD = "e2e-wachtwoord-2"
CHAIR = "voorzitter.dossier@example.org"
CIVIL = "ambtelijk.dossier@example.org"
EXECUTIVE = "wethouder.dossier@example.org"
REPORTER = "melder.dossier@example.org"
DECISION = "Het college vergoedt bewindvoering voortaan vooraf, vanaf 1 januari."
SHOTS = Path("test-results")


def _escalated_to_the_executive(live) -> dict[str, int]:
    """A pattern the werktafel and the ambtelijke stuurgroep put before the bestuur."""
    from learning.accounts.models import User
    from learning.blockages.models import Blockage, BlockageDomain
    from learning.extensions import db
    from learning.patterns.models import MemberStatus, Pattern, PatternMember, PatternState
    from learning.patterns.triage import confirm
    from learning.tables.escalation import DossierInput, escalate
    from learning.tables.models import LearningTable, TableKind
    from learning.timeutil import today, utcnow
    from learning.unit_of_work import commit

    chair_id = make_user(live, CHAIR, ["chair"], "Gemeente Dossier", PASSWORD)
    civil_id = make_user(live, CIVIL, ["chair"], "Gemeente Dossier", PASSWORD)
    executive_id = make_user(live, EXECUTIVE, ["executive"], "Gemeente Dossier", PASSWORD)
    reporter_id = make_user(live, REPORTER, ["professional"], "Wijkteam Dossier", PASSWORD)
    with live.app.app_context():
        executive_table = LearningTable(
            kind=TableKind.EXECUTIVE_STEERING, name="Dossier Bestuurlijk", chair_id=executive_id
        )
        civil_table = LearningTable(
            kind=TableKind.CIVIL_STEERING,
            name="Dossier Ambtelijk",
            chair_id=civil_id,
            parent=executive_table,
        )
        work_table = LearningTable(
            kind=TableKind.WORK_TABLE,
            name="Dossier Werktafel",
            chair_id=chair_id,
            parent=civil_table,
            domains=["schulden"],
        )
        db.session.add_all([executive_table, civil_table, work_table])
        pattern = Pattern(
            title="Bewindvoering vooraf vergoeden",
            key_terms=["bewindvoering"],
            state=PatternState.NEW,
            table=work_table,
            queued_at=utcnow(),
        )
        db.session.add(pattern)
        db.session.flush()
        reporter = db.session.get(User, reporter_id)
        blockages = []
        for n in range(3):
            blockage = Blockage(
                title=f"Bewindvoering pas na maanden vergoed ({n})",
                description="De vergoeding voor bewindvoering komt pas na drie maanden; "
                "intussen lopen de schulden van het huishouden op.",
                handling="omweg",
                reporter=reporter,
                organisation=reporter.organisations[0],
                reported_on=today(),
                domain_rows=[BlockageDomain(domain="schulden")],
            )
            blockages.append(blockage)
            db.session.add(
                PatternMember(pattern=pattern, blockage=blockage, status=MemberStatus.CONFIRMED)
            )
        db.session.flush()
        chair, civil = db.session.get(User, chair_id), db.session.get(User, civil_id)
        confirm(chair, pattern, pattern.title, "", "regelgeving", "third")
        escalate(chair, pattern, DossierInput(question="Mag de gemeente vooraf vergoeden?"))
        request = escalate(
            civil,
            pattern,
            DossierInput(question="Trekt het college budget uit om vooraf te vergoeden?"),
        )
        commit()
        return {"pattern": pattern.id, "request": request.id, "blockage": blockages[0].id}


def test_the_wethouder_decides_from_the_dossier_in_three_clicks(page, live_server):
    page.set_default_timeout(60_000)  # the first request may warm up the privacy model
    SHOTS.mkdir(exist_ok=True)
    ids = _escalated_to_the_executive(live_server)

    log_in(page, live_server, EXECUTIVE, PASSWORD)
    clicks = 0
    expect(page).to_have_url(live_server("/"))
    awaiting = page.locator("#wacht-op-besluit")
    expect(awaiting).to_contain_text("budget uit om vooraf te vergoeden")
    page.screenshot(path=str(SHOTS / "wethouder-wacht-op-besluit.png"), full_page=True)
    awaiting.get_by_role("link").first.click()
    clicks += 1
    expect(page).to_have_url(live_server(f"/tafels/beslisvragen/{ids['request']}#beslissen"))
    page.fill("textarea[name='decide-text']", DECISION)
    expect(page.locator("#decide-text-counter")).to_contain_text(f"{len(DECISION)} / 5000")
    page.screenshot(path=str(SHOTS / "wethouder-dossier-beslissen.png"), full_page=True)
    page.get_by_role("button", name="Besluit vastleggen").click()
    clicks += 1

    assert clicks <= 3
    expect(page).to_have_url(live_server(f"/tafels/beslisvragen/{ids['request']}"))
    decision = page.locator("#besluit")
    expect(decision).to_contain_text(DECISION)
    expect(decision).to_contain_text("Besloten op")
    expect(page.locator("#beslissen")).to_have_count(0)  # answered: no second decision
    page.screenshot(path=str(SHOTS / "wethouder-dossier-besloten.png"), full_page=True)
    log_out(page)

    log_in(page, live_server, REPORTER, PASSWORD)
    page.goto(live_server(f"/knelpunten/{ids['blockage']}"))
    expect(page.locator("#besluit")).to_contain_text(DECISION)
    expect(page.locator("#laatste-stap")).to_contain_text("Besluit van Dossier Bestuurlijk")
    expect(page.locator("main")).not_to_contain_text("blockage.")
    page.screenshot(path=str(SHOTS / "melder-knelpunt-besluit.png"), full_page=True)
