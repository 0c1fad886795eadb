"""Digests: one row per recipient and period (the exactly-once key), and professionals' opt-in."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, DateTime, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from learning.accounts.models import User
from learning.extensions import db
from learning.mail.models import OutgoingMail
from learning.timeutil import utcnow


class Digest(db.Model):
    """A digest built for one recipient and period; its e-mail waits in the outbox.

    The unique (user_id, period) key makes a second build for the same period fail, however
    it came about: beat firing twice, two workers, or a task redelivered after a crash. The
    row and its OutgoingMail are committed together, so a built digest is never lost.
    """

    __tablename__ = "digests"
    __table_args__ = (UniqueConstraint("user_id", "period"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    period: Mapped[str] = mapped_column(String(10))  # 2025-W10 or 2025-03
    frequency: Mapped[str] = mapped_column(String(16))
    window_start: Mapped[date] = mapped_column(Date)
    window_end: Mapped[date] = mapped_column(Date)
    item_count: Mapped[int] = mapped_column(default=0)
    # Null when nothing was new and the recipient asked to skip empty digests.
    mail_id: Mapped[int | None] = mapped_column(ForeignKey("outgoing_mail.id"), unique=True)
    created_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, index=True
    )

    user: Mapped[User] = relationship()
    mail: Mapped[OutgoingMail | None] = relationship()

    @property
    def skipped(self) -> bool:
        return self.mail_id is None


class DigestOptIn(db.Model):
    """A professional asked for a digest about their own knelpunten (others get one by role)."""

    __tablename__ = "digest_opt_ins"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
