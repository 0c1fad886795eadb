"""Leersessies: series per level, sessions, agenda items, afspraken and guests."""

from __future__ import annotations

from datetime import date, datetime, time
from enum import StrEnum

from sqlalchemy import (
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    String,
    Text,
    Time,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from learning.accounts.models import User
from learning.blockages.models import Area, Blockage
from learning.extensions import db
from learning.patterns.models import Pattern
from learning.sessions.participation import GUEST_KIND_LABELS as GUEST_KIND_LABELS
from learning.sessions.participation import PRESENCE_LABELS as PRESENCE_LABELS
from learning.sessions.participation import SERIES_ROLE_LABELS as SERIES_ROLE_LABELS
from learning.sessions.participation import Attendance as Attendance
from learning.sessions.participation import Guest as Guest
from learning.sessions.participation import GuestKind as GuestKind
from learning.sessions.participation import Presence as Presence
from learning.sessions.participation import SeriesMembership as SeriesMembership
from learning.sessions.participation import SeriesRole as SeriesRole
from learning.sessions.participation import champion_areas as champion_areas
from learning.sessions.participation import new_token as new_token
from learning.sessions.participation import series_members as series_members
from learning.sessions.participation import session_attendees as session_attendees
from learning.timeutil import as_utc, today, utcnow

AGREEMENT_WEEKS = 6
TITLE_MAX = 200  # an agenda item's title
TEXT_MAX = 5000  # descriptions, notes, summaries and afspraken


class SessionLevel(StrEnum):
    """The steps of the ladder, lowest first; a dilemma goes up one step at a time."""

    UITVOERING = "uitvoering"
    MANAGEMENT = "management"
    BESTUUR = "bestuur"

    @property
    def higher(self) -> SessionLevel | None:
        levels = list(SessionLevel)
        index = levels.index(self)
        return levels[index + 1] if index + 1 < len(levels) else None


LEVEL_LABELS = {
    SessionLevel.UITVOERING: "Uitvoering (professionals)",
    SessionLevel.MANAGEMENT: "Management",
    SessionLevel.BESTUUR: "Bestuur",
}


class SessionStatus(StrEnum):
    PLANNED = "gepland"
    CLOSED = "afgesloten"
    CANCELLED = "geannuleerd"


SESSION_STATUS_LABELS = {
    SessionStatus.PLANNED: "Gepland",
    SessionStatus.CLOSED: "Afgesloten",
    SessionStatus.CANCELLED: "Geannuleerd",
}


class ItemKind(StrEnum):
    CASUS = "casus"
    DILEMMA = "dilemma"
    PATTERN = "patroon"
    QUESTION = "vraag"
    AGREEMENT_CHECK = "afspraakcontrole"  # an afspraak due for its six-week check
    SYSTEM = "systeemknelpunt"  # put on the agenda by a bestuurder
    FEEDBACK = "terugkoppeling"  # what a higher level did with an escalated item


KIND_LABELS = {
    ItemKind.CASUS: "Casus",
    ItemKind.DILEMMA: "Dilemma",
    ItemKind.PATTERN: "Patroon",
    ItemKind.QUESTION: "Vraag",
    ItemKind.AGREEMENT_CHECK: "Zesweken-controle afspraak",
    ItemKind.SYSTEM: "Systeemknelpunt",
    ItemKind.FEEDBACK: "Terugkoppeling van hoger niveau",
}

# What participants can submit themselves; the other kinds are made by the platform.
SUBMITTABLE_KINDS = (ItemKind.CASUS, ItemKind.DILEMMA, ItemKind.PATTERN, ItemKind.QUESTION)


class ItemSource(StrEnum):
    SUBMITTED = "ingediend"
    ESCALATED = "doorgezet"
    TABLE = "werktafel"
    EXECUTIVE = "bestuurder"
    PLATFORM = "platform"
    ASKED = "gevraagd"  # put on a lower level's agenda by the level above, with a question


SOURCE_LABELS = {
    ItemSource.SUBMITTED: "Ingediend door deelnemer",
    ItemSource.ESCALATED: "Doorgezet van het niveau eronder",
    ItemSource.TABLE: "Geagendeerd door een leertafel",
    ItemSource.EXECUTIVE: "Geagendeerd door een bestuurder",
    ItemSource.PLATFORM: "Automatisch geagendeerd",
    ItemSource.ASKED: "Gevraagd door het niveau erboven",
}


class ItemStatus(StrEnum):
    PROPOSED = "ingediend"  # waits for the facilitator to accept it
    ACCEPTED = "geagendeerd"
    HANDLED = "behandeld"


ITEM_STATUS_LABELS = {
    ItemStatus.PROPOSED: "Ingediend",
    ItemStatus.ACCEPTED: "Geagendeerd",
    ItemStatus.HANDLED: "Behandeld",
}


class Outcome(StrEnum):
    SOLVED = "opgelost"
    ESCALATED = "doorgezet"
    SYSTEM = "systeemknelpunt"
    DISCUSSED = "besproken"
    CHECKED = "gecontroleerd"


OUTCOME_LABELS = {
    Outcome.SOLVED: "Opgelost: er is een afspraak gemaakt",
    Outcome.ESCALATED: "Niet op te lossen op dit niveau: doorgezet naar het niveau erboven",
    Outcome.SYSTEM: "Systeemknelpunt: naar de leertafels",
    Outcome.DISCUSSED: "Besproken",
    Outcome.CHECKED: "Afspraak gecontroleerd",
}

# Outcomes that answer an escalated item, so the levels below hear back.
ANSWERS = {Outcome.SOLVED, Outcome.SYSTEM, Outcome.DISCUSSED}


class AgreementStatus(StrEnum):
    OPEN = "open"
    DONE = "uitgevoerd"
    NOT_DONE = "niet_uitgevoerd"


AGREEMENT_STATUS_LABELS = {
    AgreementStatus.OPEN: "Open",
    AgreementStatus.DONE: "Uitgevoerd",
    AgreementStatus.NOT_DONE: "Niet uitgevoerd",
}


class CheckResult(StrEnum):
    """What the six-week check of an afspraak found; extending keeps it open."""

    DONE = AgreementStatus.DONE.value
    NOT_DONE = AgreementStatus.NOT_DONE.value
    EXTENDED = "verlengd"


CHECK_RESULT_LABELS = {
    CheckResult.DONE: "Uitgevoerd",
    CheckResult.NOT_DONE: "Niet uitgevoerd",
    CheckResult.EXTENDED: "Verlengd",
}


class SessionSeries(db.Model):
    """The recurring leersessie of one level (and optionally one wijk)."""

    __tablename__ = "session_series"
    __table_args__ = (
        CheckConstraint("level in ('uitvoering', 'management', 'bestuur')", name="level_known"),
        CheckConstraint("weekday is null or (weekday >= 0 and weekday <= 6)", name="weekday"),
        CheckConstraint(
            "week_of_month is null or week_of_month in (-1, 1, 2, 3, 4)", name="week_of_month"
        ),
        CheckConstraint("duration_minutes > 0", name="duration_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    level: Mapped[str] = mapped_column(String(16), index=True)
    area_id: Mapped[int | None] = mapped_column(ForeignKey("areas.id"))
    location: Mapped[str] = mapped_column(String(200), default="")
    # Recurrence: the n-th (or -1 = last) weekday of every month, at start_time local time.
    weekday: Mapped[int | None] = mapped_column()
    week_of_month: Mapped[int | None] = mapped_column()
    start_time: Mapped[time | None] = mapped_column(Time)
    duration_minutes: Mapped[int] = mapped_column(default=120)
    # Where dilemmas go that this level cannot solve; None = found by level and wijk.
    escalates_to_id: Mapped[int | None] = mapped_column(ForeignKey("session_series.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    area: Mapped[Area | None] = relationship(lazy="joined")
    escalates_to: Mapped[SessionSeries | None] = relationship(remote_side=[id])
    memberships: Mapped[list[SeriesMembership]] = relationship(
        cascade="all, delete-orphan", lazy="selectin"
    )
    # Everyone taking part, whatever their role; changed through `memberships`.
    members: Mapped[list[User]] = relationship(
        secondary="session_series_members", lazy="selectin", order_by=User.name, viewonly=True
    )

    def users_with(self, role: SeriesRole) -> list[User]:
        return sorted((m.user for m in self.memberships if m.role == role), key=lambda u: u.name)

    @property
    def facilitators(self) -> list[User]:
        return self.users_with(SeriesRole.FACILITATOR)

    @property
    def secretary(self) -> User | None:
        found = self.users_with(SeriesRole.SECRETARY)
        return found[0] if found else None

    @property
    def runners(self) -> list[User]:
        """Facilitators and secretary: who plans, edits and closes the sessions."""
        return [*self.facilitators, *([self.secretary] if self.secretary else [])]

    def role_of(self, user: User) -> SeriesRole | None:
        found = next((m.role for m in self.memberships if m.user_id == user.id), None)
        return SeriesRole(found) if found else None

    @property
    def level_label(self) -> str:
        return LEVEL_LABELS[SessionLevel(self.level)]

    @property
    def is_top(self) -> bool:
        return SessionLevel(self.level).higher is None

    @property
    def has_recurrence(self) -> bool:
        return None not in (self.weekday, self.week_of_month, self.start_time)


class LearningSession(db.Model):
    """One leersessie of a series; `meeting` in code, so it is never mistaken for Flask's
    session or the database session."""

    __tablename__ = "learning_sessions"
    __table_args__ = (
        CheckConstraint("ends_at > starts_at", name="ends_after_start"),
        CheckConstraint("status in ('gepland', 'afgesloten', 'geannuleerd')", name="status_known"),
        UniqueConstraint("series_id", "starts_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    series_id: Mapped[int] = mapped_column(ForeignKey("session_series.id"), index=True)
    starts_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    ends_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    location: Mapped[str] = mapped_column(String(200), default="")
    status: Mapped[str] = mapped_column(String(16), default=SessionStatus.PLANNED)
    went_well: Mapped[str] = mapped_column(Text, default="")
    can_improve: Mapped[str] = mapped_column(Text, default="")
    closed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    closed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    minutes_sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # iCalendar SEQUENCE: raised on every change so calendars replace the old invitation.
    sequence: Mapped[int] = mapped_column(default=0)
    title: Mapped[str] = mapped_column(String(200), default="", server_default="")
    online_url: Mapped[str] = mapped_column(String(500), default="", server_default="")
    cancel_reason: Mapped[str] = mapped_column(Text, default="", server_default="")
    cancelled_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}

    series: Mapped[SessionSeries] = relationship(lazy="joined")
    attendees: Mapped[list[User]] = relationship(
        secondary=session_attendees, lazy="selectin", order_by=User.name
    )
    guests: Mapped[list[Guest]] = relationship(
        back_populates="meeting", lazy="selectin", order_by="Guest.id"
    )

    @property
    def start(self) -> datetime:
        return as_utc(self.starts_at)

    @property
    def display_title(self) -> str:
        return self.title or self.series.name

    @property
    def is_cancelled(self) -> bool:
        return self.status == SessionStatus.CANCELLED

    @property
    def end(self) -> datetime:
        return as_utc(self.ends_at)

    @property
    def is_planned(self) -> bool:
        return self.status == SessionStatus.PLANNED

    @property
    def is_closed(self) -> bool:
        return self.status == SessionStatus.CLOSED

    @property
    def status_label(self) -> str:
        return SESSION_STATUS_LABELS[SessionStatus(self.status)]


class AgendaItem(db.Model):
    """One point on a session's agenda; without a session it waits for the next one."""

    __tablename__ = "agenda_items"
    __table_args__ = (
        UniqueConstraint("escalated_from_id"),  # an item goes up the ladder once
        CheckConstraint("status in ('ingediend', 'geagendeerd', 'behandeld')", name="status_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    series_id: Mapped[int] = mapped_column(ForeignKey("session_series.id"), index=True)
    session_id: Mapped[int | None] = mapped_column(ForeignKey("learning_sessions.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    source: Mapped[str] = mapped_column(String(16), default=ItemSource.SUBMITTED)
    status: Mapped[str] = mapped_column(String(16), default=ItemStatus.PROPOSED)
    position: Mapped[int] = mapped_column(default=0)
    minutes: Mapped[int | None] = mapped_column()  # time planned for the item on the agenda
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    submitted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    pattern_id: Mapped[int | None] = mapped_column(ForeignKey("patterns.id"))
    blockage_id: Mapped[int | None] = mapped_column(ForeignKey("blockages.id"))
    escalated_from_id: Mapped[int | None] = mapped_column(ForeignKey("agenda_items.id"))
    # Feedback items: the higher-level item whose answer they bring back down.
    answer_item_id: Mapped[int | None] = mapped_column(ForeignKey("agenda_items.id"))
    # Questions from the level above: the series that asked hears the outcome.
    asked_by_series_id: Mapped[int | None] = mapped_column(ForeignKey("session_series.id"))
    notes: Mapped[str] = mapped_column(Text, default="")
    outcome: Mapped[str | None] = mapped_column(String(20))
    outcome_summary: Mapped[str] = mapped_column(Text, default="")
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # Escalated items: when a higher level answered (for the time-to-answer figure).
    answered_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    postponed_count: Mapped[int] = mapped_column(default=0)
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}

    series: Mapped[SessionSeries] = relationship(lazy="joined", foreign_keys=[series_id])
    asked_by_series: Mapped[SessionSeries | None] = relationship(foreign_keys=[asked_by_series_id])
    meeting: Mapped[LearningSession | None] = relationship(lazy="joined")
    submitted_by: Mapped[User | None] = relationship(foreign_keys=[submitted_by_id])
    pattern: Mapped[Pattern | None] = relationship()
    blockage: Mapped[Blockage | None] = relationship()
    escalated_from: Mapped[AgendaItem | None] = relationship(
        remote_side=[id], foreign_keys=[escalated_from_id], back_populates="escalated_to"
    )
    escalated_to: Mapped[AgendaItem | None] = relationship(
        foreign_keys=[escalated_from_id], back_populates="escalated_from", uselist=False
    )
    answer_item: Mapped[AgendaItem | None] = relationship(
        remote_side=[id], foreign_keys=[answer_item_id]
    )
    agreements: Mapped[list[Agreement]] = relationship(
        foreign_keys="Agreement.item_id", back_populates="item", order_by="Agreement.id"
    )
    checked_agreement: Mapped[Agreement | None] = relationship(
        foreign_keys="Agreement.check_item_id", viewonly=True, uselist=False
    )

    @property
    def kind_label(self) -> str:
        return KIND_LABELS[ItemKind(self.kind)]

    @property
    def source_label(self) -> str:
        return SOURCE_LABELS[ItemSource(self.source)]

    @property
    def status_label(self) -> str:
        return ITEM_STATUS_LABELS[ItemStatus(self.status)]

    @property
    def outcome_label(self) -> str:
        return OUTCOME_LABELS[Outcome(self.outcome)] if self.outcome else ""

    @property
    def is_handled(self) -> bool:
        return self.status == ItemStatus.HANDLED

    @property
    def is_proposed(self) -> bool:
        """Brought in by a participant and not yet accepted by the facilitator."""
        return self.status == ItemStatus.PROPOSED

    @property
    def is_agreement_check(self) -> bool:
        return self.kind == ItemKind.AGREEMENT_CHECK

    @property
    def can_escalate(self) -> bool:
        return self.kind not in {ItemKind.AGREEMENT_CHECK, ItemKind.FEEDBACK}


class Agreement(db.Model):
    """An afspraak: who does what by when; checked at the first session after its due date."""

    __tablename__ = "agreements"
    __table_args__ = (
        CheckConstraint("status in ('open', 'uitgevoerd', 'niet_uitgevoerd')", name="status_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("agenda_items.id"), index=True)
    series_id: Mapped[int] = mapped_column(ForeignKey("session_series.id"), index=True)
    what: Mapped[str] = mapped_column(Text)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    due_on: Mapped[date] = mapped_column(Date, index=True)
    status: Mapped[str] = mapped_column(String(20), default=AgreementStatus.OPEN, index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # The agenda item on which this afspraak is (to be) checked.
    check_item_id: Mapped[int | None] = mapped_column(ForeignKey("agenda_items.id"))
    checked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    checked_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    check_note: Mapped[str] = mapped_column(Text, default="")
    times_extended: Mapped[int] = mapped_column(default=0)
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}

    item: Mapped[AgendaItem] = relationship(
        foreign_keys=[item_id], back_populates="agreements", lazy="joined"
    )
    series: Mapped[SessionSeries] = relationship(lazy="joined")
    owner: Mapped[User] = relationship(foreign_keys=[owner_id], lazy="joined")
    check_item: Mapped[AgendaItem | None] = relationship(foreign_keys=[check_item_id])

    @property
    def is_open(self) -> bool:
        return self.status == AgreementStatus.OPEN

    @property
    def is_overdue(self) -> bool:
        return self.is_open and self.due_on < today()

    @property
    def status_label(self) -> str:
        return AGREEMENT_STATUS_LABELS[AgreementStatus(self.status)]
