"""Test data for the leersessies that tests import directly (fixtures live in conftest)."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from learning.extensions import db
from learning.mail.models import OutgoingMail
from learning.sessions import agenda, agreements, outcomes
from learning.sessions.models import Outcome

# Monday 3 March 2025, 09:00 in Oss: the ladder's sessions are planned from here.
NOW = datetime(2025, 3, 3, 8, 0, tzinfo=UTC)


def dilemma(title: str = "Schuldhulp wacht op Wmo-indicatie", **kwargs) -> agenda.ItemInput:
    return agenda.ItemInput(
        kind=kwargs.pop("kind", "dilemma"),
        title=title,
        description=kwargs.pop(
            "description",
            "Schuldhulp start pas na de Wmo-indicatie, de Wmo wacht op een stabiel inkomen.",
        ),
        **kwargs,
    )


def mails_to(user) -> list[OutgoingMail]:
    return list(
        db.session.scalars(
            select(OutgoingMail)
            .where(OutgoingMail.recipient == user.email)
            .order_by(OutgoingMail.id)
        )
    )


def solved(owner, what="Wmo en schuldhulp starten tegelijk", due_on=None):
    return outcomes.OutcomeInput(
        outcome=Outcome.SOLVED,
        notes="Besproken met de teamleiders",
        agreements=[agreements.AgreementInput(what=what, owner_id=owner.id, due_on=due_on)],
    )


def escalate(ladder, item):
    """Take an item from the professionals' session up to the bestuurders."""
    upper = outcomes.escalate_item(ladder.aanjager, item, "Wij kunnen de volgorde niet wijzigen.")
    return outcomes.escalate_item(ladder.manager, upper, "Vraagt om een besluit over budgetten.")
