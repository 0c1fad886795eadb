"""A higher level asks a lower one: a manager puts a pattern or dilemma on the professionals'
agenda with a question, and what the professionals conclude comes back up to the asking session."""

from __future__ import annotations

from flask_babel import gettext as _

from learning.accounts.models import User
from learning.audit.services import record
from learning.errors import DomainError
from learning.extensions import db
from learning.patterns.services import get_pattern
from learning.permissions import require
from learning.privacy import mask_text
from learning.sessions.agenda import place
from learning.sessions.models import (
    TEXT_MAX,
    TITLE_MAX,
    AgendaItem,
    ItemKind,
    ItemSource,
    ItemStatus,
    SessionSeries,
)
from learning.sessions.permissions import can_ask_lower_level
from learning.sessions.queries import lower_series, next_meeting


def ask_lower_level(
    actor: User,
    upper: SessionSeries,
    lower: SessionSeries,
    question: str,
    pattern_id: int | None = None,
    about: AgendaItem | None = None,
) -> AgendaItem:
    """Put a question (about a pattern or one of the upper level's items) on the next agenda of
    a level directly below; its outcome returns to `upper`."""
    require(
        can_ask_lower_level(actor, upper),
        _("Alleen deelnemers van een management- of bestuurlijke leersessie stellen deze vraag."),
    )
    if lower.id not in {s.id for s in lower_series(upper)}:
        raise DomainError(_("Een vraag gaat naar een leersessie direct onder deze reeks."))
    question = mask_text((question or "").strip())[:TEXT_MAX]
    if len(question) < 10:
        raise DomainError(_("Schrijf de vraag aan het niveau eronder uit (minstens 10 tekens)."))
    pattern = get_pattern(pattern_id) if pattern_id else None
    if about is not None and about.series_id != upper.id:
        raise DomainError(_("Dit agendapunt hoort niet bij deze reeks."))
    subject = pattern.title if pattern else about.title if about else question
    item = AgendaItem(
        series=lower,
        kind=ItemKind.PATTERN if pattern else ItemKind.QUESTION,
        source=ItemSource.ASKED,
        status=ItemStatus.ACCEPTED,
        title=_("Vraag van %(series)s: %(t)s", series=upper.name, t=subject)[:TITLE_MAX],
        description=question,
        pattern=pattern,
        submitted_by=actor,
        asked_by_series=upper,
    )
    db.session.add(item)
    place(item, next_meeting(lower))
    record(actor, "agenda_item.asked_lower_level", item, upper=upper.id, lower=lower.id)
    return item
