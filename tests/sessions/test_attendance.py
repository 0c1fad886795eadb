"""Attendance: someone invited for one session, resident guests by first name or role, and
who was there."""

from __future__ import annotations

from datetime import timedelta

import pytest
from icalendar import Calendar

from learning.errors import DomainError, Forbidden
from learning.sessions import attendance
from learning.sessions.models import Presence
from learning.sessions.permissions import can_view, can_view_meeting
from tests.factories import OrganisationFactory, UserFactory
from tests.sessions.builders import mails_to


def test_a_professional_of_another_organisation_is_invited_for_one_session(ladder):
    joost = UserFactory(name="Joost (UWV)", organisations=[OrganisationFactory(name="UWV")])
    assert not can_view_meeting(joost, ladder.u_meeting)
    attendance.invite_attendee(ladder.aanjager, ladder.u_meeting, joost)
    assert joost in ladder.u_meeting.attendees
    assert can_view_meeting(joost, ladder.u_meeting)
    assert not can_view(joost, ladder.uitvoering)  # this session, not the whole series
    [mail] = mails_to(joost)
    event = next(iter(Calendar.from_ical(mail.calendar).walk("VEVENT")))
    assert str(event["UID"]).startswith(f"leersessie-{ladder.u_meeting.id}@")
    assert mails_to(ladder.professional) == []  # the others were already invited


def test_inviting_a_member_or_someone_twice_is_refused_and_sends_nothing(ladder):
    with pytest.raises(DomainError, match="doet al mee aan deze reeks"):
        attendance.invite_attendee(ladder.aanjager, ladder.u_meeting, ladder.professional)
    guest = UserFactory(name="Gast Professional")
    attendance.invite_attendee(ladder.aanjager, ladder.u_meeting, guest)
    with pytest.raises(DomainError, match="al uitgenodigd"):
        attendance.invite_attendee(ladder.aanjager, ladder.u_meeting, guest)
    assert len(mails_to(guest)) == 1
    assert mails_to(ladder.professional) == []
    with pytest.raises(Forbidden):
        attendance.invite_attendee(ladder.professional, ladder.u_meeting, UserFactory())


@pytest.mark.parametrize("name", ["Fatima", "ervaringsdeskundige", "bewoner Ruwaard", ""])
def test_a_resident_guest_is_named_by_first_name_or_role(ladder, name):
    guest = attendance.add_guest(ladder.aanjager, ladder.u_meeting, "inwoner", name)
    assert guest.display_name == (name or "Wijkbewoner")


@pytest.mark.parametrize(
    "name", ["Fatima de Vries", "mevrouw Jansen", "Fatima 0612345678", "Kees, Dorpsstraat 4"]
)
def test_a_residents_family_name_or_details_are_refused(ladder, name):
    with pytest.raises(DomainError, match="alleen bij voornaam of rol"):
        attendance.add_guest(ladder.aanjager, ladder.u_meeting, "inwoner", name)
    assert ladder.u_meeting.guests == []


def test_presence_is_recorded_once_the_session_started(ladder, time_machine):
    resident = attendance.add_guest(ladder.aanjager, ladder.u_meeting, "inwoner", "Fatima")
    with pytest.raises(DomainError, match="bij of na de leersessie"):
        attendance.record_presence(
            ladder.aanjager, ladder.u_meeting, {ladder.professional.id: "aanwezig"}
        )
    time_machine.move_to(ladder.u_meeting.start + timedelta(minutes=30))
    counted = attendance.record_presence(
        ladder.aanjager,
        ladder.u_meeting,
        {ladder.professional.id: "aanwezig", ladder.colleague.id: "afgemeld", 999999: "aanwezig"},
        {resident.id: "aanwezig"},
    )
    assert counted == 3
    assert attendance.present_users(ladder.u_meeting) == [ladder.professional]
    assert attendance.presence_of(ladder.u_meeting)[ladder.colleague.id] == Presence.EXCUSED
    assert resident.presence == Presence.PRESENT


def test_the_six_week_check_knows_who_was_there_when_the_afspraak_was_made(ladder, time_machine):
    from learning.sessions import agenda, outcomes
    from tests.sessions.builders import dilemma, solved

    item = agenda.submit_item(ladder.professional, ladder.uitvoering, dilemma())
    time_machine.move_to(ladder.u_meeting.start + timedelta(minutes=10))
    attendance.record_presence(
        ladder.aanjager,
        ladder.u_meeting,
        {ladder.professional.id: "aanwezig", ladder.colleague.id: "afgemeld"},
    )
    outcomes.record_outcome(ladder.aanjager, item, solved(ladder.colleague))
    [agreement] = item.agreements
    assert attendance.made_by(agreement) == [ladder.professional]
