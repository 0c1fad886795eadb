"""iCalendar: invitations, the personal feed and its secret address."""

from __future__ import annotations

import pytest
from icalendar import Calendar

from learning.errors import DomainError
from learning.sessions import calendar, queries


def test_invitation_and_feed_parse_as_icalendar(ladder):
    invitation = Calendar.from_ical(calendar.invitation(ladder.u_meeting))
    [event] = invitation.events
    assert event.start == ladder.u_meeting.start
    assert event.end == ladder.u_meeting.end
    assert event.uid == f"leersessie-{ladder.u_meeting.id}@leernetwerk.test"
    assert str(event["location"]) == "Wijkcentrum Ruwaard"
    assert "Leersessie Ruwaard" in str(event["summary"])

    feed = Calendar.from_ical(
        calendar.feed(ladder.professional, queries.meetings_for(ladder.professional))
    )
    assert [e.uid for e in feed.events] == [event.uid]
    executive_feed = queries.meetings_for(ladder.executive)
    assert executive_feed == [ladder.b_meeting]


def test_calendar_token_can_be_replaced(ladder):
    old = ladder.professional.calendar_token
    assert calendar.user_for_calendar_token(old) is ladder.professional
    calendar.reset_calendar_token(ladder.professional)
    with pytest.raises(DomainError):
        calendar.user_for_calendar_token(old)
