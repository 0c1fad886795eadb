"""Planning leersessies: recurrence, single meetings, and guests."""

from __future__ import annotations

from datetime import date, time

import pytest
from sqlalchemy import select

from learning.errors import DomainError, Forbidden
from learning.extensions import db
from learning.mail.models import OutgoingMail
from learning.sessions import attendance, planning


def test_recurrence_every_second_tuesday_and_last_friday(ladder):
    series = ladder.uitvoering  # second Tuesday, 19:00
    assert planning.occurrences(series, date(2025, 3, 3), 3) == [
        date(2025, 3, 11),
        date(2025, 4, 8),
        date(2025, 5, 13),
    ]
    series.weekday, series.week_of_month = 4, -1
    assert planning.occurrences(series, date(2025, 3, 29), 2) == [
        date(2025, 4, 25),
        date(2025, 5, 30),
    ]


def test_plan_recurring_uses_local_time_and_skips_dates_already_planned(ladder):
    planned = planning.plan_recurring(ladder.aanjager, ladder.uitvoering, count=2)
    assert [s.start.isoformat() for s in planned] == [
        "2025-03-11T18:00:00+00:00",  # 19:00 in Oss, winter time
        "2025-04-08T17:00:00+00:00",  # 19:00 in Oss, summer time
    ]
    assert planning.plan_recurring(ladder.aanjager, ladder.uitvoering, count=2) == []
    assert {u.id for u in planned[0].attendees} == {
        ladder.professional.id,
        ladder.colleague.id,
        ladder.aanjager.id,
    }


def test_a_session_in_the_past_or_overlapping_is_refused(ladder):
    with pytest.raises(DomainError, match="in het verleden"):
        planning.plan_meeting(ladder.aanjager, ladder.uitvoering, date(2025, 3, 1), time(19, 0))
    with pytest.raises(DomainError, match="overlapt met een andere leersessie"):
        planning.plan_meeting(ladder.aanjager, ladder.uitvoering, date(2025, 3, 4), time(20, 0))
    with pytest.raises(DomainError, match="eindtijd"):
        planning.plan_meeting(
            ladder.aanjager, ladder.uitvoering, date(2025, 3, 5), time(19, 0), time(18, 0)
        )
    other = planning.plan_meeting(ladder.aanjager, ladder.uitvoering, date(2025, 3, 4), time(21, 0))
    assert other.location == "Wijkcentrum Ruwaard"  # a session of another hour is fine


def test_only_the_facilitator_plans(ladder):
    with pytest.raises(Forbidden, match="aanjager"):
        planning.plan_meeting(ladder.professional, ladder.uitvoering, date(2025, 3, 5), time(9, 0))


def test_guests_need_a_valid_address_only_to_be_invited(ladder):
    anonymous = attendance.add_guest(ladder.aanjager, ladder.u_meeting, "inwoner")
    assert anonymous.display_name == "Wijkbewoner"
    with pytest.raises(DomainError, match="niet geldig"):
        attendance.add_guest(ladder.aanjager, ladder.u_meeting, "inwoner", "Kees", "kees@@example")
    with pytest.raises(DomainError, match="e-mailadres in"):
        attendance.add_guest(ladder.aanjager, ladder.u_meeting, "anders", invite=True)
    guest = attendance.add_guest(
        ladder.aanjager, ladder.u_meeting, "inwoner", "Kees", "Kees@Example.net", invite=True
    )
    assert guest.email == "Kees@example.net"
    assert guest.invited_at is not None
    mail = db.session.scalar(select(OutgoingMail).where(OutgoingMail.recipient == guest.email))
    assert f"gast={guest.token}" in mail.body_text
