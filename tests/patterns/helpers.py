"""Helpers for the pattern tests: reports through the real form service, hand-made patterns."""

from __future__ import annotations

from sqlalchemy import select

from learning.audit.models import AuditEntry
from learning.blockages.models import Blockage
from learning.blockages.services import BlockageInput, log_blockage
from learning.extensions import db as _db
from learning.patterns.models import (
    Pattern,
    PatternMember,
    PatternState,
)
from learning.patterns.queries import active_members
from learning.unit_of_work import commit
from tests.factories import BlockageFactory, OrganisationFactory, UserFactory
from tests.patterns.texts import DEBT as ALL_DEBT

DEBT = ALL_DEBT[:4]
UNRELATED = [
    (
        "Geen parkeervergunning voor mantelzorgers",
        "Mantelzorger die dagelijks bij zijn moeder komt krijgt geen parkeervergunning, want "
        "die is alleen voor bewoners van de wijk.",
    ),
    (
        "Jeugdhulp stopt abrupt bij achttien jaar",
        "Op de dag dat een jongere achttien wordt stopt de jeugdhulp, terwijl de zorg voor "
        "volwassenen nog geen plek heeft.",
    ),
]


def report(text, organisation=None, domains=("schulden",), reporter=None, **extra) -> Blockage:
    """A professional saves the knelpunt form; the (eager) worker embeds and groups on commit."""
    reporter = reporter or UserFactory(organisations=[organisation or OrganisationFactory()])
    title, description = text
    blockage = log_blockage(
        reporter,
        BlockageInput(
            title=title,
            description=description,
            domains=list(domains),
            handling="niet_opgelost",
            **extra,
        ),
    )
    commit()
    return blockage


def loose_pattern(count: int, table=None, state=PatternState.NEW, title="Patroon") -> Pattern:
    """A pattern put together by hand, for triage tests that need no engine."""
    pattern = Pattern(title=title, key_terms=[], state=state, table=table)
    for _i in range(count):
        pattern.members.append(
            PatternMember(blockage=BlockageFactory(domains=["schulden"]), reasons=["test"])
        )
    _db.session.add(pattern)
    _db.session.flush()
    return pattern


def audit_actions(pattern: Pattern) -> list[str]:
    return list(
        _db.session.scalars(
            select(AuditEntry.action)
            .where(AuditEntry.object_type == "Pattern", AuditEntry.object_id == pattern.id)
            .order_by(AuditEntry.id)
        )
    )


def member_titles(pattern: Pattern) -> set[str]:
    _db.session.expire(pattern, ["members"])
    return {m.blockage.title for m in active_members(pattern)}
