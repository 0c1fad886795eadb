"""The status a reporter sees for a knelpunt: its own state or that of its pattern."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select

from learning.blockages.models import Blockage
from learning.extensions import db
from learning.patterns.models import LearningOrder, Pattern, PatternMember, PatternState
from learning.patterns.queries import pattern_of
from learning.patterns.states import QUEUE, STATE_LABELS


def status_label(blockage: Blockage, pattern: Pattern | None) -> str:
    return _label(blockage, pattern.state if pattern is not None else None)


def _label(blockage: Blockage, state: str | None) -> str:
    if blockage.is_withdrawn:
        return _("Ingetrokken")
    if state is None:
        return _("Gemeld")
    return _("In patroon: %(state)s", state=STATE_LABELS.get(PatternState(state), state))


def blockage_status(blockage: Blockage) -> str:
    return status_label(blockage, pattern_of(blockage))


def statuses(blockages: list[Blockage]) -> dict[int, str]:
    """Statuses for a page of knelpunten with one query, not one per row.

    Only the patterns' states: loading the patterns would load all their members too.
    """
    if not blockages:
        return {}
    states = dict(
        db.session.execute(
            select(PatternMember.blockage_id, Pattern.state)
            .join(Pattern, Pattern.id == PatternMember.pattern_id)
            .where(PatternMember.blockage_id.in_([b.id for b in blockages]))
        ).all()
    )
    return {b.id: _label(b, states.get(b.id)) for b in blockages}


def next_step(pattern: Pattern) -> str:
    """What the chair does next with the pattern, for the triage panel at the top of its page."""
    state = PatternState(pattern.state)
    table = pattern.table.name if pattern.table else _("de werktafel")
    if state == PatternState.CANDIDATE:
        return _("Nog geen patroon: bevestig het, of wacht tot er meer meldingen zijn.")
    if state in QUEUE:
        return _("Bevestig het patroon met oorzaak en orde, of wijs het af als eenmalig.")
    if state == PatternState.IN_PROGRESS:
        if pattern.order == LearningOrder.THIRD:
            return _("Leg de beslisvraag met dossier voor aan de tafel erboven.")
        return _("Spreek acties af en sluit af zodra de werkwijze is aangepast.")
    if state == PatternState.ESCALATED:
        return _("Wacht op het besluit van %(table)s.", table=table)
    if state == PatternState.DECIDED:
        return _("Spreek acties af om het besluit uit te voeren.")
    if state == PatternState.IMPLEMENTING:
        return _("Rond de acties af en sluit af als opgelost.")
    if state == PatternState.SOLVED:
        return _("Evalueer: is het knelpunt gestopt?")
    if state == PatternState.MERGED:
        return _("Opgegaan in een ander patroon; heropenen maakt dat ongedaan.")
    return _("Niets meer te doen; heropenen kan als het terugkomt.")
