"""Issue 5 end to end: one pattern up the whole ladder, every step seen by its reporters.

The werktafel takes the pattern up as second order and adds an action, escalates it with a
dossier to the ambtelijke stuurgroep, which escalates it to the bestuurlijke stuurgroep, which
decides. The reporters see each step on their own page and in e-mail caught by a real SMTP
server.
"""

from __future__ import annotations

import re
import time

from playwright.sync_api import expect

from tests.e2e.conftest import log_in, log_out, make_user

PASSWORD = "e2e-wachtwoord-1"
CHAIR = "voorzitter.werktafel@example.org"
CIVIL = "voorzitter.ambtelijk@example.org"
EXECUTIVE = "wethouder.ladder@example.org"
REPORTERS = ("melder.een@example.org", "melder.twee@example.org")
TITLE = "Bewindvoering pas na drie maanden vergoed"


def _set_up(live) -> dict[str, int]:
    """The ladder and a pattern on the werktafel's triage queue, created directly."""
    from learning.accounts.models import User
    from learning.blockages.models import Blockage, BlockageDomain
    from learning.extensions import db
    from learning.patterns.models import MemberStatus, Pattern, PatternMember, PatternState
    from learning.tables.models import LearningTable, TableKind
    from learning.timeutil import today, utcnow
    from learning.unit_of_work import commit

    chair = make_user(live, CHAIR, ["chair"], "Gemeente Ladder", PASSWORD)
    civil = make_user(live, CIVIL, ["chair"], "Gemeente Ladder", PASSWORD)
    executive = make_user(live, EXECUTIVE, ["executive"], "Gemeente Ladder", PASSWORD)
    reporters = [
        make_user(live, REPORTERS[0], ["professional"], "Wijkteam Ladder", PASSWORD),
        make_user(live, REPORTERS[1], ["professional"], "Kredietbank Ladder", PASSWORD),
    ]
    with live.app.app_context():
        for user_id in [*reporters, civil]:  # they chose to get each step by mail right away
            db.session.get(User, user_id).notification_mail = "immediately"
        national = LearningTable(kind=TableKind.NATIONAL, name="E2E OnsPact")
        executive_table = LearningTable(
            kind=TableKind.EXECUTIVE_STEERING,
            name="E2E Bestuurlijke stuurgroep",
            chair_id=executive,
            parent=national,
        )
        civil_table = LearningTable(
            kind=TableKind.CIVIL_STEERING,
            name="E2E Ambtelijke stuurgroep",
            chair_id=civil,
            parent=executive_table,
        )
        work_table = LearningTable(
            kind=TableKind.WORK_TABLE,
            name="E2E Werktafel Schulden",
            chair_id=chair,
            parent=civil_table,
            domains=["schulden"],
        )
        db.session.add_all([national, executive_table, civil_table, work_table])
        pattern = Pattern(
            title=TITLE,
            description="De vergoeding voor bewindvoering komt pas na drie maanden.",
            key_terms=["bewindvoering", "schulden"],
            state=PatternState.NEW,
            table=work_table,
            queued_at=utcnow(),
        )
        db.session.add(pattern)
        db.session.flush()
        for n, reporter_id in enumerate(reporters * 2):
            reporter = db.session.get(User, reporter_id)
            blockage = Blockage(
                title=f"Bewindvoering wacht op vergoeding ({n})",
                description="De gemeente vergoedt bewindvoering pas na drie maanden; "
                "intussen groeien de schulden van het huishouden.",
                handling="omweg",
                reporter=reporter,
                organisation=reporter.organisations[0],
                reported_on=today(),
                domain_rows=[BlockageDomain(domain="schulden")],
            )
            db.session.add(
                PatternMember(pattern=pattern, blockage=blockage, status=MemberStatus.CONFIRMED)
            )
        commit()
        return {"pattern": pattern.id, "work": work_table.id, "civil": civil_table.id}


def _mail_for(live, recipient: str, text: str, timeout: float = 10.0) -> bool:
    """Whether a message to `recipient` whose body holds `text` reached the SMTP server."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for message in list(live.mail):
            body = message.get_body(preferencelist=("plain",))  # notification mail: multipart
            if recipient in message["To"] and body is not None and text in body.get_content():
                return True
        time.sleep(0.2)
    return False


def test_one_pattern_walks_the_whole_ladder(page, live_server):
    page.set_default_timeout(60_000)  # the first request warms up the privacy model
    ids = _set_up(live_server)
    pattern_url = live_server(f"/patronen/{ids['pattern']}")
    state = page.locator("#flow-state")

    # 1. The werktafel takes it up as second order.
    log_in(page, live_server, CHAIR, PASSWORD)
    page.goto(pattern_url)
    page.check("input[name=order][value=second]")
    page.get_by_role("button", name="Bevestigen").click()
    expect(state).to_have_text("In behandeling")

    # 2. ... and agrees an action (htmx form, owner and default six-week deadline).
    page.click("text=Actie toevoegen >> nth=0")
    page.fill("textarea[name='action-what']", "Werkinstructie bewindvoering herschrijven")
    page.select_option("select[name='action-owner']", label=CHAIR.split("@")[0])
    page.click("#form-action button[type=submit]")
    expect(page.locator(".actions-list")).to_contain_text("Werkinstructie bewindvoering")

    # 3. Escalating without a beslisvraag is refused; nothing typed is lost.
    page.click("summary:has-text('Escaleren naar E2E Ambtelijke stuurgroep')")
    page.fill("textarea[name='escalate-tried']", "Per gezin een voorschot via bijzondere bijstand.")
    page.fill("textarea[name='escalate-question']", "")
    page.click("#form-escalate button[type=submit]")
    expect(page.locator("#table-flow .error-box")).to_contain_text("beslisvraag")
    expect(page.locator("textarea[name='escalate-tried']")).to_have_value(
        "Per gezin een voorschot via bijzondere bijstand."
    )
    page.fill(
        "textarea[name='escalate-question']",
        "Mag de gemeente bewindvoering voortaan vooraf vergoeden?",
    )
    page.fill("textarea[name='escalate-options']", "Vooraf vergoeden\nNiets doen")
    page.click("#form-escalate button[type=submit]")
    expect(state).to_have_text("Geëscaleerd")
    expect(page.locator("#table-flow")).to_contain_text("ligt bij E2E Ambtelijke stuurgroep")

    # The werktafel's board still shows it, at the table above (htmx filter, no reload).
    page.goto(live_server(f"/tafels/{ids['work']}"))
    expect(page.locator("#board")).to_contain_text("bij E2E Ambtelijke stuurgroep")
    page.check("input[name=gesloten]")
    expect(page.locator("section.column[data-state=opgelost]")).to_be_visible()
    log_out(page)

    # 4. The ambtelijke stuurgroep finds it on its agenda and escalates further.
    log_in(page, live_server, CIVIL, PASSWORD)
    page.goto(live_server(f"/tafels/{ids['civil']}"))
    page.click(".agenda a >> text=vooraf vergoeden")
    expect(page.locator("#table-flow")).to_contain_text(
        "Op de agenda van E2E Ambtelijke stuurgroep"
    )
    page.click("summary:has-text('Escaleren naar E2E Bestuurlijke stuurgroep')")
    expect(page.locator("textarea[name='escalate-question']")).to_have_value(
        re.compile("vooraf vergoeden")
    )
    page.fill(
        "textarea[name='escalate-question']",
        "Trekt het college budget uit om bewindvoering vooraf te vergoeden?",
    )
    page.click("#form-escalate button[type=submit]")
    expect(page.locator("#table-flow")).to_contain_text("ligt bij E2E Bestuurlijke stuurgroep")
    with page.expect_download() as download:
        page.click("#table-flow a:has-text('Dossier downloaden') >> nth=-1")
    assert download.value.suggested_filename.endswith(".md")
    log_out(page)

    # 5. The bestuurlijke stuurgroep decides, with a follow-up back at the werktafel.
    log_in(page, live_server, EXECUTIVE, PASSWORD)
    page.goto(pattern_url)
    page.fill("textarea[name='decide-text']", "Bewindvoering wordt vanaf 1 januari vooraf vergoed.")
    page.fill("input[name='decide-decided_by']", "Bestuurlijke stuurgroep, wethouder Zorg")
    page.select_option(
        "select[name='decide-follow_up_table']", label="E2E Werktafel Schulden (Werktafel)"
    )
    page.fill("textarea[name='decide-follow_up_what']", "Nieuwe werkinstructie invoeren")
    page.select_option("select[name='decide-follow_up_owner']", label=CHAIR.split("@")[0])
    page.click("#form-decide button[type=submit]")
    expect(state).to_have_text("In uitvoering")
    expect(page.locator("#table-flow")).to_contain_text("ligt bij E2E Werktafel Schulden")
    expect(page.locator("#table-flow .decision")).to_contain_text("vooraf vergoed")
    log_out(page)

    # 6. A reporter sees every step on their own page ...
    log_in(page, live_server, REPORTERS[0], PASSWORD)
    page.goto(live_server("/mijn-patronen"))
    card = page.locator(f"#mijn-patroon-{ids['pattern']}")
    expect(card).to_contain_text("In uitvoering")
    for step in (
        "Opgepakt door E2E Werktafel Schulden",
        "Actie afgesproken bij E2E Werktafel Schulden",
        "voorgelegd aan E2E Ambtelijke stuurgroep",
        "voorgelegd aan E2E Bestuurlijke stuurgroep",
        "Besluit van E2E Bestuurlijke stuurgroep",
        "Uitvoering van het besluit ligt bij E2E Werktafel Schulden",
    ):
        expect(card).to_contain_text(step)

    # 7. ... and both reporters got each step by e-mail through the real SMTP server.
    for reporter in REPORTERS:
        for step in (
            "Opgepakt door E2E Werktafel Schulden",
            "voorgelegd aan E2E Ambtelijke stuurgroep",
            "voorgelegd aan E2E Bestuurlijke stuurgroep",
            "Bewindvoering wordt vanaf 1 januari vooraf vergoed.",
        ):
            assert _mail_for(live_server, reporter, step), (reporter, step)
    assert _mail_for(live_server, CIVIL, "Mag de gemeente bewindvoering")  # on its agenda
