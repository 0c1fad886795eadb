"""Notifications: one line per user and event, read in the app and mailed in bundles.

A notification carries its own text and link, so it stays readable when the pattern, knelpunt
or session it was about is deleted (the references then become null).
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from flask_babel import lazy_gettext as _l
from sqlalchemy import DateTime, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from learning.extensions import db
from learning.timeutil import utcnow


class NotificationKind(StrEnum):
    # News about something the user reported, follows or brought in.
    PATTERN_STEP = "pattern_step"  # a step without a kind of its own (confirmed, solved...)
    DETACHED = "detached"
    MERGED = "merged"
    SPLIT = "split"
    REJECTED = "rejected"
    ESCALATED = "escalated"
    DECIDED = "decided"
    ACTION_DONE = "action_done"
    EFFECT_MEASURED = "effect_measured"
    REOPENED = "reopened"
    SESSION_CHANGED = "session_changed"
    ITEM_ESCALATED = "item_escalated"
    ITEM_ANSWERED = "item_answered"
    # Asks the user to act in a role they hold.
    PATTERN_QUEUED = "pattern_queued"
    ACTION_ASSIGNED = "action_assigned"
    ACTION_DUE = "action_due"
    DECISION_REQUESTED = "decision_requested"
    ANSWER_LATE = "answer_late"
    AGREEMENT_MADE = "agreement_made"
    AGREEMENT_DUE = "agreement_due"


# Mailed even to users who want no notification mail (learning.mail.services states the rule):
# without them someone else's work stalls.
ACTION_KINDS = frozenset(
    {
        NotificationKind.PATTERN_QUEUED,
        NotificationKind.ACTION_ASSIGNED,
        NotificationKind.ACTION_DUE,
        NotificationKind.DECISION_REQUESTED,
        NotificationKind.ANSWER_LATE,
        NotificationKind.AGREEMENT_MADE,
        NotificationKind.AGREEMENT_DUE,
    }
)


class MailFrequency(StrEnum):
    """How often a user gets the notification mail (User.notification_mail)."""

    IMMEDIATELY = "immediately"
    DAILY = "daily"
    WEEKLY = "weekly"
    NEVER = "never"


MAIL_FREQUENCY_LABELS = {
    MailFrequency.IMMEDIATELY: _l("Direct: een e-mail zodra er iets gebeurt"),
    MailFrequency.DAILY: _l("Eén e-mail per dag met alles van die dag (om 17.00 uur)"),
    MailFrequency.WEEKLY: _l("Eén e-mail per week (vrijdag om 17.00 uur)"),
    MailFrequency.NEVER: _l("Geen e-mail; alleen verzoeken om zelf iets te doen"),
}


class Notification(db.Model):
    __tablename__ = "notifications"
    __table_args__ = (
        # The event a notification reports: a task that runs twice notifies once.
        UniqueConstraint("user_id", "key"),
        Index("ix_notifications_user_read", "user_id", "read_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(32))
    # What it is about, for grouping and subjects (a pattern title, a session's name).
    about: Mapped[str] = mapped_column(String(200), default="")
    text: Mapped[str] = mapped_column(Text)
    link: Mapped[str] = mapped_column(String(500), default="")  # a path in the app
    pattern_id: Mapped[int | None] = mapped_column(
        ForeignKey("patterns.id", ondelete="SET NULL"), index=True
    )
    blockage_id: Mapped[int | None] = mapped_column(ForeignKey("blockages.id", ondelete="SET NULL"))
    session_id: Mapped[int | None] = mapped_column(
        ForeignKey("learning_sessions.id", ondelete="SET NULL")
    )
    key: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, index=True
    )
    read_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # The bundle mail it went out in; null while it waits (or when it is not mailed).
    mail_id: Mapped[int | None] = mapped_column(
        ForeignKey("outgoing_mail.id", ondelete="SET NULL"), index=True
    )

    @property
    def is_read(self) -> bool:
        return self.read_at is not None

    @property
    def asks_action(self) -> bool:
        return self.kind in ACTION_KINDS
