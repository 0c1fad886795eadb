"""Who may do what with a knelpunt: boolean predicates for services (via `require`) and pages."""

from __future__ import annotations

from learning.accounts.models import User
from learning.blockages.models import Blockage


def can_edit(user: User, blockage: Blockage) -> bool:
    """The reporter (or the programme team) edits and withdraws a knelpunt."""
    return blockage.reporter_id == user.id or user.is_admin


def can_see(user: User, blockage: Blockage) -> bool:
    """A withdrawn knelpunt is seen only by its reporter and the programme team."""
    return not blockage.is_withdrawn or can_edit(user, blockage)
