"""Organisations, users and their roles."""

from __future__ import annotations

import secrets
from datetime import datetime
from enum import StrEnum

from flask_login import UserMixin
from sqlalchemy import Column, DateTime, ForeignKey, String, Table, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from learning.extensions import db
from learning.timeutil import utcnow


class Role(StrEnum):
    PROFESSIONAL = "professional"
    CHAIR = "chair"
    CHAMPION = "champion"
    MANAGER = "manager"
    EXECUTIVE = "executive"
    PROGRAMME_ADMIN = "programme_admin"


ROLE_LABELS = {
    Role.PROFESSIONAL: "Professional",
    Role.CHAIR: "Voorzitter werktafel",
    Role.CHAMPION: "Aanjager",
    Role.MANAGER: "Manager",
    Role.EXECUTIVE: "Bestuurder",
    Role.PROGRAMME_ADMIN: "Programmateam",
}


class OrganisationKind(StrEnum):
    MUNICIPALITY = "gemeente"
    NEIGHBOURHOOD_TEAM = "wijkteam"
    HOUSING = "corporatie"
    UWV = "uwv"
    CARE = "zorgaanbieder"
    WELFARE = "welzijn"
    INSURER = "zorgverzekeraar"
    OTHER = "overig"


ORGANISATION_KIND_LABELS = {
    OrganisationKind.MUNICIPALITY: "Gemeente",
    OrganisationKind.NEIGHBOURHOOD_TEAM: "Wijkteam",
    OrganisationKind.HOUSING: "Woningcorporatie",
    OrganisationKind.UWV: "UWV",
    OrganisationKind.CARE: "Zorgaanbieder",
    OrganisationKind.WELFARE: "Welzijn",
    OrganisationKind.INSURER: "Zorgverzekeraar",
    OrganisationKind.OTHER: "Overig",
}


user_organisations = Table(
    "user_organisations",
    db.metadata,
    Column("user_id", ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    Column("organisation_id", ForeignKey("organisations.id"), primary_key=True),
)


class Organisation(db.Model):
    __tablename__ = "organisations"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[str] = mapped_column(String(32), default=OrganisationKind.OTHER)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # Soft delete: knelpunten and audit entries keep pointing at a deleted organisation.
    deleted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    @property
    def kind_label(self) -> str:
        return ORGANISATION_KIND_LABELS.get(OrganisationKind(self.kind), self.kind)

    def __repr__(self) -> str:
        return f"<Organisation {self.id} {self.name}>"


class UserRole(db.Model):
    __tablename__ = "user_roles"
    __table_args__ = (UniqueConstraint("user_id", "role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(32))


def _calendar_token() -> str:
    return secrets.token_urlsafe(24)


class User(UserMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str | None] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    calendar_token: Mapped[str] = mapped_column(String(64), unique=True, default=_calendar_token)
    # Digest preferences (see learning/digests).
    digest_frequency: Mapped[str] = mapped_column(String(16), default="weekly")
    digest_weekday: Mapped[int] = mapped_column(default=0)  # 0 = Monday
    digest_skip_empty: Mapped[bool] = mapped_column(default=False)
    # How often notifications are mailed (learning.notifications.models.MailFrequency).
    notification_mail: Mapped[str] = mapped_column(
        String(16), default="daily", server_default="daily"
    )
    # Part of the login session's id: raising it ends every session of the user (logout,
    # password change), since session cookies live in the browser and cannot be deleted.
    session_version: Mapped[int] = mapped_column(default=1, server_default="1")

    role_rows: Mapped[list[UserRole]] = relationship(cascade="all, delete-orphan", lazy="selectin")
    organisations: Mapped[list[Organisation]] = relationship(
        secondary=user_organisations, lazy="selectin", order_by=Organisation.name
    )

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive users
        return self.active

    def get_id(self) -> str:
        """The id stored in the session cookie: user and session version."""
        return f"{self.id}.{self.session_version}"

    @property
    def roles(self) -> set[Role]:
        return {Role(row.role) for row in self.role_rows}

    def has_role(self, *roles: Role) -> bool:
        return bool(self.roles & set(roles)) or Role.PROGRAMME_ADMIN in self.roles

    @property
    def is_admin(self) -> bool:
        return Role.PROGRAMME_ADMIN in self.roles

    @property
    def notify_by_email(self) -> bool:
        """Whether news reaches the user by mail at all (a toggle on 'Mijn patronen')."""
        return self.notification_mail != "never"

    @notify_by_email.setter
    def notify_by_email(self, wanted: bool) -> None:
        if not wanted:
            self.notification_mail = "never"
        elif self.notification_mail == "never":
            self.notification_mail = "daily"

    @property
    def organisation_ids(self) -> set[int]:
        return {org.id for org in self.organisations}

    @property
    def primary_organisation(self) -> Organisation | None:
        live = [org for org in self.organisations if not org.is_deleted]
        return live[0] if live else None

    def __repr__(self) -> str:
        return f"<User {self.id}>"
