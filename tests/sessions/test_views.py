"""Leersessie pages: access control, page vs partial, forms, outcomes and iCal downloads."""

from __future__ import annotations

from datetime import timedelta

import pytest
from icalendar import Calendar
from sqlalchemy import select

from learning.extensions import db
from learning.sessions import agenda, agreements, attendance, changes, outcomes, queries
from learning.sessions.models import AgendaItem, Outcome, SessionSeries
from tests.factories import UserFactory
from tests.sessions.builders import dilemma


@pytest.fixture
def log_in(client):
    def as_user(user):
        db.session.commit()
        with client.session_transaction() as session:
            session["_user_id"] = user.get_id()
            session["_fresh"] = True
        return user

    return as_user


@pytest.fixture
def item(ladder):
    found = agenda.submit_item(ladder.professional, ladder.uitvoering, dilemma())
    db.session.commit()
    return found


def _urls(ladder, item) -> list[str]:
    return [
        f"/leersessies/reeksen/{ladder.uitvoering.id}",
        f"/leersessies/reeksen/{ladder.uitvoering.id}/dashboard",
        f"/leersessies/reeksen/{ladder.uitvoering.id}/punten/nieuw",
        f"/leersessies/{ladder.u_meeting.id}",
        f"/leersessies/{ladder.u_meeting.id}/agenda",
        f"/leersessies/punten/{item.id}",
    ]


def test_anonymous_visitors_are_sent_to_the_login_page(client, ladder, item):
    for url in [*_urls(ladder, item), "/leersessies", "/leersessies/mijn-punten"]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert "/inloggen" in response.headers["Location"]


@pytest.mark.parametrize("index", range(6))
def test_outsiders_get_403_on_every_page_of_a_series(client, log_in, ladder, item, index):
    log_in(UserFactory(roles=["professional"]))
    assert client.get(_urls(ladder, item)[index]).status_code == 403


@pytest.mark.parametrize("index", range(6))
def test_members_see_every_page_of_their_series(client, log_in, ladder, item, index):
    log_in(ladder.colleague)
    assert client.get(_urls(ladder, item)[index]).status_code == 200


def test_session_page_or_agenda_partial(client, htmx_client, log_in, ladder, item):
    log_in(ladder.professional)
    page = client.get(f"/leersessies/{ladder.u_meeting.id}")
    assert b"<html" in page.data
    assert b"Schuldhulp wacht op Wmo-indicatie" in page.data
    with htmx_client.session_transaction() as session:
        session["_user_id"] = ladder.professional.get_id()
    partial = htmx_client.get(f"/leersessies/{ladder.u_meeting.id}")
    assert b"<html" not in partial.data
    assert b"Schuldhulp wacht" in partial.data
    assert "HX-Request" in partial.headers["Vary"]


def test_submitting_an_item_with_a_bsn_warns_masks_and_saves(client, log_in, ladder):
    log_in(ladder.professional)
    url = f"/leersessies/reeksen/{ladder.uitvoering.id}/punten/nieuw"
    form = {
        "kind": "casus",
        "title": "Bijstand stopt",
        "description": "BSN 111222333 verloor bijstand.",
    }
    warned = client.post(url, data=form)
    assert warned.status_code == 422
    assert "Maskeer gegevens" in warned.get_data(as_text=True)
    masked = client.post(url, data={**form, "action": "mask"})
    assert "[BSN]" in masked.get_data(as_text=True)
    saved = client.post(url, data={**form, "description": "[BSN] verloor de bijstand na werk."})
    assert saved.status_code == 302
    created = db.session.scalar(select(AgendaItem).where(AgendaItem.title == "Bijstand stopt"))
    assert saved.headers["Location"].endswith(f"/leersessies/punten/{created.id}")
    assert created.session_id == ladder.u_meeting.id


def test_privacy_check_while_typing(client, log_in, ladder):
    log_in(ladder.professional)
    response = client.post(
        "/leersessies/privacycheck", data={"title": "x", "description": "Bel 0612345678"}
    )
    assert "TELEFOON" in response.get_data(as_text=True)


def test_facilitator_escalates_from_the_item_page(client, log_in, ladder, item):
    log_in(ladder.aanjager)
    page = client.get(f"/leersessies/punten/{item.id}")
    assert "Uitkomst vastleggen" in page.get_data(as_text=True)
    response = client.post(
        f"/leersessies/punten/{item.id}/uitkomst",
        data={"outcome": "doorgezet", "notes": "Wij kunnen het niet oplossen"},
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/leersessies/{ladder.u_meeting.id}")
    upper = db.session.scalar(select(AgendaItem).where(AgendaItem.escalated_from_id == item.id))
    assert upper.session_id == ladder.m_meeting.id


def test_outcome_errors_keep_what_was_typed(client, log_in, ladder, item):
    log_in(ladder.aanjager)
    response = client.post(
        f"/leersessies/punten/{item.id}/uitkomst",
        data={"outcome": "opgelost", "notes": "Lange aantekening die niet verloren mag gaan"},
    )
    assert response.status_code == 422
    text = response.get_data(as_text=True)
    assert "minstens één afspraak" in text
    assert "Lange aantekening die niet verloren mag gaan" in text


def test_professionals_record_outcomes_of_their_own_items_only(client, log_in, ladder, item):
    log_in(ladder.colleague)
    url = f"/leersessies/punten/{item.id}/uitkomst"
    assert client.post(url, data={"outcome": "besproken"}).status_code == 403
    log_in(ladder.professional)
    assert client.post(url, data={"outcome": "besproken"}).status_code == 302
    assert db.session.get(AgendaItem, item.id).outcome == Outcome.DISCUSSED


def test_accept_move_postpone_buttons(client, htmx_client, log_in, ladder, item):
    log_in(ladder.aanjager)
    accepted = client.post(f"/leersessies/punten/{item.id}/accepteren")
    assert accepted.status_code == 302
    with htmx_client.session_transaction() as session:
        session["_user_id"] = ladder.aanjager.get_id()
    postponed = htmx_client.post(f"/leersessies/punten/{item.id}/uitstellen")
    assert postponed.status_code == 204
    assert postponed.headers["HX-Redirect"].endswith(f"/leersessies/{ladder.u_meeting.id}")
    db.session.expire_all()
    assert db.session.get(AgendaItem, item.id).session_id is None  # waits for a next session


def test_closing_before_the_start_is_refused_and_after_sends_minutes(
    client, log_in, ladder, item, time_machine, mailbox
):
    log_in(ladder.aanjager)
    url = f"/leersessies/{ladder.u_meeting.id}/afsluiten"
    early = client.post(url, data={"went_well": "Goede opkomst"})
    assert early.status_code == 422
    assert "begint pas op 4 maart 2025 om 19:00" in early.get_data(as_text=True)
    assert "Goede opkomst" in early.get_data(as_text=True)
    time_machine.move_to(ladder.u_meeting.end + timedelta(minutes=5))
    log_in(ladder.aanjager)
    closed = client.post(url, data={"went_well": "Goede opkomst"})
    assert closed.status_code == 302
    assert {m.to[0] for m in mailbox} >= {ladder.professional.email, ladder.colleague.email}


def test_ics_for_participants_and_for_guests_with_their_link(client, log_in, ladder):
    guest = attendance.add_guest(ladder.aanjager, ladder.u_meeting, "inwoner", "", "g@example.net")
    db.session.commit()
    url = f"/leersessies/{ladder.u_meeting.id}/uitnodiging.ics"
    assert client.get(url).status_code == 403
    assert client.get(url + "?gast=verkeerd").status_code == 403
    response = client.get(f"{url}?gast={guest.token}")
    assert response.status_code == 200
    assert response.mimetype == "text/calendar"
    [event] = Calendar.from_ical(response.data).events
    assert event.start == ladder.u_meeting.start
    log_in(ladder.professional)
    assert client.get(url).status_code == 200


def test_personal_feed_by_secret_token(client, ladder):
    db.session.commit()
    response = client.get(f"/leersessies/agenda/{ladder.professional.calendar_token}.ics")
    assert response.status_code == 200
    assert len(Calendar.from_ical(response.data).events) == 1
    assert client.get("/leersessies/agenda/onbekend.ics").status_code == 404


def test_guest_with_a_bad_address_gets_a_dutch_message(client, log_in, ladder):
    log_in(ladder.aanjager)
    response = client.post(
        f"/leersessies/{ladder.u_meeting.id}/gasten",
        data={"kind": "inwoner", "email": "geen-adres", "invite": "y"},
    )
    assert response.status_code == 422
    assert "niet geldig" in response.get_data(as_text=True)


def test_bestuurder_agendeert_from_the_bestuur_series(client, log_in, ladder):
    url = f"/leersessies/reeksen/{ladder.bestuur.id}/systeemknelpunt"
    log_in(ladder.professional)
    assert client.get(url).status_code == 403
    log_in(ladder.executive)
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        data={
            "title": "Kostendelersnorm",
            "description": "Mantelzorgers verlagen de uitkering van het huishouden.",
            "domains": ["participatiewet"],
        },
    )
    assert response.status_code == 302
    created = db.session.scalar(select(AgendaItem).where(AgendaItem.title == "Kostendelersnorm"))
    assert created.pattern.order == "third"


def test_check_agreement_and_dashboard(client, log_in, ladder, item):
    [agreement] = outcomes.solve_item(
        ladder.aanjager,
        item,
        "",
        "",
        [
            agreements.AgreementInput(
                "Doen", ladder.colleague.id, due_on=ladder.u_meeting.start.date()
            )
        ],
    )
    db.session.commit()
    log_in(ladder.aanjager)
    board = client.get(f"/leersessies/reeksen/{ladder.uitvoering.id}/dashboard")
    assert "Doen" in board.get_data(as_text=True)
    response = client.post(
        f"/leersessies/afspraken/{agreement.id}/controle", data={"result": "uitgevoerd"}
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert agreement.status == "uitgevoerd"
    assert agreement.check_item.outcome == Outcome.CHECKED


def test_my_items_show_what_the_higher_level_did(client, log_in, ladder, item):
    upper = outcomes.escalate_item(ladder.aanjager, item, "Niet hier")
    outcomes.mark_discussed(ladder.manager, upper, "", "De managers regelen voorrang")
    db.session.commit()
    log_in(ladder.professional)
    text = client.get("/leersessies/mijn-punten").get_data(as_text=True)
    assert "Managers Oss" in text
    assert "De managers regelen voorrang" in text
    # the professional may follow their own item up the ladder without joining that series
    assert client.get(f"/leersessies/punten/{upper.id}").status_code == 200


def test_new_series_form_for_aanjagers(client, log_in, ladder):
    log_in(ladder.professional)
    assert client.get("/leersessies/reeksen/nieuw").status_code == 403
    log_in(ladder.aanjager)
    assert client.get("/leersessies/reeksen/nieuw").status_code == 200
    response = client.post(
        "/leersessies/reeksen/nieuw",
        data={
            "name": "Leersessie Schadewijk",
            "level": "uitvoering",
            "area": str(ladder.uitvoering.area_id),
            "weekday": "0",
            "week_of_month": "-1",
            "start_time": "19:30",
            "duration_minutes": "90",
            "members": [str(ladder.colleague.id)],
        },
    )
    assert response.status_code == 302
    series = db.session.scalar(
        select(SessionSeries).where(SessionSeries.name == "Leersessie Schadewijk")
    )
    assert series.weekday == 0  # Monday is kept, not taken for "no day"
    assert series.week_of_month == -1
    assert series.facilitators == [ladder.aanjager]
    duplicate = client.post(
        "/leersessies/reeksen/nieuw",
        data={
            "name": "Leersessie Schadewijk",
            "level": "uitvoering",
            "area": str(ladder.uitvoering.area_id),
        },
    )
    assert duplicate.status_code == 422
    assert "bestaat al" in duplicate.get_data(as_text=True)


def test_lower_levels_see_the_answer_item_but_not_other_levels_notes(client, log_in, ladder, item):
    upper = outcomes.escalate_item(ladder.aanjager, item, "Niet hier")
    outcomes.mark_discussed(ladder.manager, upper, "Vertrouwelijke managementnotitie", "Geregeld")
    db.session.commit()
    log_in(ladder.colleague)
    page = client.get(f"/leersessies/punten/{upper.id}")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "Geregeld" in text
    assert "Vertrouwelijke managementnotitie" not in text
    assert "Niet hier" in text  # the notes of their own level


def test_calendar_link_can_be_renewed(client, log_in, ladder):
    old = ladder.professional.calendar_token
    log_in(ladder.professional)
    assert client.post("/leersessies/agenda/vernieuwen").status_code == 302
    assert client.get(f"/leersessies/agenda/{old}.ics").status_code == 404


def test_bestuurder_with_personal_data_is_offered_masking(client, log_in, ladder):
    log_in(ladder.executive)
    url = f"/leersessies/reeksen/{ladder.bestuur.id}/systeemknelpunt"
    form = {
        "title": "Kostendelersnorm",
        "description": "Gezin met BSN 111222333 verliest uitkering door inwonende zoon.",
        "domains": ["participatiewet"],
    }
    warned = client.post(url, data=form)
    assert warned.status_code == 422
    assert 'form="system-form"' in warned.get_data(as_text=True)
    saved = client.post(url, data={**form, "action": "mask"})
    assert saved.status_code == 302
    created = db.session.scalar(select(AgendaItem).where(AgendaItem.title == "Kostendelersnorm"))
    assert "[BSN]" in created.description


def test_a_refused_item_form_is_swapped_in_by_htmx_with_the_reason(htmx_client, ladder):
    db.session.commit()
    with htmx_client.session_transaction() as session:
        session["_user_id"] = ladder.professional.get_id()
    response = htmx_client.post(
        f"/leersessies/reeksen/{ladder.uitvoering.id}/punten/nieuw",
        data={"kind": "dilemma", "title": "Kort", "description": "te kort"},
    )
    assert response.status_code == 422
    text = response.get_data(as_text=True)
    assert "<html" not in text
    assert "minstens 10 tekens" in text  # the reason, out of band in the message area
    assert 'hx-swap-oob="true"' in text
    assert 'value="Kort"' in text  # what was typed stays


def test_a_refused_button_shows_the_reason_on_the_meeting_page(client, log_in, ladder):
    changes.cancel_meeting(ladder.aanjager, ladder.u_meeting, "Zaal niet beschikbaar")
    db.session.commit()
    log_in(ladder.aanjager)
    response = client.post(f"/leersessies/{ladder.u_meeting.id}/annuleren")
    assert response.status_code == 422
    text = response.get_data(as_text=True)
    assert "is geannuleerd en kan niet meer worden gewijzigd" in text
    assert "Leersessie Ruwaard" in text


def test_a_refused_planning_form_keeps_the_typed_place(client, log_in, ladder):
    log_in(ladder.aanjager)
    response = client.post(
        f"/leersessies/reeksen/{ladder.uitvoering.id}/sessies",
        data={"day": "2025-01-07", "start": "19:00", "location": "Buurthuis De Schakel"},
    )
    assert response.status_code == 422
    text = response.get_data(as_text=True)
    assert "in het verleden" in text
    assert 'value="Buurthuis De Schakel"' in text
    assert len(queries.meetings_of(ladder.uitvoering, upcoming=True)) == 1


def test_an_outcome_on_a_changed_item_is_refused_with_409(client, log_in, ladder, item):
    log_in(ladder.aanjager)
    stale = item.version
    agenda.accept_item(ladder.aanjager, item)
    db.session.commit()
    response = client.post(
        f"/leersessies/punten/{item.id}/uitkomst",
        data={"outcome": "besproken", "notes": "Goed gesprek", "version": str(stale)},
    )
    assert response.status_code == 409
    assert "Goed gesprek" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(AgendaItem, item.id).outcome is None


def test_a_member_cannot_manage_members_and_nothing_changes(client, log_in, ladder):
    log_in(ladder.professional)
    newcomer = UserFactory()
    db.session.commit()
    response = client.post(
        f"/leersessies/reeksen/{ladder.uitvoering.id}/leden", data={"user": newcomer.id}
    )
    assert response.status_code == 403
    db.session.expire_all()
    assert newcomer not in ladder.uitvoering.members


def test_only_facilitators_open_the_edit_page(client, log_in, ladder):
    url = f"/leersessies/{ladder.u_meeting.id}/wijzigen"
    log_in(ladder.professional)
    assert client.get(url).status_code == 403
    log_in(UserFactory(roles=["professional"]))
    assert client.get(url).status_code == 403
    log_in(ladder.aanjager)
    page = client.get(url)
    assert page.status_code == 200
    assert 'value="2025-03-04"' in page.get_data(as_text=True)


def test_rescheduling_into_the_past_re_renders_the_form_with_422(client, log_in, ladder):
    log_in(ladder.aanjager)
    response = client.post(
        f"/leersessies/{ladder.u_meeting.id}/wijzigen",
        data={
            "title": "Verschoven sessie",
            "day": "2025-03-01",
            "start": "19:00",
            "location": "Bibliotheek",
            "version": str(ladder.u_meeting.version),
        },
    )
    assert response.status_code == 422
    text = response.get_data(as_text=True)
    assert "in het verleden" in text
    assert "Verschoven sessie" in text
    assert "Bibliotheek" in text
    db.session.refresh(ladder.u_meeting)
    assert ladder.u_meeting.title == ""
    assert ladder.u_meeting.sequence == 0


def test_rescheduling_and_cancelling_from_the_pages(client, log_in, ladder):
    log_in(ladder.aanjager)
    moved = client.post(
        f"/leersessies/{ladder.u_meeting.id}/wijzigen",
        data={"day": "2025-03-06", "start": "19:00", "end": "21:00", "location": "Bibliotheek"},
    )
    assert moved.status_code == 302
    refused = client.post(f"/leersessies/{ladder.u_meeting.id}/annuleren", data={"reason": ""})
    assert refused.status_code == 422
    assert "waarom de leersessie niet doorgaat" in refused.get_data(as_text=True)
    cancelled = client.post(
        f"/leersessies/{ladder.u_meeting.id}/annuleren", data={"reason": "Zaal onder water"}
    )
    assert cancelled.status_code == 302
    page = client.get(f"/leersessies/{ladder.u_meeting.id}").get_data(as_text=True)
    assert "Zaal onder water" in page
    assert "Wijzigen of verplaatsen" not in page


def test_someone_invited_for_one_session_sees_it_but_not_the_series(client, log_in, ladder):
    from learning.sessions import attendance

    joost = UserFactory(roles=["professional"], name="Joost UWV")
    log_in(ladder.aanjager)
    response = client.post(
        f"/leersessies/{ladder.u_meeting.id}/uitnodigen", data={"user": str(joost.id)}
    )
    assert response.status_code == 302
    again = client.post(
        f"/leersessies/{ladder.u_meeting.id}/uitnodigen", data={"user": str(joost.id)}
    )
    assert again.status_code == 422
    assert "al uitgenodigd" in again.get_data(as_text=True)
    log_in(joost)
    assert client.get(f"/leersessies/{ladder.u_meeting.id}").status_code == 200
    assert client.get(f"/leersessies/{ladder.u_meeting.id}/uitnodiging.ics").status_code == 200
    assert client.get(f"/leersessies/reeksen/{ladder.uitvoering.id}").status_code == 403
    assert attendance.invited_attendees(ladder.u_meeting) == [joost]


def test_the_ics_of_a_session_that_does_not_exist_says_so(client, log_in, ladder):
    log_in(ladder.professional)
    response = client.get("/leersessies/999999/uitnodiging.ics")
    assert response.status_code == 404
    assert "Deze leersessie bestaat niet" in response.get_data(as_text=True)


def test_a_werktafel_chair_starts_a_management_series_from_the_list(client, log_in, ladder):
    karin = log_in(UserFactory(roles=["chair"], name="Karin"))
    listing = client.get("/leersessies").get_data(as_text=True)
    assert "/leersessies/reeksen/nieuw" in listing
    form = client.get("/leersessies/reeksen/nieuw").get_data(as_text=True)
    assert 'value="management"' in form
    assert 'value="uitvoering"' not in form
    response = client.post(
        "/leersessies/reeksen/nieuw",
        data={"name": "Managers Maasdal", "level": "management", "duration_minutes": "90"},
    )
    assert response.status_code == 302
    series = db.session.scalar(
        select(SessionSeries).where(SessionSeries.name == "Managers Maasdal")
    )
    assert series.facilitators == [karin]


def test_roles_are_given_on_the_series_page(client, log_in, ladder):
    sam = UserFactory(name="Sam Secretaris")
    log_in(ladder.aanjager)
    response = client.post(
        f"/leersessies/reeksen/{ladder.uitvoering.id}/leden",
        data={"user": str(sam.id), "role": "secretary"},
    )
    assert response.status_code == 302
    page = client.get(f"/leersessies/reeksen/{ladder.uitvoering.id}").get_data(as_text=True)
    assert "secretaris: Sam Secretaris" in page
    last = client.post(
        f"/leersessies/reeksen/{ladder.uitvoering.id}/leden/{ladder.aanjager.id}/verwijderen"
    )
    assert last.status_code == 422
    assert "enige facilitator" in last.get_data(as_text=True)


def test_time_per_item_shows_on_the_printed_agenda(client, log_in, ladder):
    first = agenda.submit_item(ladder.aanjager, ladder.uitvoering, dilemma("Eerste punt"))
    second = agenda.submit_item(ladder.aanjager, ladder.uitvoering, dilemma("Tweede punt"))
    log_in(ladder.aanjager)
    assert (
        client.post(f"/leersessies/punten/{first.id}/tijd", data={"minutes": "25"}).status_code
        == 302
    )
    client.post(f"/leersessies/punten/{second.id}/tijd", data={"minutes": "20"})
    refused = client.post(f"/leersessies/punten/{second.id}/tijd", data={"minutes": "999"})
    assert refused.status_code == 422
    assert "tussen 1 en 240 minuten" in refused.get_data(as_text=True)
    printed = client.get(f"/leersessies/{ladder.u_meeting.id}/agenda").get_data(as_text=True)
    assert "dinsdag 4 maart 2025, 19:00" in printed
    assert "19:25" in printed  # the second item starts after the first one's 25 minutes
    assert "25 minuten" in printed
    log_in(ladder.professional)
    assert (
        client.post(f"/leersessies/punten/{first.id}/tijd", data={"minutes": "5"}).status_code
        == 403
    )


def test_a_manager_asks_the_professionals_from_the_series_page(client, log_in, ladder):
    log_in(ladder.manager)
    page = client.get(f"/leersessies/reeksen/{ladder.management.id}").get_data(as_text=True)
    assert "Vraag aan het niveau eronder" in page
    short = client.post(
        f"/leersessies/reeksen/{ladder.management.id}/vraag",
        data={"lower": str(ladder.uitvoering.id), "question": "Hoe?"},
    )
    assert short.status_code == 422
    assert "minstens 10 tekens" in short.get_data(as_text=True)
    asked = client.post(
        f"/leersessies/reeksen/{ladder.management.id}/vraag",
        data={"lower": str(ladder.uitvoering.id), "question": "Hoe vaak speelt dit in de wijk?"},
    )
    assert asked.status_code == 302
    agenda_page = client.get(f"/leersessies/{ladder.u_meeting.id}")
    assert agenda_page.status_code == 403  # the manager is no member of the professionals
    log_in(ladder.aanjager)
    text = client.get(f"/leersessies/{ladder.u_meeting.id}").get_data(as_text=True)
    assert "Vraag van Managers Oss" in text
    assert "Gevraagd door het niveau erboven" in text


@pytest.mark.parametrize(
    "path",
    [
        "/leersessies/{m}/wijzigen",
        "/leersessies/{m}/annuleren",
        "/leersessies/{m}/afsluiten",
        "/leersessies/{m}/uitnodigen",
        "/leersessies/{m}/aanwezigheid",
        "/leersessies/{m}/verslag",
        "/leersessies/{m}/gasten",
        "/leersessies/reeksen/{s}/leden",
        "/leersessies/reeksen/{s}/sessies",
        "/leersessies/reeksen/{s}/vraag",
    ],
)
def test_outsiders_and_members_cannot_run_a_session(client, log_in, ladder, path):
    url = path.format(m=ladder.u_meeting.id, s=ladder.uitvoering.id)
    data = {
        "reason": "Geen zin",
        "user": str(ladder.colleague.id),
        "role": "facilitator",
        "day": "2025-03-20",
        "start": "19:00",
        "question": "Een vraag van tien tekens of meer",
        "lower": str(ladder.uitvoering.id),
        "kind": "inwoner",
    }
    for user in (UserFactory(roles=["professional"]), ladder.professional):
        log_in(user)
        assert client.post(url, data=data).status_code == 403, (url, user.name)
    db.session.refresh(ladder.u_meeting)
    assert ladder.u_meeting.is_planned
    assert ladder.u_meeting.sequence == 0
