"""Learning tables: the ladder werktafel → ambtelijke → bestuurlijke stuurgroep → landelijk."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Column,
    Date,
    DateTime,
    ForeignKey,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from learning.accounts.models import Organisation, User
from learning.extensions import db
from learning.timeutil import today, utcnow


class TableKind(StrEnum):
    WORK_TABLE = "work_table"
    CIVIL_STEERING = "civil_steering"
    EXECUTIVE_STEERING = "executive_steering"
    NATIONAL = "national"


TABLE_KIND_LABELS = {
    TableKind.WORK_TABLE: "Werktafel",
    TableKind.CIVIL_STEERING: "Ambtelijke stuurgroep",
    TableKind.EXECUTIVE_STEERING: "Bestuurlijke stuurgroep",
    TableKind.NATIONAL: "Landelijk",
}

# Height on the ladder: a table escalates only to a table that stands higher.
TABLE_KIND_RANK = {
    TableKind.WORK_TABLE: 1,
    TableKind.CIVIL_STEERING: 2,
    TableKind.EXECUTIVE_STEERING: 3,
    TableKind.NATIONAL: 4,
}

DEFAULT_ACTION_DAYS = 42  # an action is checked within six weeks

table_members = Table(
    "learning_table_members",
    db.metadata,
    Column("table_id", ForeignKey("learning_tables.id", ondelete="CASCADE"), primary_key=True),
    Column("user_id", ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
)

table_organisations = Table(
    "learning_table_organisations",
    db.metadata,
    Column("table_id", ForeignKey("learning_tables.id", ondelete="CASCADE"), primary_key=True),
    Column("organisation_id", ForeignKey("organisations.id"), primary_key=True),
)


class LearningTable(db.Model):
    __tablename__ = "learning_tables"
    __table_args__ = (
        CheckConstraint("take_up_days > 0 AND decision_days > 0", name="response_times_positive"),
        CheckConstraint("parent_id IS NULL OR parent_id <> id", name="not_own_parent"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(32), default=TableKind.WORK_TABLE)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    description: Mapped[str] = mapped_column(Text, default="")
    # Domains (law keys from learning.blockages.models.DOMAINS) whose patterns land here.
    domains: Mapped[list[str]] = mapped_column(JSON, default=list)
    chair_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    secretary_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("learning_tables.id"))
    # Response times: a new pattern is taken up within, a beslisvraag answered within.
    take_up_days: Mapped[int] = mapped_column(default=28)
    decision_days: Mapped[int] = mapped_column(default=56)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}

    chair: Mapped[User | None] = relationship(foreign_keys=[chair_id], lazy="joined")
    secretary: Mapped[User | None] = relationship(foreign_keys=[secretary_id], lazy="joined")
    parent: Mapped[LearningTable | None] = relationship(remote_side=[id], lazy="joined")
    members: Mapped[list[User]] = relationship(secondary=table_members, lazy="selectin")
    organisations: Mapped[list[Organisation]] = relationship(
        secondary=table_organisations, lazy="selectin"
    )

    @property
    def kind_label(self) -> str:
        return TABLE_KIND_LABELS.get(TableKind(self.kind), self.kind)

    @property
    def rank(self) -> int:
        return TABLE_KIND_RANK[TableKind(self.kind)]

    def is_run_by(self, user: User) -> bool:
        """Chair, secretary or programme team (see learning.tables.permissions)."""
        return user.is_admin or user.id in {self.chair_id, self.secretary_id}


class PatternRoute(db.Model):
    """One stop of a pattern on the ladder: which table held it, from when, and why."""

    __tablename__ = "pattern_routes"

    id: Mapped[int] = mapped_column(primary_key=True)
    pattern_id: Mapped[int] = mapped_column(ForeignKey("patterns.id"), index=True)
    table_id: Mapped[int] = mapped_column(ForeignKey("learning_tables.id"), index=True)
    reason: Mapped[str] = mapped_column(String(20))  # taken_up, escalated, returned, follow_up
    arrived_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    table: Mapped[LearningTable] = relationship(lazy="joined")

    @property
    def reason_label(self) -> str:
        return ROUTE_REASON_LABELS.get(self.reason, self.reason)


ROUTE_REASON_LABELS = {
    "taken_up": "Opgepakt",
    "escalated": "Geëscaleerd",
    "returned": "Teruggestuurd",
    "follow_up": "Uitvoering",
}


class ActionStatus(StrEnum):
    OPEN = "open"
    DONE = "gedaan"
    NOT_DONE = "niet_gedaan"


ACTION_STATUS_LABELS = {
    ActionStatus.OPEN: "Open",
    ActionStatus.DONE: "Gedaan",
    ActionStatus.NOT_DONE: "Niet gedaan",
}


class TableAction(db.Model):
    """Who does what for a pattern, by when: the werktafel's (or a decision's) follow-up."""

    __tablename__ = "table_actions"
    __table_args__ = (
        CheckConstraint("status in ('open', 'gedaan', 'niet_gedaan')", name="status_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    pattern_id: Mapped[int] = mapped_column(ForeignKey("patterns.id"), index=True)
    table_id: Mapped[int] = mapped_column(ForeignKey("learning_tables.id"), index=True)
    decision_id: Mapped[int | None] = mapped_column(ForeignKey("decisions.id"))
    what: Mapped[str] = mapped_column(Text)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"))
    due_on: Mapped[date] = mapped_column(Date, index=True)
    status: Mapped[str] = mapped_column(String(16), default=ActionStatus.OPEN, index=True)
    result: Mapped[str] = mapped_column(Text, default="")
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}

    table: Mapped[LearningTable] = relationship(lazy="joined")
    owner: Mapped[User] = relationship(foreign_keys=[owner_id], lazy="joined")
    organisation: Mapped[Organisation | None] = relationship(lazy="joined")
    notes: Mapped[list[ActionNote]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by="ActionNote.at"
    )

    @property
    def is_open(self) -> bool:
        return self.status == ActionStatus.OPEN

    @property
    def is_overdue(self) -> bool:
        """Open past its deadline (the local date)."""
        return self.is_open and self.due_on < today()

    @property
    def status_label(self) -> str:
        return ACTION_STATUS_LABELS.get(ActionStatus(self.status), self.status)


class ActionNote(db.Model):
    """A progress note on an action."""

    __tablename__ = "table_action_notes"

    id: Mapped[int] = mapped_column(primary_key=True)
    action_id: Mapped[int] = mapped_column(
        ForeignKey("table_actions.id", ondelete="CASCADE"), index=True
    )
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    text: Mapped[str] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    author: Mapped[User | None] = relationship(lazy="joined")


class RequestStatus(StrEnum):
    OPEN = "open"  # on the agenda of the table above
    DECIDED = "besloten"
    RETURNED = "teruggestuurd"
    FORWARDED = "doorgezet"  # the table above escalated it further


REQUEST_STATUS_LABELS = {
    RequestStatus.OPEN: "Op de agenda",
    RequestStatus.DECIDED: "Besloten",
    RequestStatus.RETURNED: "Teruggestuurd",
    RequestStatus.FORWARDED: "Verder geëscaleerd",
}


class DecisionRequest(db.Model):
    """A beslisvraag with its dossier: what a lower table asks of the table above."""

    __tablename__ = "decision_requests"
    __table_args__ = (
        CheckConstraint(
            "status in ('open', 'besloten', 'teruggestuurd', 'doorgezet')", name="status_known"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    pattern_id: Mapped[int] = mapped_column(ForeignKey("patterns.id"), index=True)
    from_table_id: Mapped[int] = mapped_column(ForeignKey("learning_tables.id"))
    to_table_id: Mapped[int] = mapped_column(ForeignKey("learning_tables.id"), index=True)
    previous_id: Mapped[int | None] = mapped_column(ForeignKey("decision_requests.id"))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    question: Mapped[str] = mapped_column(Text)  # the beslisvraag
    options: Mapped[list[str]] = mapped_column(JSON, default=list)
    tried: Mapped[str] = mapped_column(Text, default="")
    impact: Mapped[str] = mapped_column(Text, default="")
    summary: Mapped[str] = mapped_column(Text, default="")
    # Evidence frozen when the dossier was written: counts, organisations, period, quotes.
    evidence: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    status: Mapped[str] = mapped_column(String(16), default=RequestStatus.OPEN, index=True)
    due_on: Mapped[date] = mapped_column(Date)
    return_reason: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    answered_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}

    from_table: Mapped[LearningTable] = relationship(foreign_keys=[from_table_id], lazy="joined")
    to_table: Mapped[LearningTable] = relationship(foreign_keys=[to_table_id], lazy="joined")
    author: Mapped[User | None] = relationship(lazy="joined")
    decision: Mapped[Decision | None] = relationship(
        back_populates="request", lazy="selectin", uselist=False
    )

    @property
    def is_open(self) -> bool:
        return self.status == RequestStatus.OPEN

    @property
    def is_overdue(self) -> bool:
        """Still on the agenda past its answer date (the local date)."""
        return self.is_open and self.due_on < today()

    @property
    def status_label(self) -> str:
        return REQUEST_STATUS_LABELS.get(RequestStatus(self.status), self.status)


class Decision(db.Model):
    """What a table decided on a beslisvraag, when, and by whom."""

    __tablename__ = "decisions"
    __table_args__ = (UniqueConstraint("request_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("decision_requests.id"))
    pattern_id: Mapped[int] = mapped_column(ForeignKey("patterns.id"), index=True)
    table_id: Mapped[int] = mapped_column(ForeignKey("learning_tables.id"))
    text: Mapped[str] = mapped_column(Text)
    decided_on: Mapped[date] = mapped_column(Date)
    decided_by: Mapped[str] = mapped_column(String(300))
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    request: Mapped[DecisionRequest] = relationship(back_populates="decision")
    table: Mapped[LearningTable] = relationship(lazy="joined")
    recorded_by: Mapped[User | None] = relationship(lazy="joined")


class Resolution(db.Model):
    """How a pattern was solved: what changed in the procedure or policy."""

    __tablename__ = "pattern_resolutions"

    id: Mapped[int] = mapped_column(primary_key=True)
    pattern_id: Mapped[int] = mapped_column(ForeignKey("patterns.id"), index=True)
    table_id: Mapped[int | None] = mapped_column(ForeignKey("learning_tables.id"))
    change: Mapped[str] = mapped_column(Text)
    solved_on: Mapped[date] = mapped_column(Date)
    closed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    table: Mapped[LearningTable | None] = relationship(lazy="joined")
    closed_by: Mapped[User | None] = relationship(lazy="joined")


class Practice(db.Model):
    """A werkwijze: a recorded workaround others can apply and endorse ("werkt bij mij ook")."""

    __tablename__ = "practices"

    id: Mapped[int] = mapped_column(primary_key=True)
    pattern_id: Mapped[int | None] = mapped_column(ForeignKey("patterns.id"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    text: Mapped[str] = mapped_column(Text)
    domains: Mapped[list[str]] = mapped_column(JSON, default=list)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # Set when a structural fix lands: the workaround is no longer the way to go.
    retired_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    retired_reason: Mapped[str | None] = mapped_column(Text)

    author: Mapped[User | None] = relationship(lazy="joined")
    endorsements: Mapped[list[PracticeEndorsement]] = relationship(
        cascade="all, delete-orphan", lazy="selectin"
    )

    @property
    def is_retired(self) -> bool:
        return self.retired_at is not None

    @property
    def endorsement_count(self) -> int:
        return len(self.endorsements)


class PracticeEndorsement(db.Model):
    __tablename__ = "practice_endorsements"
    __table_args__ = (UniqueConstraint("practice_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    practice_id: Mapped[int] = mapped_column(
        ForeignKey("practices.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
