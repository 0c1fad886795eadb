"""Checks every step of the table flow shares: who runs the table, which version, enough text."""

from __future__ import annotations

from flask_babel import gettext as _

from learning.accounts.models import User
from learning.errors import DomainError, require_version
from learning.patterns.models import Pattern
from learning.permissions import require
from learning.privacy import mask_text
from learning.tables.models import LearningTable
from learning.tables.permissions import can_run

MIN_TEXT = 10


def required_text(value: str | None, message: str, minimum: int = MIN_TEXT) -> str:
    """Masked and stripped free text, refused with `message` when shorter than `minimum`."""
    value = mask_text((value or "").strip())
    if len(value) < minimum:
        raise DomainError(message)
    return value


def require_runner(user: User, table: LearningTable) -> None:
    require(
        can_run(user, table),
        _("Alleen de voorzitter of secretaris van %(table)s kan dit doen.", table=table.name),
    )


def require_pattern_version(pattern: Pattern, expected_version: int | None) -> None:
    """The pattern did not change since the form was shown (optimistic locking)."""
    require_version(
        pattern,
        expected_version,
        _(
            "Dit patroon is intussen door iemand anders gewijzigd. "
            "Bekijk de nieuwe stand en probeer het opnieuw."
        ),
    )
