"""Issue 16 end to end: each level of the ladder is run by its own people, a session is moved and
cancelled and the attendees' calendars follow, and a guest attends one session."""

from __future__ import annotations

import re
from datetime import time, timedelta

import pytest
from icalendar import Calendar
from playwright.sync_api import expect
from sqlalchemy import func, select

from learning.accounts.models import User
from learning.blockages.models import Area
from learning.extensions import db
from learning.sessions import agenda, outcomes, planning
from learning.sessions import series as series_services
from learning.sessions.models import LearningSession
from learning.tables.models import LearningTable, TableKind
from learning.timeutil import local_date, today
from learning.unit_of_work import commit
from tests.e2e.conftest import log_in, make_user

PASSWORD = "e2e-wachtwoord-16"
GEMEENTE = "Gemeente Rollen"
KARIN = "karin.rollen@example.org"  # werktafel chair
MARLOES = "marloes.rollen@example.org"  # manager
WETHOUDER = "wethouder.rollen@example.org"  # chairs the bestuurlijke stuurgroep
LOTTE = "lotte.rollen@example.org"  # aanjager for Schadewijk
PIEN = "pien.rollen@example.org"  # professional
JOOST = "joost.rollen@example.org"  # UWV professional, invited for one session
ADMIN = "programma.rollen@example.org"
DILEMMA = "Inkomen wacht op de woonvoorziening"


@pytest.fixture(scope="module")
def people(live_server) -> dict[str, int]:
    """The people of the Maasdal ladder in this module, made once."""
    return _users(live_server)


def _users(live) -> dict[str, int]:
    ids = {
        email: make_user(live, email, roles, organisation, PASSWORD)
        for email, roles, organisation in [
            (KARIN, ["chair"], GEMEENTE),
            (MARLOES, ["manager"], "Wijkteam Rollen"),
            (WETHOUDER, ["executive"], GEMEENTE),
            (LOTTE, ["professional", "champion"], "Welzijn Rollen"),
            (PIEN, ["professional"], "Wijkteam Rollen"),
            (JOOST, ["professional"], "UWV Rollen"),
            (ADMIN, ["programme_admin"], GEMEENTE),
        ]
    }
    with live.app.app_context():
        steering = LearningTable(
            kind=TableKind.EXECUTIVE_STEERING,
            name="Bestuurlijke stuurgroep Rollen",
            domains=[],
            chair_id=ids[WETHOUDER],
        )
        area = Area(name="Schadewijk")
        db.session.add_all([steering, area])
        db.session.flush()
        series_services.set_champion_areas(
            db.session.get(User, ids[ADMIN]), db.session.get(User, ids[LOTTE]), [area.id]
        )
        commit()
    return ids


def _as(browser, live, email):
    context = browser.new_context(locale="nl-NL", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    page = context.new_page()
    log_in(page, live, email, PASSWORD)
    return page


def _new_series(page, live, name: str, level: str, **selects) -> int:
    page.goto(live("/leersessies"))
    page.click("text=Nieuwe reeks")
    page.fill("#name", name)
    page.check(f"input[name=level][value={level}]")
    for field, label in selects.items():
        page.select_option(f"#{field}", label=label)
    page.click("form.narrow button[type=submit]")
    page.wait_for_url(re.compile(r"/leersessies/reeksen/\d+$"))
    expect(page.locator("h1")).to_have_text(name)
    return int(page.url.rsplit("/", 1)[1])


def _plan(page, live, day, start: str) -> int:
    if not page.locator("#day").is_visible():  # open when nothing is planned yet
        page.click("text=Leersessie plannen")
    page.fill("#day", day.isoformat())
    page.fill("#start", start)
    page.click("details form.narrow button[type=submit]")
    expect(page.locator(".flash")).to_contain_text("Leersessie gepland")
    with live.app.app_context():
        return db.session.scalar(select(func.max(LearningSession.id)))


def test_each_level_is_started_and_run_by_its_own_people(
    browser, live_server, people, time_machine
):
    ids = people
    start = today()

    # The wethouder, chair of the bestuurlijke stuurgroep, starts the bestuur series.
    page = _as(browser, live_server, WETHOUDER)
    bestuur = _new_series(page, live_server, "Bestuurders Rollen", "bestuur")
    bestuur_session = _plan(page, live_server, start + timedelta(days=9), "16:00")
    page.context.close()

    # Karin, a werktafel chair, starts the managers' series (marloes takes part); it escalates
    # to the bestuurders'. She may not start a professionals' series.
    page = _as(browser, live_server, KARIN)
    page.goto(live_server("/leersessies/reeksen/nieuw"))
    expect(page.locator("input[name=level][value=uitvoering]")).to_have_count(0)
    management = _new_series(
        page,
        live_server,
        "Managers Rollen",
        "management",
        members="marloes.rollen",
        escalates_to="Bestuurders Rollen (Bestuur)",
    )
    m_session = _plan(page, live_server, start + timedelta(days=2), "10:00")
    page.context.close()

    # A dilemma the professionals could not solve comes up to the managers' session.
    with live_server.app.app_context():
        lotte = db.session.get(User, ids[LOTTE])
        professionals = series_services.create_series(
            db.session.get(User, ids[ADMIN]),
            series_services.SeriesInput(
                name="Professionals Rollen",
                level="uitvoering",
                facilitator_ids=[ids[LOTTE]],
                member_ids=[ids[PIEN]],
                escalates_to_id=management,
            ),
        )
        planning.plan_meeting(lotte, professionals, start + timedelta(days=1), time(19))
        item = agenda.submit_item(
            db.session.get(User, ids[PIEN]),
            professionals,
            agenda.ItemInput(
                kind="dilemma",
                title=DILEMMA,
                description="De uitkering start pas als de woonvoorziening rond is, en omgekeerd.",
            ),
        )
        outcomes.escalate_item(lotte, item, "Niet op te lossen in de wijk.")
        commit()

    # Marloes, a member, records and escalates the dilemma in her own session; the family name
    # in her notes is masked and never reaches the bestuurders.
    with live_server.app.app_context():
        m_start = db.session.get(LearningSession, m_session).start
    time_machine.move_to(m_start + timedelta(minutes=20))
    page = _as(browser, live_server, MARLOES)
    page.goto(live_server(f"/leersessies/{m_session}"))
    page.locator(".agenda li", has_text=DILEMMA).get_by_role("link", name=DILEMMA).click()
    page.check("input[name=outcome][value=doorgezet]")
    page.fill("#notes", "Bij mevrouw Jansen duurt het al vier maanden; de budgetten botsen.")
    page.click("#outcome-form button[type=submit]")
    page.wait_for_url(re.compile(rf"/leersessies/{m_session}$"))
    expect(page.locator(".agenda li", has_text=DILEMMA)).to_contain_text("doorgezet")
    page.context.close()

    # The wethouder sees it on the bestuur agenda, with the managers' notes masked.
    page = _as(browser, live_server, WETHOUDER)
    page.goto(live_server(f"/leersessies/{bestuur_session}"))
    upper = page.locator(".agenda li", has_text=DILEMMA)
    expect(upper).to_contain_text("Doorgezet van het niveau eronder")
    expect(upper).to_contain_text("de budgetten botsen")
    expect(page.locator("main")).not_to_contain_text("Jansen")
    page.context.close()
    assert bestuur != management


def _calendar_mails(live, recipient: str, uid: str) -> list[Calendar]:
    found = []
    for message in live.mail:
        if message["To"] != recipient:
            continue
        for part in message.walk():
            if part.get_content_type() == "text/calendar":
                calendar = Calendar.from_ical(part.get_content())
                if any(str(e["UID"]) == uid for e in calendar.walk("VEVENT")):
                    found.append(calendar)
    return found


def test_an_aanjager_moves_and_cancels_a_session_and_calendars_follow_and_a_guest_attends(
    browser, live_server, people, time_machine
):
    start = today()

    # Lotte starts the professionals' series of her own wijk and plans two sessions.
    page = _as(browser, live_server, LOTTE)
    series = _new_series(
        page,
        live_server,
        "Leersessie Schadewijk",
        "uitvoering",
        area="Schadewijk",
        members="pien.rollen",
    )
    first = _plan(page, live_server, start + timedelta(days=3), "19:00")
    second = _plan(page, live_server, start + timedelta(days=17), "19:00")
    assert first != second

    # Joost (UWV) is invited for the first session only, Fatima (a resident) as a guest.
    page.goto(live_server(f"/leersessies/{first}"))
    page.click("text=Iemand uitnodigen voor alleen deze leersessie")
    page.select_option("#user", label="joost.rollen")
    page.get_by_role("button", name="Uitnodigen", exact=True).click()
    expect(page.locator(".flash")).to_contain_text("joost.rollen is uitgenodigd")
    page.click("text=Gast toevoegen")
    page.fill("#name", "Fatima de Vries")
    page.click("details form.narrow button[type=submit] >> text=Toevoegen")
    expect(page.locator(".flash-error")).to_contain_text("alleen bij voornaam of rol")
    page.goto(live_server(f"/leersessies/{first}"))
    page.click("text=Gast toevoegen")
    page.fill("#name", "Fatima")
    page.click("details form.narrow button[type=submit] >> text=Toevoegen")
    expect(page.locator(".flash")).to_contain_text("Gast toegevoegd")

    # The second session is moved a day, then cancelled.
    page.goto(live_server(f"/leersessies/{second}"))
    page.click("text=Wijzigen of verplaatsen")
    page.fill("#day", (start + timedelta(days=18)).isoformat())
    page.fill("#online_url", "https://meet.example.org/schadewijk")
    page.click("#meeting-form button[type=submit]")
    expect(page.locator(".flash")).to_contain_text("Leersessie gewijzigd")
    expect(page.locator("h1")).to_contain_text(str((start + timedelta(days=18)).day))
    page.fill("#reason", "De wijkcentrumzaal is die avond dicht.")
    page.click("#cancel-form button[type=submit]")
    expect(page.locator(".flash")).to_contain_text("Leersessie geannuleerd")
    page.context.close()

    # Pien's calendar gets the update and then the cancellation of the same event.
    with live_server.app.app_context():
        from learning.sessions.calendar import meeting_event

        uid = str(meeting_event(db.session.get(LearningSession, second))["UID"])
    calendars = _calendar_mails(live_server, PIEN, uid)
    assert [str(c["METHOD"]) for c in calendars] == ["REQUEST", "CANCEL"]
    events = [next(iter(c.walk("VEVENT"))) for c in calendars]
    assert [int(e["SEQUENCE"]) for e in events] == [1, 2]
    assert local_date(events[0].start) == start + timedelta(days=18)
    assert str(events[1]["STATUS"]) == "CANCELLED"
    # The personal feed shows it cancelled too.
    with live_server.app.app_context():
        token = db.session.get(User, people[PIEN]).calendar_token
    page = browser.new_page()
    feed = page.request.get(live_server(f"/leersessies/agenda/{token}.ics"))
    [event] = [e for e in Calendar.from_ical(feed.body()).walk("VEVENT") if str(e["UID"]) == uid]
    assert str(event["STATUS"]) == "CANCELLED"
    page.close()
    # Joost was invited with the first session's .ics.
    with live_server.app.app_context():
        first_uid = str(meeting_event(db.session.get(LearningSession, first))["UID"])
        first_start = db.session.get(LearningSession, first).start
    assert _calendar_mails(live_server, JOOST, first_uid)

    # During the first session Lotte records who is there: Joost and the guest.
    time_machine.move_to(first_start + timedelta(minutes=30))
    page = _as(browser, live_server, LOTTE)
    page.goto(live_server(f"/leersessies/{first}"))
    page.get_by_label("Aanwezigheid van joost.rollen").select_option("aanwezig")
    page.get_by_label("Aanwezigheid van pien.rollen").select_option("afgemeld")
    page.get_by_label("Aanwezigheid van Fatima").select_option("aanwezig")
    page.click("#presence-form button[type=submit]")
    expect(page.locator(".flash")).to_contain_text("Aanwezigheid opgeslagen")
    page.context.close()

    # Joost sees the session he attended, not the series.
    page = _as(browser, live_server, JOOST)
    page.goto(live_server(f"/leersessies/{first}"))
    rows = page.locator("table.attendance tr")
    expect(rows.filter(has_text="joost.rollen")).to_contain_text("Aanwezig")
    expect(rows.filter(has_text="Fatima")).to_contain_text("Aanwezig")
    expect(rows.filter(has_text="pien.rollen")).to_contain_text("Afgemeld")
    response = page.request.get(live_server(f"/leersessies/reeksen/{series}"))
    assert response.status == 403
    page.context.close()
