"""Patterns (patronen): the same knelpunt recurring across cases and professionals."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, DateTime, Float, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from learning.accounts.models import Organisation, User
from learning.blockages.models import Blockage
from learning.extensions import db
from learning.tables.models import LearningTable
from learning.timeutil import utcnow


class PatternState(StrEnum):
    CANDIDATE = "kandidaat"  # grouped by the engine, emergence rule not met yet
    NEW = "nieuw"  # on the triage queue of a werktafel
    IN_PROGRESS = "in_behandeling"
    ESCALATED = "geescaleerd"
    DECIDED = "besluit"
    IMPLEMENTING = "in_uitvoering"
    SOLVED = "opgelost"
    EVALUATED = "geevalueerd"
    REJECTED = "afgewezen"
    REOPENED = "heropend"
    MERGED = "samengevoegd"


STATE_LABELS = {
    PatternState.CANDIDATE: "Kandidaat",
    PatternState.NEW: "Nieuw",
    PatternState.IN_PROGRESS: "In behandeling",
    PatternState.ESCALATED: "Geëscaleerd",
    PatternState.DECIDED: "Besluit genomen",
    PatternState.IMPLEMENTING: "In uitvoering",
    PatternState.SOLVED: "Opgelost",
    PatternState.EVALUATED: "Geëvalueerd",
    PatternState.REJECTED: "Afgewezen (eenmalig)",
    PatternState.REOPENED: "Heropend",
    PatternState.MERGED: "Samengevoegd",
}


class RootCause(StrEnum):
    REGULATION = "regelgeving"
    FUNDING = "financiering"
    COOPERATION = "samenwerking"
    EXECUTION = "uitvoering"
    INFORMATION = "informatie"


ROOT_CAUSE_LABELS = {
    RootCause.REGULATION: "Regelgeving",
    RootCause.FUNDING: "Financiering",
    RootCause.COOPERATION: "Samenwerking",
    RootCause.EXECUTION: "Uitvoering / systeem",
    RootCause.INFORMATION: "Informatie",
}


class LearningOrder(StrEnum):
    FIRST = "first"
    SECOND = "second"
    THIRD = "third"


ORDER_LABELS = {
    LearningOrder.FIRST: "Eerste orde: maatwerk volstaat",
    LearningOrder.SECOND: "Tweede orde: werktafel past de werkwijze aan",
    LearningOrder.THIRD: "Derde orde: besluit nodig (escalatie)",
}


class MemberStatus(StrEnum):
    CANDIDATE = "candidate"  # put there by the engine
    CONFIRMED = "confirmed"  # confirmed by the chair or by the reporter ("hoort bij dit patroon")


class Pattern(db.Model):
    __tablename__ = "patterns"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    key_terms: Mapped[list[str]] = mapped_column(JSON, default=list)
    state: Mapped[str] = mapped_column(String(20), default=PatternState.CANDIDATE, index=True)
    root_cause: Mapped[str | None] = mapped_column(String(20))
    order: Mapped[str | None] = mapped_column(String(10))
    table_id: Mapped[int | None] = mapped_column(ForeignKey("learning_tables.id"), index=True)
    recurring: Mapped[bool] = mapped_column(default=False)
    rejection_reason: Mapped[str | None] = mapped_column(Text)
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("patterns.id"))
    queued_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    confirmed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    closed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}

    table: Mapped[LearningTable | None] = relationship(lazy="joined")
    members: Mapped[list[PatternMember]] = relationship(
        back_populates="pattern",
        lazy="selectin",
        order_by="PatternMember.added_at",
        foreign_keys="PatternMember.pattern_id",
    )

    @property
    def state_label(self) -> str:
        return STATE_LABELS.get(PatternState(self.state), self.state)

    @property
    def root_cause_label(self) -> str:
        return ROOT_CAUSE_LABELS.get(RootCause(self.root_cause), "") if self.root_cause else ""

    @property
    def order_label(self) -> str:
        return ORDER_LABELS.get(LearningOrder(self.order), "") if self.order else ""

    @property
    def is_merged(self) -> bool:
        return self.state == PatternState.MERGED

    @property
    def blockages(self) -> list[Blockage]:
        return [m.blockage for m in self.members if not m.blockage.is_withdrawn]


class PatternMember(db.Model):
    """A knelpunt in a pattern; one pattern per knelpunt. Reasons explain the grouping."""

    __tablename__ = "pattern_members"
    __table_args__ = (UniqueConstraint("blockage_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    pattern_id: Mapped[int] = mapped_column(ForeignKey("patterns.id"), index=True)
    blockage_id: Mapped[int] = mapped_column(ForeignKey("blockages.id", ondelete="CASCADE"))
    status: Mapped[str] = mapped_column(String(16), default=MemberStatus.CANDIDATE)
    score: Mapped[float | None] = mapped_column(Float)
    reasons: Mapped[list[str]] = mapped_column(JSON, default=list)
    matched_blockage_id: Mapped[int | None] = mapped_column(ForeignKey("blockages.id"))
    # Set when a merge moved this member, so the merge can be undone.
    origin_pattern_id: Mapped[int | None] = mapped_column(ForeignKey("patterns.id"))
    added_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    added_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    pattern: Mapped[Pattern] = relationship(back_populates="members", foreign_keys=[pattern_id])
    blockage: Mapped[Blockage] = relationship(foreign_keys=[blockage_id], lazy="joined")


class Endorsement(db.Model):
    """'Dit speelt bij mij ook': evidence for a pattern without a second knelpunt typed."""

    __tablename__ = "endorsements"
    __table_args__ = (UniqueConstraint("user_id", "pattern_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    pattern_id: Mapped[int] = mapped_column(ForeignKey("patterns.id"), index=True)
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    user: Mapped[User] = relationship(lazy="joined")
    organisation: Mapped[Organisation | None] = relationship(lazy="joined")


class PatternExclusion(db.Model):
    """A chair detached this knelpunt: the engine must not put it back into this pattern."""

    __tablename__ = "pattern_exclusions"
    __table_args__ = (UniqueConstraint("pattern_id", "blockage_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    pattern_id: Mapped[int] = mapped_column(ForeignKey("patterns.id"), index=True)
    blockage_id: Mapped[int] = mapped_column(ForeignKey("blockages.id", ondelete="CASCADE"))


class PatternFollower(db.Model):
    __tablename__ = "pattern_followers"
    __table_args__ = (UniqueConstraint("user_id", "pattern_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    pattern_id: Mapped[int] = mapped_column(ForeignKey("patterns.id"), index=True)


class EmergenceRule(db.Model):
    """When a candidate becomes a pattern on the triage queue; one row per municipality."""

    __tablename__ = "emergence_rules"

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"), unique=True)
    min_reports: Mapped[int] = mapped_column(default=3)
    min_organisations: Mapped[int] = mapped_column(default=2)
    window_days: Mapped[int] = mapped_column(default=90)


class PatternEvent(db.Model):
    """A step in a pattern's life that its reporters and followers are told about."""

    __tablename__ = "pattern_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    pattern_id: Mapped[int] = mapped_column(ForeignKey("patterns.id"), index=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    kind: Mapped[str] = mapped_column(String(40))
    summary: Mapped[str] = mapped_column(Text)  # Dutch, shown to professionals
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    actor: Mapped[User | None] = relationship(lazy="joined")
