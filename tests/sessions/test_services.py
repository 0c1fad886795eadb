"""Leersessies: series, planning, the agenda, escalation up the ladder, afspraken, closing."""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest
from sqlalchemy import select

from learning.audit.models import AuditEntry
from learning.blockages.models import Blockage
from learning.blockages.services import PersonalDataFound
from learning.errors import DomainError, Forbidden
from learning.extensions import db
from learning.mail.models import OutgoingMail
from learning.patterns.models import Endorsement, Pattern, PatternState
from learning.sessions import queries, services
from learning.sessions.models import (
    AgendaItem,
    AgreementStatus,
    ItemKind,
    ItemSource,
    ItemStatus,
    Outcome,
    SessionStatus,
)
from learning.unit_of_work import commit
from tests.factories import UserFactory
from tests.sessions.builders import dilemma


def mails_to(user) -> list[OutgoingMail]:
    return list(
        db.session.scalars(
            select(OutgoingMail)
            .where(OutgoingMail.recipient == user.email)
            .order_by(OutgoingMail.id)
        )
    )


def solved(owner, what="Wmo en schuldhulp starten tegelijk", due_on=None):
    return services.OutcomeInput(
        outcome=Outcome.SOLVED,
        notes="Besproken met de teamleiders",
        agreements=[services.AgreementInput(what=what, owner_id=owner.id, due_on=due_on)],
    )


def escalate(ladder, item):
    """Take an item from the professionals' session up to the bestuurders."""
    upper = services.escalate_item(ladder.aanjager, item, "Wij kunnen de volgorde niet wijzigen.")
    return services.escalate_item(ladder.manager, upper, "Vraagt om een besluit over budgetten.")


# --- series and planning -------------------------------------------------------------------


def test_only_aanjagers_create_series_with_clear_messages(ladder):
    with pytest.raises(Forbidden):
        services.create_series(ladder.professional, services.SeriesInput(name="X", level="bestuur"))
    with pytest.raises(DomainError) as error:
        services.create_series(
            ladder.aanjager,
            services.SeriesInput(name="Leersessie Ruwaard", level="wijk", weekday=1),
        )
    message = error.value.message
    assert "bestaat al" in message
    assert "uitvoering, management of bestuur" in message
    assert "weekdag, de week van de maand en de tijd" in message


def test_recurrence_every_second_tuesday_and_last_friday(ladder):
    series = ladder.uitvoering  # second Tuesday, 19:00
    assert services.occurrences(series, date(2025, 3, 3), 3) == [
        date(2025, 3, 11),
        date(2025, 4, 8),
        date(2025, 5, 13),
    ]
    series.weekday, series.week_of_month = 4, -1
    assert services.occurrences(series, date(2025, 3, 29), 2) == [
        date(2025, 4, 25),
        date(2025, 5, 30),
    ]


def test_plan_recurring_uses_local_time_and_skips_dates_already_planned(ladder):
    planned = services.plan_recurring(ladder.aanjager, ladder.uitvoering, count=2)
    assert [s.start.isoformat() for s in planned] == [
        "2025-03-11T18:00:00+00:00",  # 19:00 in Oss, winter time
        "2025-04-08T17:00:00+00:00",  # 19:00 in Oss, summer time
    ]
    assert services.plan_recurring(ladder.aanjager, ladder.uitvoering, count=2) == []
    assert {u.id for u in planned[0].attendees} == {
        ladder.professional.id,
        ladder.colleague.id,
        ladder.aanjager.id,
    }


def test_a_session_in_the_past_or_overlapping_is_refused(ladder):
    with pytest.raises(DomainError, match="in het verleden"):
        services.plan_session(ladder.aanjager, ladder.uitvoering, date(2025, 3, 1), time(19, 0))
    with pytest.raises(DomainError, match="overlapt met een andere leersessie"):
        services.plan_session(ladder.aanjager, ladder.uitvoering, date(2025, 3, 4), time(20, 0))
    with pytest.raises(DomainError, match="eindtijd"):
        services.plan_session(
            ladder.aanjager, ladder.uitvoering, date(2025, 3, 5), time(19, 0), time(18, 0)
        )
    other = services.plan_session(ladder.aanjager, ladder.uitvoering, date(2025, 3, 4), time(21, 0))
    assert other.location == "Wijkcentrum Ruwaard"  # a session of another hour is fine


def test_only_the_facilitator_plans(ladder):
    with pytest.raises(Forbidden, match="aanjager"):
        services.plan_session(ladder.professional, ladder.uitvoering, date(2025, 3, 5), time(9, 0))


# --- submitting to the agenda --------------------------------------------------------------


def test_member_submits_a_dilemma_for_the_next_session(ladder):
    item = services.submit_item(ladder.professional, ladder.uitvoering, dilemma())
    assert item.session is ladder.u_session
    assert item.status == ItemStatus.PROPOSED
    assert queries.agenda(ladder.u_session) == [item]
    by_aanjager = services.submit_item(ladder.aanjager, ladder.uitvoering, dilemma("Tweede"))
    assert by_aanjager.status == ItemStatus.ACCEPTED
    assert by_aanjager.position == item.position + 1


def test_outsiders_cannot_submit(ladder):
    with pytest.raises(Forbidden, match="deelnemers"):
        services.submit_item(ladder.manager, ladder.uitvoering, dilemma())


@pytest.mark.parametrize(
    "text",
    [
        "Inwoner met BSN 111222333 kreeg geen bijstand na tijdelijk werk.",
        "Mevrouw Jansen woont aan de Molenstraat 12 en kreeg geen bijstand na werk.",
    ],
)
def test_a_casus_with_personal_data_is_refused_and_can_be_masked(ladder, text):
    data = dilemma(kind="casus", description=text)
    with pytest.raises(PersonalDataFound) as error:
        services.submit_item(ladder.professional, ladder.uitvoering, data)
    assert "description" in error.value.findings
    data.mask_personal_data = True
    item = services.submit_item(ladder.professional, ladder.uitvoering, data)
    assert "[" in item.description
    assert "111222333" not in item.description
    assert "Molenstraat 12" not in item.description


def test_bad_items_get_one_dutch_message(ladder):
    with pytest.raises(DomainError) as error:
        services.submit_item(
            ladder.professional, ladder.uitvoering, services.ItemInput(kind="casus", title="")
        )
    assert "korte titel" in error.value.message
    assert "minstens 10 tekens" in error.value.message
    with pytest.raises(DomainError, match="Kies het patroon"):
        services.submit_item(
            ladder.professional, ladder.uitvoering, services.ItemInput(kind="patroon", title="P")
        )
    with pytest.raises(DomainError, match="komende leersessie"):
        services.submit_item(
            ladder.professional,
            ladder.uitvoering,
            dilemma(session_id=ladder.m_session.id),
        )


def test_items_wait_for_the_next_planned_session(ladder):
    services.cancel_session(ladder.aanjager, ladder.u_session)
    item = services.submit_item(ladder.professional, ladder.uitvoering, dilemma())
    assert item.session is None
    assert queries.waiting_items(ladder.uitvoering) == [item]
    later = services.plan_session(ladder.aanjager, ladder.uitvoering, date(2025, 3, 25), time(19))
    assert item.session is later


def test_facilitator_accepts_orders_and_postpones(ladder):
    first = services.submit_item(ladder.professional, ladder.uitvoering, dilemma("Eerste"))
    second = services.submit_item(ladder.colleague, ladder.uitvoering, dilemma("Tweede"))
    services.accept_item(ladder.aanjager, first)
    assert first.status == ItemStatus.ACCEPTED
    services.move_item(ladder.aanjager, second, "up")
    assert queries.agenda(ladder.u_session) == [second, first]
    with pytest.raises(Forbidden):
        services.move_item(ladder.professional, first, "up")
    nxt = services.plan_session(ladder.aanjager, ladder.uitvoering, date(2025, 4, 8), time(19))
    assert services.postpone_item(ladder.aanjager, first) is nxt
    assert first.postponed_count == 1
    assert queries.agenda(ladder.u_session) == [second]


# --- up the ladder -------------------------------------------------------------------------


def test_escalated_dilemma_appears_on_the_managers_agenda_with_the_notes(ladder):
    item = services.submit_item(ladder.professional, ladder.uitvoering, dilemma())
    upper = services.escalate_item(ladder.aanjager, item, "Wij kunnen de volgorde niet wijzigen.")
    assert item.outcome == Outcome.ESCALATED
    assert item.is_handled
    assert upper.session is ladder.m_session
    assert upper.source == ItemSource.ESCALATED
    assert upper.status == ItemStatus.ACCEPTED
    assert upper.escalated_from is item
    assert queries.chain(upper) == [item, upper]
    assert "Managers Oss" in item.outcome_summary
    [mail] = mails_to(ladder.professional)
    assert "doorgezet" in mail.subject


def test_escalation_needs_notes_and_a_level_above(ladder):
    item = services.submit_item(ladder.professional, ladder.uitvoering, dilemma())
    with pytest.raises(DomainError, match="wat dit niveau heeft besproken"):
        services.escalate_item(ladder.aanjager, item, "  ")
    ladder.management.level = "bestuur"  # no management series left
    with pytest.raises(DomainError, match="geen leersessiereeks op niveau Management"):
        services.escalate_item(ladder.aanjager, item, "Notities")
    assert not item.is_handled  # nothing lost


def test_escalating_from_the_top_is_refused_towards_the_national_dossier(ladder):
    item = services.submit_item(ladder.professional, ladder.uitvoering, dilemma())
    top = escalate(ladder, item)
    assert top.series is ladder.bestuur
    assert top.session is ladder.b_session
    with pytest.raises(DomainError, match="landelijk dossier"):
        services.escalate_item(ladder.chair, top, "Kan niet hier")
    assert not top.is_handled


def test_solved_at_the_top_flows_back_down_to_every_level_and_the_professional(ladder):
    item = services.submit_item(ladder.professional, ladder.uitvoering, dilemma())
    top = escalate(ladder, item)
    [agreement] = services.solve_item(
        ladder.chair,
        top,
        "Bestuurders besluiten",
        "Eén loket voor schuldhulp en Wmo",
        [services.AgreementInput("Convenant opstellen", ladder.executive.id)],
    )
    assert agreement.due_on == date(2025, 3, 3) + timedelta(weeks=6)
    assert top.outcome == Outcome.SOLVED
    assert item.answered_at is not None
    assert item.escalated_to.answered_at is not None
    feedback = [i for i in db.session.scalars(select(AgendaItem)) if i.kind == ItemKind.FEEDBACK]
    assert {f.series_id for f in feedback} == {ladder.uitvoering.id, ladder.management.id}
    assert all(f.answer_item is top for f in feedback)
    assert queries.final_step(item) is top
    answered = [m for m in mails_to(ladder.professional) if "Antwoord" in m.subject]
    assert len(answered) == 1
    assert "Convenant opstellen" in answered[0].body_text
    assert any("Nieuwe afspraak" in m.subject for m in mails_to(ladder.executive))


def test_solving_needs_an_afspraak_with_an_active_owner_and_a_future_date(ladder):
    item = services.submit_item(ladder.professional, ladder.uitvoering, dilemma())
    with pytest.raises(DomainError, match="minstens één afspraak"):
        services.solve_item(ladder.aanjager, item, "", "", [])
    gone = UserFactory(active=False)
    with pytest.raises(DomainError, match="actieve gebruiker"):
        services.record_outcome(ladder.aanjager, item, solved(gone))
    with pytest.raises(DomainError, match="verleden"):
        services.record_outcome(
            ladder.aanjager, item, solved(ladder.colleague, due_on=date(2025, 1, 1))
        )
    with pytest.raises(DomainError, match="uitkomst"):
        services.record_outcome(ladder.aanjager, item, services.OutcomeInput(outcome="weg"))


def test_notes_and_agreements_are_masked(ladder):
    item = services.submit_item(ladder.professional, ladder.uitvoering, dilemma())
    services.record_outcome(
        ladder.aanjager,
        item,
        services.OutcomeInput(
            outcome=Outcome.SOLVED,
            notes="Gebeld met 0612345678",
            agreements=[services.AgreementInput("Mail naar a.b@example.org", ladder.colleague.id)],
        ),
    )
    assert "0612345678" not in item.notes
    assert "example.org" not in item.agreements[0].what


def test_system_knelpunt_creates_a_knelpunt_for_the_learning_tables(ladder):
    item = services.submit_item(ladder.professional, ladder.uitvoering, dilemma())
    services.mark_system_blockage(ladder.aanjager, item, "Speelt in de hele wijk", domains=["wmo"])
    blockage = item.blockage
    assert isinstance(blockage, Blockage)
    assert blockage.reporter_id == ladder.aanjager.id
    assert blockage.domains == ["wmo"]
    assert "Speelt in de hele wijk" in blockage.description
    assert item.outcome == Outcome.SYSTEM
    with pytest.raises(DomainError, match="al behandeld"):
        services.mark_discussed(ladder.aanjager, item)


def test_system_knelpunt_can_link_an_existing_pattern_instead(ladder, db):
    pattern = Pattern(title="Wachttijd Wmo", state=PatternState.NEW)
    db.session.add(pattern)
    item = services.submit_item(ladder.professional, ladder.uitvoering, dilemma())
    services.record_outcome(
        ladder.aanjager, item, services.OutcomeInput(outcome=Outcome.SYSTEM, pattern_id=pattern.id)
    )
    assert item.pattern is pattern
    assert item.blockage is None
    assert db.session.scalar(
        select(Endorsement).where(
            Endorsement.pattern_id == pattern.id, Endorsement.user_id == ladder.aanjager.id
        )
    )


def test_pattern_flagged_by_a_table_chair_goes_on_the_agenda_once(ladder, db):
    from tests.factories import LearningTableFactory

    chair = UserFactory(roles=["chair"])
    table = LearningTableFactory(chair=chair)
    pattern = Pattern(title="Inkomensval na werk", state=PatternState.IN_PROGRESS, table=table)
    db.session.add(pattern)
    item = services.flag_pattern(chair, ladder.uitvoering, pattern, "Graag ervaringen uit de wijk")
    assert item.kind == ItemKind.PATTERN
    assert item.source == ItemSource.TABLE
    assert item.session is ladder.u_session
    assert services.flag_pattern(chair, ladder.uitvoering, pattern) is item
    with pytest.raises(Forbidden):
        services.flag_pattern(UserFactory(roles=["chair"]), ladder.uitvoering, pattern)


# --- bestuurders agenderen -----------------------------------------------------------------


def test_bestuurder_puts_a_system_knelpunt_on_the_agenda_as_third_order_pattern(ladder):
    item = services.put_system_blockage_on_agenda(
        ladder.executive,
        ladder.bestuur,
        services.SystemBlockageInput(
            title="Kostendelersnorm remt mantelzorg",
            description="Inwonende mantelzorgers verlagen de uitkering; gezinnen splitsen op.",
            domains=["participatiewet"],
        ),
    )
    assert item.kind == ItemKind.SYSTEM
    assert item.source == ItemSource.EXECUTIVE
    assert item.session is ladder.b_session
    pattern = item.pattern
    assert pattern.order == "third"
    assert pattern.state == PatternState.IN_PROGRESS
    assert pattern.table is ladder.steering
    assert pattern.title == "Kostendelersnorm remt mantelzorg"
    assert [b.id for b in pattern.blockages] == [item.blockage_id]


def test_bestuurders_agenderen_only_at_bestuur_level_and_with_the_guard(ladder, db):
    data = services.SystemBlockageInput(
        title="Titel", description="BSN 111222333 ergens in de tekst", domains=["wmo"]
    )
    with pytest.raises(DomainError, match="bestuurlijke leersessie"):
        services.put_system_blockage_on_agenda(ladder.executive, ladder.management, data)
    with pytest.raises(Forbidden):
        services.put_system_blockage_on_agenda(ladder.professional, ladder.bestuur, data)
    with pytest.raises(PersonalDataFound):
        services.put_system_blockage_on_agenda(ladder.executive, ladder.bestuur, data)
    db.session.delete(ladder.steering)
    db.session.flush()
    with pytest.raises(DomainError, match="nog geen bestuurlijke stuurgroep"):
        services.put_system_blockage_on_agenda(ladder.executive, ladder.bestuur, data)


# --- the six-week check --------------------------------------------------------------------


def test_afspraak_is_checked_at_the_first_session_after_its_due_date(ladder, time_machine):
    item = services.submit_item(ladder.professional, ladder.uitvoering, dilemma())
    [agreement] = services.solve_item(
        ladder.aanjager, item, "", "", [services.AgreementInput("Doen", ladder.colleague.id)]
    )
    assert agreement.due_on == date(2025, 4, 14)
    assert agreement.check_item is None  # no session planned after the due date yet
    before = services.plan_session(ladder.aanjager, ladder.uitvoering, date(2025, 4, 8), time(19))
    after = services.plan_session(ladder.aanjager, ladder.uitvoering, date(2025, 5, 13), time(19))
    check = agreement.check_item
    assert check.session is after
    assert check.kind == ItemKind.AGREEMENT_CHECK
    assert check not in queries.agenda(before)

    time_machine.move_to(after.start + timedelta(minutes=30))
    assert agreement.is_overdue
    with pytest.raises(DomainError, match="uitgevoerd"):
        services.mark_discussed(ladder.aanjager, check)
    services.check_agreement(ladder.aanjager, agreement, "uitgevoerd", "Convenant getekend")
    assert agreement.status == AgreementStatus.DONE
    assert check.outcome == Outcome.CHECKED
    assert check.outcome_summary == "Uitgevoerd."
    with pytest.raises(DomainError, match="al gecontroleerd"):
        services.check_agreement(ladder.aanjager, agreement, "niet_uitgevoerd")


def test_extended_afspraak_gets_a_new_check(ladder):
    item = services.submit_item(ladder.professional, ladder.uitvoering, dilemma())
    [agreement] = services.solve_item(
        ladder.aanjager,
        item,
        "",
        "",
        [services.AgreementInput("Doen", ladder.colleague.id, due_on=date(2025, 3, 4))],
    )
    first_check = agreement.check_item
    assert first_check.session is ladder.u_session
    with pytest.raises(DomainError, match="nieuwe datum"):
        services.check_agreement(ladder.aanjager, agreement, "verlengd")
    later = services.plan_session(ladder.aanjager, ladder.uitvoering, date(2025, 4, 8), time(19))
    services.check_agreement(ladder.aanjager, agreement, "verlengd", "", date(2025, 4, 1))
    assert agreement.is_open
    assert agreement.times_extended == 1
    assert first_check.outcome == Outcome.CHECKED
    assert agreement.check_item.session is later


def test_a_check_that_never_reached_an_agenda_is_dropped_when_recorded(ladder, db):
    item = services.submit_item(ladder.professional, ladder.uitvoering, dilemma())
    [agreement] = services.solve_item(
        ladder.aanjager,
        item,
        "",
        "",
        [services.AgreementInput("Doen", ladder.colleague.id, due_on=date(2025, 3, 4))],
    )
    check = agreement.check_item
    services.postpone_item(ladder.aanjager, check)  # no later session: it waits
    assert check.session is None
    services.check_agreement(ladder.aanjager, agreement, "niet_uitgevoerd", "Geen capaciteit")
    assert agreement.status == AgreementStatus.NOT_DONE
    assert agreement.check_item is None
    assert queries.waiting_items(ladder.uitvoering) == []


def test_reminders_a_week_before_and_on_the_due_date_once_each(ladder, time_machine):
    item = services.submit_item(ladder.professional, ladder.uitvoering, dilemma())
    services.solve_item(
        ladder.aanjager, item, "", "", [services.AgreementInput("Doen", ladder.colleague.id)]
    )
    assert services.send_agreement_reminders() == 0
    time_machine.move_to(date(2025, 4, 8))
    assert services.send_agreement_reminders() == 1
    assert services.send_agreement_reminders() == 0
    time_machine.move_to(date(2025, 4, 15))
    assert services.send_agreement_reminders() == 1
    subjects = [m.subject for m in mails_to(ladder.colleague)]
    assert sum("Herinnering" in s for s in subjects) == 2


def test_a_member_who_leaves_hands_over_their_afspraken(ladder, db):
    item = services.submit_item(ladder.professional, ladder.uitvoering, dilemma())
    [agreement] = services.solve_item(
        ladder.aanjager, item, "", "", [services.AgreementInput("Doen", ladder.colleague.id)]
    )
    moved = services.remove_member(ladder.aanjager, ladder.uitvoering, ladder.colleague)
    assert moved == 1
    assert agreement.owner is ladder.aanjager  # the facilitator, until someone else takes it
    assert ladder.colleague not in ladder.u_session.attendees
    assert agreement in queries.open_agreements(ladder.uitvoering)  # still visible


def test_afspraken_of_a_deactivated_account_get_the_facilitator_as_owner(ladder):
    item = services.submit_item(ladder.professional, ladder.uitvoering, dilemma())
    [agreement] = services.solve_item(
        ladder.aanjager, item, "", "", [services.AgreementInput("Doen", ladder.colleague.id)]
    )
    ladder.colleague.active = False
    board = queries.dashboard(ladder.uitvoering)
    assert board.without_owner == [agreement]
    services.send_agreement_reminders()
    assert agreement.owner is ladder.aanjager
    services.reassign_agreement(ladder.aanjager, agreement, ladder.professional)
    assert agreement.owner is ladder.professional


# --- closing and minutes -------------------------------------------------------------------


def test_closing_moves_open_items_on_and_mails_the_minutes(ladder, time_machine, mailbox):
    handled = services.submit_item(ladder.professional, ladder.uitvoering, dilemma("Besproken"))
    open_item = services.submit_item(ladder.colleague, ladder.uitvoering, dilemma("Open"))
    services.add_guest(ladder.aanjager, ladder.u_session, "inwoner", "", "bewoner@example.net")
    services.mark_discussed(ladder.aanjager, handled, "Goed gesprek", "Tip: bel de consulent")
    nxt = services.plan_session(ladder.aanjager, ladder.uitvoering, date(2025, 4, 8), time(19))
    with pytest.raises(DomainError, match="nog niet begonnen"):
        services.close_session(ladder.aanjager, ladder.u_session)
    time_machine.move_to(ladder.u_session.end)
    moved = services.close_session(
        ladder.aanjager, ladder.u_session, "Veel inbreng", "Eerder beginnen"
    )
    assert moved == 1
    assert open_item.session is nxt
    commit()  # the minutes task runs after the commit (eagerly in tests)
    recipients = sorted(m.to[0] for m in mailbox)
    assert recipients == sorted(
        [
            ladder.professional.email,
            ladder.colleague.email,
            ladder.aanjager.email,
            "bewoner@example.net",
        ]
    )
    body = next(m for m in mailbox if m.to == [ladder.professional.email]).body
    assert "Tip: bel de consulent" in body
    assert "Eerder beginnen" in body
    assert ladder.u_session.status == SessionStatus.CLOSED
    assert services.send_minutes(ladder.u_session.id) == 0  # once
    with pytest.raises(DomainError, match="al afgesloten"):
        services.close_session(ladder.aanjager, ladder.u_session)


# --- guests and calendars ------------------------------------------------------------------


def test_guests_need_a_valid_address_only_to_be_invited(ladder):
    anonymous = services.add_guest(ladder.aanjager, ladder.u_session, "inwoner")
    assert anonymous.display_name == "Wijkbewoner"
    with pytest.raises(DomainError, match="niet geldig"):
        services.add_guest(ladder.aanjager, ladder.u_session, "inwoner", "Kees", "kees@@example")
    with pytest.raises(DomainError, match="e-mailadres in"):
        services.add_guest(ladder.aanjager, ladder.u_session, "anders", invite=True)
    guest = services.add_guest(
        ladder.aanjager, ladder.u_session, "inwoner", "Kees", "Kees@Example.net", invite=True
    )
    assert guest.email == "Kees@example.net"
    assert guest.invited_at is not None
    mail = db.session.scalar(select(OutgoingMail).where(OutgoingMail.recipient == guest.email))
    assert f"gast={guest.token}" in mail.body_text


def test_invitation_and_feed_parse_as_icalendar(ladder):
    from icalendar import Calendar

    from learning.sessions import ical

    calendar = Calendar.from_ical(ical.invitation(ladder.u_session))
    [event] = calendar.events
    assert event.start == ladder.u_session.start
    assert event.end == ladder.u_session.end
    assert event.uid == f"leersessie-{ladder.u_session.id}@leernetwerk.test"
    assert str(event["location"]) == "Wijkcentrum Ruwaard"
    assert "Leersessie Ruwaard" in str(event["summary"])

    feed = Calendar.from_ical(
        ical.feed(ladder.professional, queries.sessions_for(ladder.professional))
    )
    assert [e.uid for e in feed.events] == [event.uid]
    executive_feed = queries.sessions_for(ladder.executive)
    assert executive_feed == [ladder.b_session]


def test_calendar_token_can_be_replaced(ladder):
    old = ladder.professional.calendar_token
    assert services.user_for_calendar_token(old) is ladder.professional
    services.reset_calendar_token(ladder.professional)
    with pytest.raises(DomainError):
        services.user_for_calendar_token(old)


# --- dashboard -----------------------------------------------------------------------------


def test_dashboard_counts_levels_escalations_and_answer_time(ladder, time_machine):
    item = services.submit_item(ladder.professional, ladder.uitvoering, dilemma())
    services.submit_item(ladder.colleague, ladder.uitvoering, dilemma("Nog open"))
    upper = services.escalate_item(ladder.aanjager, item, "Niet op te lossen")
    waiting = queries.dashboard(ladder.uitvoering)
    assert waiting.waiting == 1
    assert waiting.answer_days_median is None
    time_machine.move_to(ladder.m_session.start)
    services.solve_item(
        ladder.manager, upper, "", "", [services.AgreementInput("Regelen", ladder.manager.id)]
    )
    board = queries.dashboard(ladder.uitvoering)
    assert board.waiting == 0
    assert board.answer_days_median == pytest.approx(8.0, abs=0.1)
    rows = {row.series.name: row for row in board.ladder}
    assert list(rows) == ["Leersessie Ruwaard", "Managers Oss", "Bestuurders Oss"]
    assert rows["Leersessie Ruwaard"].items == 2
    assert rows["Leersessie Ruwaard"].open == 1
    assert rows["Leersessie Ruwaard"].escalated_up == 1
    assert rows["Managers Oss"].from_below == 1
    assert queries.dashboard(ladder.management).open_agreements[0].what == "Regelen"


def test_every_change_is_audited(ladder, db):
    item = services.submit_item(ladder.professional, ladder.uitvoering, dilemma())
    services.escalate_item(ladder.aanjager, item, "Notities")
    actions = set(
        db.session.scalars(
            select(AuditEntry.action).where(
                AuditEntry.object_type == "AgendaItem", AuditEntry.object_id == item.id
            )
        )
    )
    assert {"agenda_item.submitted", "agenda_item.decided", "agenda_item.escalated"} <= actions
