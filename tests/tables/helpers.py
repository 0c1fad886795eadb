"""Helpers for the table tests: inputs for actions and dossiers, the pattern's steps."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from learning.extensions import db
from learning.patterns.models import PatternEvent
from learning.tables.actions import ActionInput
from learning.tables.escalation import DossierInput
from learning.timeutil import today


def action_input(owner, days=42, what="Procedure bewindvoering herschrijven") -> ActionInput:
    return ActionInput(what=what, owner_id=owner.id, due_on=today() + timedelta(days=days))


def dossier_input(question="Mag de gemeente bewindvoering vooraf vergoeden?") -> DossierInput:
    return DossierInput(
        question=question,
        options=["Vooraf vergoeden", "Niets doen"],
        tried="Maatwerk per gezin via de werktafel.",
        impact="Gemiddeld drie maanden extra schuldgroei.",
    )


def event_kinds(pattern) -> list[str]:
    return list(
        db.session.scalars(
            select(PatternEvent.kind)
            .where(PatternEvent.pattern_id == pattern.id)
            .order_by(PatternEvent.id)
        )
    )


def notified(user) -> list[str]:
    """The texts of the notifications the user got (in the app), oldest first."""
    from learning.notifications.models import Notification

    return list(
        db.session.scalars(
            select(Notification.text)
            .where(Notification.user_id == user.id)
            .order_by(Notification.id)
        )
    )


def notified_of(user, kind) -> list:
    """The user's notifications of one kind (work and news alike), oldest first."""
    from learning.notifications.models import Notification

    return list(
        db.session.scalars(
            select(Notification)
            .where(Notification.user_id == user.id, Notification.kind == kind)
            .order_by(Notification.id)
        )
    )
