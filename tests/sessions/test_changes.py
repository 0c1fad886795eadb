"""A session's life: edit, reschedule, cancel, close on the real day, correct the minutes; and
the attendees' calendars following every change."""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest
from icalendar import Calendar

from learning.errors import DomainError
from learning.extensions import db
from learning.sessions import calendar, changes, closing, planning, queries
from learning.sessions.models import SessionStatus
from learning.timeutil import local_date
from tests.sessions.builders import mails_to


def _calendar_of(mail) -> Calendar:
    assert mail.calendar, "the mail carries no .ics"
    return Calendar.from_ical(mail.calendar)


def _event(mail):
    return next(iter(_calendar_of(mail).walk("VEVENT")))


def _change(meeting, **kwargs) -> changes.MeetingChange:
    data = changes.current_change(meeting)
    for key, value in kwargs.items():
        setattr(data, key, value)
    return data


def test_editing_sends_every_attendee_the_updated_invitation(ladder):
    meeting = ladder.u_meeting
    uid = calendar.meeting_event(meeting)["UID"]
    changed = changes.edit_meeting(
        ladder.aanjager,
        meeting,
        _change(
            meeting,
            title="Leersessie over schulden",
            location="Wijkcentrum De Schalm",
            online_url="https://meet.example.org/ruwaard",
        ),
    )
    assert changed
    for person in (ladder.professional, ladder.colleague, ladder.aanjager):
        [mail] = mails_to(person)
        event = _event(mail)
        assert str(event["UID"]) == str(uid)
        assert int(event["SEQUENCE"]) == meeting.sequence == 1
        assert str(event["LOCATION"]) == "Wijkcentrum De Schalm"
        assert "Leersessie over schulden" in str(event["SUMMARY"])
        assert _calendar_of(mail)["METHOD"] == "REQUEST"
        assert "https://meet.example.org/ruwaard" in mail.body_text


def test_an_edit_that_changes_nothing_sends_nothing(ladder):
    assert not changes.edit_meeting(ladder.aanjager, ladder.u_meeting, _change(ladder.u_meeting))
    assert ladder.u_meeting.sequence == 0
    assert mails_to(ladder.professional) == []


def test_rescheduling_moves_the_session_and_raises_the_sequence(ladder):
    meeting = ladder.u_meeting
    changes.reschedule_meeting(ladder.aanjager, meeting, date(2025, 3, 6), time(19, 30))
    assert local_date(meeting.starts_at) == date(2025, 3, 6)
    assert meeting.end - meeting.start == timedelta(hours=2)  # the length stays
    [mail] = mails_to(ladder.professional)
    assert "verplaatst" in mail.subject
    assert int(_event(mail)["SEQUENCE"]) == 1


@pytest.mark.parametrize(
    ("day", "start", "message"),
    [
        (date(2025, 3, 1), time(19), "in het verleden"),
        (date(2025, 4, 8), time(18), "overlapt met een andere leersessie"),
    ],
)
def test_bad_reschedules_are_refused_and_nothing_is_sent(ladder, day, start, message):
    planning.plan_meeting(ladder.aanjager, ladder.uitvoering, date(2025, 4, 8), time(19))
    before = ladder.u_meeting.starts_at
    with pytest.raises(DomainError, match=message):
        changes.reschedule_meeting(ladder.aanjager, ladder.u_meeting, day, start)
    assert ladder.u_meeting.starts_at == before
    assert ladder.u_meeting.sequence == 0
    assert mails_to(ladder.professional) == []


def test_a_bad_online_link_is_refused(ladder):
    with pytest.raises(DomainError, match="https://"):
        changes.edit_meeting(
            ladder.aanjager, ladder.u_meeting, _change(ladder.u_meeting, online_url="javascript:x")
        )


def test_cancelling_needs_a_reason_and_sends_a_cancellation_once(ladder):
    with pytest.raises(DomainError, match="waarom"):
        changes.cancel_meeting(ladder.aanjager, ladder.u_meeting, "  ")
    changes.cancel_meeting(ladder.aanjager, ladder.u_meeting, "De zaal is niet beschikbaar")
    assert ladder.u_meeting.status == SessionStatus.CANCELLED
    [mail] = mails_to(ladder.colleague)
    assert _calendar_of(mail)["METHOD"] == "CANCEL"
    assert str(_event(mail)["STATUS"]) == "CANCELLED"
    assert "De zaal is niet beschikbaar" in mail.body_text
    with pytest.raises(DomainError, match="geannuleerd"):
        changes.cancel_meeting(ladder.aanjager, ladder.u_meeting, "Nog eens")
    with pytest.raises(DomainError, match="geannuleerd"):
        changes.edit_meeting(
            ladder.aanjager, ladder.u_meeting, _change(ladder.u_meeting, title="Toch")
        )
    with pytest.raises(DomainError, match="geannuleerd"):
        closing.close_meeting(ladder.aanjager, ladder.u_meeting)
    assert len(mails_to(ladder.colleague)) == 1


def test_the_personal_feed_follows_the_changes(ladder):
    changes.reschedule_meeting(ladder.aanjager, ladder.u_meeting, date(2025, 3, 6), time(19))
    changes.cancel_meeting(ladder.aanjager, ladder.u_meeting, "Te weinig aanmeldingen")
    feed = Calendar.from_ical(
        calendar.feed(ladder.professional, queries.meetings_for(ladder.professional))
    )
    [event] = [
        e
        for e in feed.walk("VEVENT")
        if str(e["UID"]).startswith(f"leersessie-{ladder.u_meeting.id}@")
    ]
    assert int(event["SEQUENCE"]) == 2
    assert str(event["STATUS"]) == "CANCELLED"


def test_a_session_planned_on_the_wrong_date_is_closed_on_the_day_it_took_place(
    ladder, time_machine
):
    later = planning.plan_meeting(ladder.aanjager, ladder.uitvoering, date(2025, 3, 25), time(19))
    time_machine.move_to(ladder.u_meeting.end + timedelta(hours=1))  # 4 March, evening
    with pytest.raises(DomainError, match="begint pas op 25 maart 2025"):
        closing.close_meeting(ladder.aanjager, later)
    with pytest.raises(DomainError, match="niet in de toekomst"):
        closing.close_meeting(ladder.aanjager, later, held_on=date(2025, 3, 26))
    with pytest.raises(DomainError, match="staat al een leersessie"):
        closing.close_meeting(ladder.aanjager, later, held_on=date(2025, 3, 4))
    closing.close_meeting(ladder.aanjager, later, "Het ging goed", held_on=date(2025, 3, 3))
    assert later.is_closed
    assert local_date(later.starts_at) == date(2025, 3, 3)
    with pytest.raises(DomainError, match="al afgesloten"):
        closing.close_meeting(ladder.aanjager, later)


def test_minutes_can_be_corrected_for_a_week_and_are_not_sent_again(ladder, time_machine, mailbox):
    time_machine.move_to(ladder.u_meeting.end + timedelta(minutes=10))
    closing.close_meeting(ladder.aanjager, ladder.u_meeting, "Goed", "Korter")
    closing.send_minutes(ladder.u_meeting.id)
    sent = len(mails_to(ladder.professional))
    changes.correct_minutes(ladder.aanjager, ladder.u_meeting, "Goed gesprek", "Eerder beginnen")
    assert ladder.u_meeting.went_well == "Goed gesprek"
    closing.send_minutes(ladder.u_meeting.id)
    assert len(mails_to(ladder.professional)) == sent
    time_machine.move_to(ladder.u_meeting.end + timedelta(days=8))
    with pytest.raises(DomainError, match="week"):
        changes.correct_minutes(ladder.aanjager, ladder.u_meeting, "Te laat", "")
    db.session.refresh(ladder.u_meeting)
    assert ladder.u_meeting.went_well == "Goed gesprek"


def test_members_cannot_change_a_session(ladder):
    from learning.errors import Forbidden

    with pytest.raises(Forbidden):
        changes.cancel_meeting(ladder.professional, ladder.u_meeting, "Ik kan niet")
    with pytest.raises(Forbidden):
        changes.reschedule_meeting(ladder.professional, ladder.u_meeting, date(2025, 3, 6), time(9))
