"""What a leersessie decided about an item: solved with afspraken, escalated one level up,
a system knelpunt for the learning tables, or discussed; and bestuurders' own system knelpunten."""

from __future__ import annotations

from dataclasses import dataclass, field

from flask_babel import gettext as _
from sqlalchemy import select

from learning.accounts.models import User
from learning.audit.services import record
from learning.blockages.models import Handling
from learning.blockages.services import BlockageInput, log_blockage
from learning.errors import DomainError, require_version
from learning.extensions import db
from learning.patterns.models import LearningOrder, Pattern, PatternState
from learning.patterns.services import endorse, get_pattern, join_pattern
from learning.patterns.states import transition
from learning.permissions import require
from learning.privacy import mask_text
from learning.sessions import notify
from learning.sessions.agenda import decide, place, require_open, require_outcome_right
from learning.sessions.agreements import AgreementInput, make_agreement
from learning.sessions.models import (
    LEVEL_LABELS,
    AgendaItem,
    Agreement,
    ItemKind,
    ItemSource,
    ItemStatus,
    Outcome,
    SessionLevel,
    SessionSeries,
)
from learning.sessions.permissions import can_put_system_blockage
from learning.sessions.queries import higher_series, next_meeting
from learning.tables.models import LearningTable, TableKind
from learning.timeutil import utcnow


@dataclass
class OutcomeInput:
    outcome: str
    notes: str = ""
    summary: str = ""
    agreements: list[AgreementInput] = field(default_factory=list)
    domains: list[str] = field(default_factory=list)  # for a new systeemknelpunt
    pattern_id: int | None = None  # link an existing pattern instead


def record_outcome(
    actor: User, item: AgendaItem, data: OutcomeInput, expected_version: int | None = None
) -> AgendaItem:
    """The one entry for what a meeting decided about an item."""
    require_outcome_right(actor, item)
    require_version(item, expected_version)
    handlers = {
        Outcome.SOLVED: lambda: solve_item(actor, item, data.notes, data.summary, data.agreements),
        Outcome.ESCALATED: lambda: escalate_item(actor, item, data.notes),
        Outcome.SYSTEM: lambda: mark_system_blockage(
            actor, item, data.notes, data.summary, data.domains, data.pattern_id
        ),
        Outcome.DISCUSSED: lambda: mark_discussed(actor, item, data.notes, data.summary),
    }
    handler = handlers.get(data.outcome)
    if handler is None:
        raise DomainError(_("Kies de uitkomst van dit agendapunt."))
    handler()
    return item


def mark_discussed(actor: User, item: AgendaItem, notes: str = "", summary: str = "") -> None:
    decide(actor, item, Outcome.DISCUSSED, notes, summary)


def solve_item(
    actor: User,
    item: AgendaItem,
    notes: str,
    summary: str,
    agreements: list[AgreementInput],
) -> list[Agreement]:
    """Solved at this level: at least one afspraak (what, who, by when; default six weeks)."""
    wanted = [a for a in agreements if (a.what or "").strip()]
    if not wanted:
        raise DomainError(
            _("Leg bij een oplossing minstens één afspraak vast: wat, wie en wanneer.")
        )
    made = [make_agreement(actor, item, each) for each in wanted]
    decide(actor, item, Outcome.SOLVED, notes, summary or "; ".join(a.what for a in made))
    return made


def escalate_item(actor: User, item: AgendaItem, notes: str) -> AgendaItem:
    """Not solvable here: the item goes on the next meeting one level up, with these notes."""
    if not item.can_escalate:
        raise DomainError(_("Dit soort agendapunt kan niet worden doorgezet."))
    if item.series.is_top:
        raise DomainError(
            _(
                "De bestuurlijke leersessie is het hoogste niveau; doorzetten kan niet. "
                "Wat hier niet op te lossen is, gaat naar het landelijk dossier: kies "
                "'Systeemknelpunt' zodat de bestuurlijke stuurgroep het kan escaleren."
            )
        )
    higher = higher_series(item.series)
    if higher is None:
        level = SessionLevel(item.series.level).higher
        raise DomainError(
            _(
                "Er is nog geen leersessiereeks op niveau %(level)s om naar door te zetten. "
                "Vraag het programmateam die aan te maken; het agendapunt blijft staan.",
                level=_(LEVEL_LABELS[level]),
            )
        )
    if not notes.strip():
        raise DomainError(_("Schrijf kort op wat dit niveau heeft besproken; dat gaat mee omhoog."))
    decide(actor, item, Outcome.ESCALATED, notes, "")
    upper = AgendaItem(
        series=higher,
        kind=item.kind,
        source=ItemSource.ESCALATED,
        status=ItemStatus.ACCEPTED,
        title=item.title,
        description=item.description,
        pattern_id=item.pattern_id,
        blockage_id=item.blockage_id,
        escalated_from=item,
    )
    db.session.add(upper)
    place(upper, next_meeting(higher))
    item.outcome_summary = _("Doorgezet naar %(series)s.", series=higher.name)
    record(actor, "agenda_item.escalated", item, to_item=upper.id, to_series=higher.id)
    notify.escalated(item, upper)
    return upper


def mark_system_blockage(
    actor: User,
    item: AgendaItem,
    notes: str,
    summary: str = "",
    domains: list[str] | None = None,
    pattern_id: int | None = None,
) -> AgendaItem:
    """A system knelpunt: link an existing pattern, or log a knelpunt that the pattern engine
    groups, so it enters the learning tables."""
    require_outcome_right(actor, item)
    require_open(item)
    if pattern_id:
        pattern = get_pattern(pattern_id)
        endorse(actor, pattern)
        item.pattern = pattern
        text = _("Gekoppeld aan het patroon '%(t)s'.", t=pattern.title)
    elif item.blockage_id is None:
        description = "\n\n".join(p for p in (item.description, mask_text(notes.strip())) if p)
        blockage = log_blockage(
            actor,
            BlockageInput(
                title=item.title[:120],
                description=description,
                domains=list(domains or []),
                handling=Handling.NOT_SOLVED,
            ),
        )
        item.blockage = blockage
        text = _("Als knelpunt gemeld bij de leertafels.")
    else:
        text = _("Het knelpunt ligt al bij de leertafels.")
    decide(actor, item, Outcome.SYSTEM, notes, summary or text)
    return item


# --- bestuurders agenderen -----------------------------------------------------------------


@dataclass
class SystemBlockageInput:
    title: str
    description: str
    domains: list[str]
    mask_personal_data: bool = False


def executive_steering_table() -> LearningTable | None:
    return db.session.scalar(
        select(LearningTable)
        .where(LearningTable.kind == TableKind.EXECUTIVE_STEERING)
        .order_by(LearningTable.id)
        .limit(1)
    )


def put_system_blockage_on_agenda(
    executive: User, series: SessionSeries, data: SystemBlockageInput
) -> AgendaItem:
    """A bestuurder puts a systeemknelpunt on the agenda: a knelpunt plus a pattern that goes
    straight to third-order learning at the bestuurlijke stuurgroep."""
    if series.level != SessionLevel.BESTUUR:
        raise DomainError(
            _("Systeemknelpunten agenderen kan alleen in de bestuurlijke leersessie.")
        )
    require(
        can_put_system_blockage(executive, series),
        _("Alleen bestuurders in deze leersessie kunnen een systeemknelpunt agenderen."),
    )
    table = executive_steering_table()
    if table is None:
        raise DomainError(
            _("Er is nog geen bestuurlijke stuurgroep. Vraag het programmateam die aan te maken.")
        )
    blockage = log_blockage(
        executive,
        BlockageInput(
            title=data.title,
            description=data.description,
            domains=data.domains,
            handling=Handling.NOT_SOLVED,
            mask_personal_data=data.mask_personal_data,
        ),
    )
    # patterns offers no way yet to open a pattern straight at a table, so it is built here
    # as the triage would leave it (a `create_system_pattern` in patterns should replace this).
    now = utcnow()
    pattern = Pattern(
        title=blockage.title,
        description=blockage.description,
        state=PatternState.CANDIDATE,
        order=LearningOrder.THIRD,
        table=table,
        confirmed_at=now,  # the bestuurder's title stays; the engine does not rename it
        queued_at=now,
    )
    db.session.add(pattern)
    db.session.flush()
    join_pattern(executive, blockage, pattern)
    transition(
        executive,
        pattern,
        PatternState.IN_PROGRESS,
        _("Door een bestuurder geagendeerd bij %(table)s: derde orde leren.", table=table.name),
        session_series=series.id,
    )
    item = AgendaItem(
        series=series,
        kind=ItemKind.SYSTEM,
        source=ItemSource.EXECUTIVE,
        status=ItemStatus.ACCEPTED,
        title=blockage.title,
        description=blockage.description,
        blockage=blockage,
        pattern=pattern,
        submitted_by=executive,
    )
    db.session.add(item)
    place(item, next_meeting(series))
    record(executive, "agenda_item.system_blockage", item, blockage=blockage.id, pattern=pattern.id)
    return item
