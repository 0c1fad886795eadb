"""Issue 6 end to end: one dilemma up the ladder of leersessies and its afspraak checked."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from icalendar import Calendar
from playwright.sync_api import expect

from learning.accounts.models import User
from learning.extensions import db
from learning.sessions import planning
from learning.sessions import series as series_services
from learning.sessions.tasks import session_daily
from learning.timeutil import today
from learning.unit_of_work import commit
from tests.e2e.conftest import log_in, make_user

PASSWORD = "e2e-wachtwoord-1"
ORGANISATION = "Wijkteam Ladder"
PROFESSIONAL = "pien.ladder@example.org"
AANJAGER = "anna.ladder@example.org"
MANAGER = "mo.ladder@example.org"
EXECUTIVE = "wim.ladder@example.org"
BESTUUR_AANJAGER = "bo.ladder@example.org"
PROGRAMME = "programma.ladder@example.org"
DILEMMA = "Schuldhulp wacht op de Wmo-indicatie"


@dataclass
class Ladder:
    uitvoering: int  # session ids
    management: int
    bestuur: int
    check_session: int  # the bestuur session after the six weeks
    starts: dict[int, datetime]


def _set_up(live) -> Ladder:
    """Users, one series per level and their sessions, as the programme team would."""
    ids = {
        email: make_user(live, email, roles, ORGANISATION, PASSWORD)
        for email, roles in [
            (PROFESSIONAL, ["professional"]),
            (AANJAGER, ["champion"]),
            (MANAGER, ["manager"]),
            (EXECUTIVE, ["executive"]),
            (BESTUUR_AANJAGER, ["champion"]),
            (PROGRAMME, ["programme_admin"]),
        ]
    }
    with live.app.app_context():
        user = {email: db.session.get(User, user_id) for email, user_id in ids.items()}
        admin = user[PROGRAMME]
        uitvoering = series_services.create_series(
            admin,
            series_services.SeriesInput(
                name="Leersessie Ruwaard",
                level="uitvoering",
                location="Wijkcentrum Ruwaard",
                facilitator_ids=[ids[AANJAGER]],
                member_ids=[ids[PROFESSIONAL]],
            ),
        )
        management = series_services.create_series(
            admin,
            series_services.SeriesInput(
                name="Managers Oss", level="management", facilitator_ids=[ids[MANAGER]]
            ),
        )
        bestuur = series_services.create_series(
            admin,
            series_services.SeriesInput(
                name="Bestuurders Oss",
                level="bestuur",
                facilitator_ids=[ids[BESTUUR_AANJAGER]],
                member_ids=[ids[EXECUTIVE]],
            ),
        )
        start = today()
        sessions = [
            planning.plan_meeting(user[AANJAGER], uitvoering, start + timedelta(1), time(19)),
            planning.plan_meeting(user[MANAGER], management, start + timedelta(8), time(10)),
            planning.plan_meeting(user[BESTUUR_AANJAGER], bestuur, start + timedelta(15), time(16)),
            planning.plan_meeting(user[BESTUUR_AANJAGER], bestuur, start + timedelta(64), time(16)),
        ]
        commit()
        return Ladder(*(s.id for s in sessions), starts={s.id: s.start for s in sessions})


def _as(browser, live, email):
    context = browser.new_context(locale="nl-NL", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    page = context.new_page()
    log_in(page, live, email, PASSWORD)
    return page


def _mail(live, recipient: str, subject: str) -> list:
    return [m for m in live.mail if m["To"] == recipient and subject in m["Subject"]]


def _record_outcome(page, live, session_id: int, outcome: str, notes: str) -> None:
    page.goto(live(f"/leersessies/{session_id}"))
    page.locator(".agenda li", has_text=DILEMMA).get_by_role("link", name=DILEMMA).click()
    page.check(f"input[name=outcome][value={outcome}]")
    page.fill("#notes", notes)


def _close(page, went_well: str) -> None:
    page.fill("#went_well", went_well)
    page.fill("#can_improve", "Casus vooraf rondsturen")
    page.click("#close-form button[type=submit]")
    expect(page.locator(".flash")).to_contain_text("Leersessie afgesloten")


def test_a_dilemma_goes_up_the_ladder_and_its_afspraak_is_checked(
    browser, live_server, time_machine
):
    ladder = _set_up(live_server)

    # 1. A professional brings in a dilemma before the session.
    page = _as(browser, live_server, PROFESSIONAL)
    page.goto(live_server("/leersessies"))
    page.click("text=Leersessie Ruwaard")
    page.click("text=Agendapunt inbrengen")
    page.check("input[name=kind][value=dilemma]")
    page.fill("#title", DILEMMA)
    page.fill(
        "#description",
        "Schuldhulp start pas na de Wmo-indicatie, maar de Wmo wacht op een stabiel inkomen.",
    )
    page.click("button[name=action][value=save]")
    page.wait_for_url(re.compile(r"/leersessies/punten/\d+$"))
    expect(page.locator("h1")).to_have_text(DILEMMA)

    # The invitation of the session parses with a calendar library.
    ics = page.request.get(live_server(f"/leersessies/{ladder.uitvoering}/uitnodiging.ics"))
    assert ics.ok
    [event] = Calendar.from_ical(ics.body()).events
    assert event.start == ladder.starts[ladder.uitvoering]
    assert "Leersessie Ruwaard" in str(event["summary"])
    page.context.close()

    # 2. The professionals' session cannot solve it: escalate, then close the session.
    time_machine.move_to(ladder.starts[ladder.uitvoering] + timedelta(minutes=45))
    page = _as(browser, live_server, AANJAGER)
    _record_outcome(
        page, live_server, ladder.uitvoering, "doorgezet", "De volgorde ligt vast in het beleid."
    )
    page.click("#outcome-form button[type=submit]")
    page.wait_for_url(re.compile(rf"/leersessies/{ladder.uitvoering}$"))
    expect(page.locator(".agenda")).to_contain_text("doorgezet")
    _close(page, "Veel disciplines aan tafel")
    page.context.close()
    assert _mail(live_server, PROFESSIONAL, "Verslag leersessie Leersessie Ruwaard")
    assert _mail(live_server, PROFESSIONAL, "Uw agendapunt is doorgezet")

    # 3. It is on the managers' agenda automatically, with the notes from below.
    time_machine.move_to(ladder.starts[ladder.management] + timedelta(minutes=30))
    page = _as(browser, live_server, MANAGER)
    page.goto(live_server(f"/leersessies/{ladder.management}"))
    escalated = page.locator(".agenda li", has_text=DILEMMA)
    expect(escalated).to_contain_text("Doorgezet van het niveau eronder")
    expect(escalated).to_contain_text("De volgorde ligt vast in het beleid.")
    _record_outcome(
        page, live_server, ladder.management, "doorgezet", "Budgetten van Wmo en schuldhulp."
    )
    page.click("#outcome-form button[type=submit]")
    page.wait_for_url(re.compile(rf"/leersessies/{ladder.management}$"))
    _close(page, "Goed voorbereid")
    page.context.close()

    # 4. The bestuurders solve it with an afspraak (default: six weeks).
    time_machine.move_to(ladder.starts[ladder.bestuur] + timedelta(minutes=30))
    page = _as(browser, live_server, BESTUUR_AANJAGER)
    _record_outcome(page, live_server, ladder.bestuur, "opgelost", "Eén budget, één loket.")
    page.fill("#summary", "Schuldhulp en Wmo starten voortaan tegelijk")
    page.fill("#agreement_what", "Convenant Wmo en schuldhulp opstellen")
    page.select_option("#agreement_owner", label="wim.ladder")
    page.click("#outcome-form button[type=submit]")
    page.wait_for_url(re.compile(rf"/leersessies/{ladder.bestuur}$"))
    _close(page, "Besluit genomen")
    page.context.close()

    # 5. The outcome flows back down to the professional.
    page = _as(browser, live_server, PROFESSIONAL)
    page.goto(live_server("/leersessies/mijn-punten"))
    mine = page.locator(".cards li", has_text=DILEMMA)
    expect(mine).to_contain_text("Bestuurders Oss")
    expect(mine).to_contain_text("Schuldhulp en Wmo starten voortaan tegelijk")
    expect(mine).to_contain_text("Convenant Wmo en schuldhulp opstellen")
    expect(mine).to_contain_text("Open")
    page.context.close()
    assert _mail(live_server, PROFESSIONAL, "Antwoord op uw agendapunt")

    # 6. Six weeks later: the owner is reminded, the check is on the next bestuur agenda.
    due = ladder.starts[ladder.bestuur] + timedelta(weeks=6, days=1)
    time_machine.move_to(due)
    with live_server.app.app_context():
        assert session_daily.delay().get()["reminders"] == 1
    assert _mail(live_server, EXECUTIVE, "Herinnering afspraak")

    time_machine.move_to(ladder.starts[ladder.check_session] + timedelta(minutes=15))
    page = _as(browser, live_server, BESTUUR_AANJAGER)
    page.goto(live_server(f"/leersessies/{ladder.check_session}"))
    check = page.locator(".agenda li", has_text="Controle afspraak")
    expect(check).to_contain_text("Convenant Wmo en schuldhulp opstellen")
    check.get_by_role("link", name="Controle vastleggen").click()
    page.check("input[name=result][value=uitgevoerd]")
    page.fill("#note", "Convenant is getekend")
    page.click("#check-form button[type=submit]")
    expect(page.locator(".flash")).to_contain_text("Controle van de afspraak vastgelegd")
    page.context.close()

    # 7. The professional sees that the afspraak was carried out.
    page = _as(browser, live_server, PROFESSIONAL)
    page.goto(live_server("/leersessies/mijn-punten"))
    expect(page.locator(".cards li", has_text=DILEMMA)).to_contain_text("Uitgevoerd")
    page.context.close()
