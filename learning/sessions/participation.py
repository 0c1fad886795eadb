"""Who takes part in leersessies: roles per series, attendance and guests per session, and
the wijken an aanjager works for."""

from __future__ import annotations

import secrets
from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, Column, DateTime, ForeignKey, String, Table, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from learning.accounts.models import User
from learning.extensions import db
from learning.timeutil import utcnow

if TYPE_CHECKING:
    from learning.sessions.models import LearningSession


class GuestKind(StrEnum):
    RESIDENT = "inwoner"
    OTHER = "anders"


GUEST_KIND_LABELS = {GuestKind.RESIDENT: "Wijkbewoner", GuestKind.OTHER: "Andere gast"}


def new_token() -> str:
    return secrets.token_urlsafe(24)


class SeriesRole(StrEnum):
    """What someone does in a series: facilitators and the secretary run it, members take part."""

    FACILITATOR = "facilitator"
    SECRETARY = "secretary"
    MEMBER = "member"

    @property
    def label(self) -> str:
        return SERIES_ROLE_LABELS[self]


SERIES_ROLE_LABELS = {
    SeriesRole.FACILITATOR: "Facilitator",
    SeriesRole.SECRETARY: "Secretaris",
    SeriesRole.MEMBER: "Deelnemer",
}


class Presence(StrEnum):
    PRESENT = "aanwezig"
    EXCUSED = "afgemeld"


PRESENCE_LABELS = {Presence.PRESENT: "Aanwezig", Presence.EXCUSED: "Afgemeld"}


class SeriesMembership(db.Model):
    """One person in a series with their role; the series' `members` reads these rows."""

    __tablename__ = "session_series_members"
    __table_args__ = (
        CheckConstraint("role in ('facilitator', 'secretary', 'member')", name="role_known"),
    )

    series_id: Mapped[int] = mapped_column(
        ForeignKey("session_series.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    role: Mapped[str] = mapped_column(
        String(16), default=SeriesRole.MEMBER, server_default=SeriesRole.MEMBER.value
    )

    user: Mapped[User] = relationship(lazy="joined")

    @property
    def role_label(self) -> str:
        return SERIES_ROLE_LABELS[SeriesRole(self.role)]


series_members = SeriesMembership.__table__


class Attendance(db.Model):
    """An account expected at one session: a series member, or someone invited for this one
    session only (`invited`); `presence` is recorded at or after the session."""

    __tablename__ = "learning_session_attendees"
    __table_args__ = (
        CheckConstraint(
            "presence is null or presence in ('aanwezig', 'afgemeld')", name="presence"
        ),
    )

    session_id: Mapped[int] = mapped_column(
        ForeignKey("learning_sessions.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    invited: Mapped[bool] = mapped_column(default=False, server_default=false())
    presence: Mapped[str | None] = mapped_column(String(16))


session_attendees = Attendance.__table__

# The wijken an aanjager works for: they set up the professionals' series there.
champion_areas = Table(
    "session_champion_areas",
    db.metadata,
    Column("user_id", ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    Column("area_id", ForeignKey("areas.id", ondelete="CASCADE"), primary_key=True),
)


class Guest(db.Model):
    """Someone without an account at a session, usually a resident; name and e-mail optional."""

    __tablename__ = "session_guests"

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(
        ForeignKey("learning_sessions.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(16), default=GuestKind.RESIDENT)
    name: Mapped[str | None] = mapped_column(String(120))
    email: Mapped[str | None] = mapped_column(String(254))
    # Lets the guest download the invitation without an account.
    token: Mapped[str] = mapped_column(String(64), unique=True, default=new_token)
    invited_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    presence: Mapped[str | None] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    meeting: Mapped[LearningSession] = relationship(back_populates="guests")

    @property
    def presence_label(self) -> str:
        return PRESENCE_LABELS[Presence(self.presence)] if self.presence else ""

    @property
    def kind_label(self) -> str:
        return GUEST_KIND_LABELS[GuestKind(self.kind)]

    @property
    def display_name(self) -> str:
        return self.name or self.kind_label
