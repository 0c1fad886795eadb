"""Second order: the werktafel fixes the procedure, closes the pattern, and evaluates."""

from __future__ import annotations

from flask_babel import gettext as _

from learning.accounts.models import User
from learning.errors import DomainError
from learning.extensions import db
from learning.patterns.models import Pattern
from learning.patterns.states import WORKING, PatternState, require_transition, transition
from learning.tables.actions import open_actions
from learning.tables.inputs import require_pattern_version, require_runner, required_text
from learning.tables.models import Resolution
from learning.tables.practices import retire_practices
from learning.tables.routing import ensure_origin, held_by
from learning.timeutil import today


def close_pattern(
    chair: User, pattern: Pattern, change: str, expected_version: int | None = None
) -> Resolution:
    """Solved: the chair says what changed in the procedure; werkwijzen are retired."""
    require_runner(chair, held_by(pattern))
    require_pattern_version(pattern, expected_version)
    require_transition(pattern, PatternState.SOLVED, WORKING)
    change = required_text(
        change,
        _("Beschrijf wat er in de werkwijze of procedure is veranderd (minstens 10 tekens)."),
    )
    still_open = open_actions(pattern)
    if still_open:
        raise DomainError(
            _(
                "Er staan nog %(n)s acties open. Zet ze op gedaan of niet gedaan voordat u het "
                "patroon afsluit.",
                n=len(still_open),
            )
        )
    ensure_origin(pattern)
    resolution = Resolution(
        pattern_id=pattern.id,
        table_id=pattern.table_id,
        change=change,
        solved_on=today(),
        closed_by_id=chair.id,
    )
    db.session.add(resolution)
    transition(
        chair,
        pattern,
        PatternState.SOLVED,
        _(
            "Opgelost door %(table)s. Wat er veranderde: %(change)s",
            table=pattern.table.name,
            change=change,
        ),
    )
    retire_practices(chair, pattern, _("Structureel opgelost: %(change)s", change=change))
    return resolution


def evaluate(chair: User, pattern: Pattern, note: str, expected_version: int | None = None) -> None:
    """After the fix: did the knelpunt stop? (see the effect chart)."""
    require_runner(chair, held_by(pattern))
    require_pattern_version(pattern, expected_version)
    require_transition(pattern, PatternState.EVALUATED, frozenset({PatternState.SOLVED}))
    note = required_text(note, _("Schrijf kort wat de evaluatie opleverde (minstens 10 tekens)."))
    transition(chair, pattern, PatternState.EVALUATED, _("Geëvalueerd: %(note)s", note=note))
