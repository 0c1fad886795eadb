"""The sections of a digest, and which roles get which, in the order they appear."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from learning.digests.content import Audience, Section
from learning.digests.sections.patterns import (
    growing_patterns,
    my_blockages,
    new_patterns,
    overview,
    triage_queue,
)
from learning.digests.sections.sessions import (
    dilemmas_from_below,
    overdue_agreements,
    session_outcomes,
)
from learning.digests.sections.tables import (
    awaiting_decision,
    decisions,
    escalations,
    overdue_actions,
)

if TYPE_CHECKING:
    from learning.digests.builder import DigestBuilder

SectionBuilder = Callable[["DigestBuilder"], Section | None]

_MANAGEMENT: tuple[SectionBuilder, ...] = (
    awaiting_decision,
    overview,
    new_patterns,
    growing_patterns,
    decisions,
    escalations,
    dilemmas_from_below,
    overdue_actions,
    overdue_agreements,
    session_outcomes,
)

# Per audience, in the order the sections appear; a section shared by two roles appears once.
SECTIONS: dict[Audience, tuple[SectionBuilder, ...]] = {
    Audience.EXECUTIVE: _MANAGEMENT,
    Audience.MANAGER: _MANAGEMENT,
    Audience.CHAIR: (triage_queue, overdue_actions, overdue_agreements),
    Audience.PROFESSIONAL: (my_blockages,),
}

# Sections about the recipient themselves; all others depend only on DigestBuilder.shared_key.
PER_USER_SECTIONS: frozenset[SectionBuilder] = frozenset({my_blockages})
