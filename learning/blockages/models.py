"""Knelpunten (blockages): one case where a rule, procedure or system blocked help."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Column,
    Date,
    DateTime,
    ForeignKey,
    LargeBinary,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from learning.accounts.models import Organisation, User
from learning.extensions import db
from learning.timeutil import utcnow

DOMAINS: dict[str, str] = {
    "participatiewet": "Participatiewet",
    "wmo": "Wmo",
    "jeugdwet": "Jeugdwet",
    "zvw": "Zvw",
    "schulden": "Wgs / schulden",
    "wonen": "Wonen",
    "onderwijs": "Onderwijs",
    "werk": "Werk",
    "inkomen": "Inkomen",
    "veiligheid": "Veiligheid",
    "overig": "Overig",
}


class Handling(StrEnum):
    SOLVED_WITH_WORKAROUND = "maatwerk"
    WORKED_AROUND = "omweg"
    NOT_SOLVED = "niet_opgelost"


HANDLING_LABELS = {
    Handling.SOLVED_WITH_WORKAROUND: "Opgelost met maatwerk",
    Handling.WORKED_AROUND: "Omweg gevonden",
    Handling.NOT_SOLVED: "Niet opgelost",
}

IMPACTS: dict[str, str] = {
    "inkomen": "Inkomen weggevallen of lager",
    "schulden": "Schulden ontstaan of gegroeid",
    "wonen": "Woning in gevaar",
    "zorg": "Zorg of hulp vertraagd of gestopt",
    "gezondheid": "Gezondheid verslechterd",
    "veiligheid": "Veiligheid in gevaar",
    "werk_school": "Werk of school in gevaar",
    "administratief": "Veel papierwerk of loketten",
    "overig": "Anders",
}

TITLE_MAX = 120
DESCRIPTION_MAX = 5000


class Area(db.Model):
    """A wijk: Oss works per neighbourhood."""

    __tablename__ = "areas"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)


blockage_organisations = Table(
    "blockage_organisations",
    db.metadata,
    Column("blockage_id", ForeignKey("blockages.id", ondelete="CASCADE"), primary_key=True),
    Column("organisation_id", ForeignKey("organisations.id"), primary_key=True),
)


class BlockageDomain(db.Model):
    __tablename__ = "blockage_domains"

    blockage_id: Mapped[int] = mapped_column(
        ForeignKey("blockages.id", ondelete="CASCADE"), primary_key=True
    )
    domain: Mapped[str] = mapped_column(String(32), primary_key=True, index=True)


class Blockage(db.Model):
    __tablename__ = "blockages"
    __table_args__ = (
        CheckConstraint(
            "handling in ('maatwerk', 'omweg', 'niet_opgelost')", name="handling_known"
        ),
        UniqueConstraint("submission_key"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(TITLE_MAX))
    description: Mapped[str] = mapped_column(Text)
    handling: Mapped[str] = mapped_column(String(20))
    impacts: Mapped[list[str]] = mapped_column(JSON, default=list)
    reporter_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    area_id: Mapped[int | None] = mapped_column(ForeignKey("areas.id"))
    reported_on: Mapped[date] = mapped_column(Date, index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )
    withdrawn_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # One form, one knelpunt: a second submit of the same form finds this key.
    submission_key: Mapped[str | None] = mapped_column(String(64))
    # Sentence embedding, computed once after saving (see learning.patterns).
    vector: Mapped[bytes | None] = mapped_column(LargeBinary, deferred=True)
    embedded_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}

    reporter: Mapped[User] = relationship(lazy="joined")
    organisation: Mapped[Organisation] = relationship(lazy="joined")
    area: Mapped[Area | None] = relationship(lazy="joined")
    domain_rows: Mapped[list[BlockageDomain]] = relationship(
        cascade="all, delete-orphan", lazy="selectin"
    )
    involved_organisations: Mapped[list[Organisation]] = relationship(
        secondary=blockage_organisations, lazy="selectin"
    )

    @property
    def domains(self) -> list[str]:
        return sorted(row.domain for row in self.domain_rows)

    @property
    def domain_labels(self) -> list[str]:
        return [DOMAINS.get(d, d) for d in self.domains]

    @property
    def handling_label(self) -> str:
        return HANDLING_LABELS.get(Handling(self.handling), self.handling)

    @property
    def impact_labels(self) -> list[str]:
        return [IMPACTS.get(i, i) for i in self.impacts or []]

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None

    @property
    def text(self) -> str:
        """What the similarity engine reads."""
        return self.compose_text(self.title, self.description)

    @staticmethod
    def compose_text(title: str, description: str) -> str:
        """``text`` from the two columns, for readers that load columns, not knelpunten."""
        return f"{title}. {description}"


class Draft(db.Model):
    """A form kept for its logged-in author when the form expired mid-typing; stored masked,
    deleted when restored. (An expired login keeps the text in the browser instead.)"""

    __tablename__ = "drafts"

    id: Mapped[int] = mapped_column(primary_key=True)
    token: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    payload: Mapped[dict] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
