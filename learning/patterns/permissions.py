"""Who may do what with a pattern: boolean predicates for services (via `require`) and pages."""

from __future__ import annotations

from flask_babel import gettext as _

from learning.accounts.models import Role, User
from learning.patterns.models import Pattern, PatternState
from learning.permissions import require


def is_chair(user: User) -> bool:
    """A table chair (or the programme team): may triage at all."""
    return user.is_admin or user.has_role(Role.CHAIR)


def can_triage(user: User, pattern: Pattern) -> bool:
    """Chairs act on the patterns of their own tables; a pattern without table, any chair."""
    if user.is_admin:
        return True
    if not user.has_role(Role.CHAIR):
        return False
    return pattern.table is None or pattern.table.is_run_by(user)


def can_see(user: User, pattern: Pattern) -> bool:
    """A candidate is not a pattern yet: only chairs and its own reporters open it (probe L7)."""
    if pattern.state != PatternState.CANDIDATE or is_chair(user):
        return True
    return any(m.blockage.reporter_id == user.id for m in pattern.members)


def require_triage(user: User, pattern: Pattern) -> None:
    """Refuse with the Dutch reason: not a chair at all, or the pattern is another table's."""
    require(is_chair(user), _("Alleen de voorzitter van de werktafel kan dit doen."))
    require(can_triage(user, pattern), _("Dit patroon ligt bij een andere tafel."))
