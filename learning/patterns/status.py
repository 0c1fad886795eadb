"""The status a reporter sees for a knelpunt: its own state or that of its pattern."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select

from learning.blockages.models import Blockage
from learning.extensions import db
from learning.patterns.models import Pattern, PatternMember
from learning.patterns.queries import pattern_of


def status_label(blockage: Blockage, pattern: Pattern | None) -> str:
    if blockage.is_withdrawn:
        return _("Ingetrokken")
    if pattern is None:
        return _("Gemeld")
    return _("In patroon: %(state)s", state=pattern.state_label)


def blockage_status(blockage: Blockage) -> str:
    return status_label(blockage, pattern_of(blockage))


def statuses(blockages: list[Blockage]) -> dict[int, str]:
    """Statuses for a page of knelpunten with one query, not one per row."""
    rows = db.session.execute(
        select(PatternMember.blockage_id, Pattern)
        .join(Pattern, Pattern.id == PatternMember.pattern_id)
        .where(PatternMember.blockage_id.in_([b.id for b in blockages]))
    ).all()
    patterns = {row[0]: row[1] for row in rows}
    return {b.id: status_label(b, patterns.get(b.id)) for b in blockages}
