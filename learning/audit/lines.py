"""History as people read it: Dutch sentences for audit entries, never event codes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from learning.audit.models import AuditEntry

SENTENCES = {
    "blockage.logged": _l("Knelpunt gemeld."),
    "blockage.updated": _l("Knelpunt aangepast."),
    "blockage.withdrawn": _l("Knelpunt ingetrokken."),
    "pattern.joined": _l("Door de melder aan een patroon gekoppeld."),
    "pattern.attached": _l("Door de voorzitter aan een patroon toegevoegd."),
    "pattern.detached": _l("Door de voorzitter uit een patroon gehaald."),
    "pattern.split": _l("Bij een splitsing naar een ander patroon verplaatst."),
    "pattern.merged": _l("Patronen samengevoegd."),
    "pattern.unmerged": _l("Samenvoeging ongedaan gemaakt."),
    "pattern.endorsed": _l("Gesteund: dit speelt ook elders."),
    "pattern.transition": _l("Het patroon ging een stap verder."),
}


@dataclass
class HistoryLine:
    """One line of a history: when, what (a Dutch sentence), and who, if they may be named."""

    at: datetime
    text: str
    actor_name: str | None = None


def sentence(entry: AuditEntry) -> str:
    """The Dutch sentence for an audit entry; an unknown code still reads as Dutch."""
    known = SENTENCES.get(entry.action)
    return str(known) if known is not None else _("Gewijzigd.")


def audit_lines(entries: list[AuditEntry]) -> list[HistoryLine]:
    return [
        HistoryLine(e.at, sentence(e), e.actor.name if e.actor is not None else None)
        for e in entries
    ]
