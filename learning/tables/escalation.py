"""Third order: escalation with a dossier and a beslisvraag, and the answer of the table above."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from flask_babel import gettext as _
from sqlalchemy import select

from learning.accounts.models import User
from learning.audit.services import record
from learning.errors import Conflict, DomainError, NotFound
from learning.extensions import db
from learning.insight.hooks import pattern_changed
from learning.patterns.models import LearningOrder, Pattern
from learning.patterns.states import ESCALATABLE, PatternState, require_transition, transition
from learning.permissions import require
from learning.privacy import mask_text
from learning.tables import notify
from learning.tables.actions import ActionInput, new_action
from learning.tables.dossier import build_evidence
from learning.tables.inputs import require_pattern_version, require_runner, required_text
from learning.tables.models import (
    Decision,
    DecisionRequest,
    LearningTable,
    RequestStatus,
)
from learning.tables.permissions import can_decide
from learning.tables.routing import ensure_origin, held_by, move, route
from learning.templating import long_date
from learning.timeutil import today, utcnow


@dataclass
class DossierInput:
    question: str  # the beslisvraag
    options: list[str] = field(default_factory=list)
    tried: str = ""
    impact: str = ""
    summary: str = ""


def open_request_to(pattern: Pattern, table_id: int | None) -> DecisionRequest | None:
    return db.session.scalar(
        select(DecisionRequest).where(
            DecisionRequest.pattern_id == pattern.id,
            DecisionRequest.to_table_id == table_id,
            DecisionRequest.status == RequestStatus.OPEN,
        )
    )


def escalate(
    chair: User, pattern: Pattern, data: DossierInput, expected_version: int | None = None
) -> DecisionRequest:
    """Put the pattern on the agenda of the table above, with a dossier and a beslisvraag."""
    table = held_by(pattern)
    require_runner(chair, table)
    require_pattern_version(pattern, expected_version)
    if pattern.confirmed_at is None:
        raise DomainError(_("Bevestig het patroon eerst (triage) voordat u het escaleert."))
    require_transition(pattern, PatternState.ESCALATED, ESCALATABLE)
    parent = table.parent
    if parent is None:
        raise DomainError(
            _("%(table)s heeft geen tafel erboven om naar te escaleren.", table=table.name)
        )
    question = required_text(
        data.question,
        _("Een escalatie heeft een beslisvraag nodig: wat moet de tafel erboven besluiten?"),
    )
    incoming = open_request_to(pattern, table.id)
    ensure_origin(pattern)
    decision_request = DecisionRequest(
        pattern_id=pattern.id,
        from_table=table,
        to_table=parent,
        previous_id=incoming.id if incoming else None,
        author_id=chair.id,
        question=question,
        options=[mask_text(o.strip()) for o in data.options if o and o.strip()],
        tried=mask_text((data.tried or "").strip()),
        impact=mask_text((data.impact or "").strip()),
        summary=mask_text((data.summary or "").strip()) or pattern.description,
        evidence=build_evidence(pattern),
        due_on=today() + timedelta(days=parent.decision_days),
    )
    db.session.add(decision_request)
    if incoming is not None:
        incoming.status = RequestStatus.FORWARDED
        incoming.answered_at = utcnow()
    pattern.order = LearningOrder.THIRD
    pattern_changed(pattern, regrouped=True)
    move(chair, pattern, parent, "escalated")
    db.session.flush()
    record(
        chair, "decision_request.created", decision_request, pattern=pattern.id, to_table=parent.id
    )
    transition(
        chair,
        pattern,
        PatternState.ESCALATED,
        _(
            "%(from)s heeft het patroon voorgelegd aan %(to)s met de beslisvraag: %(q)s",
            **{"from": table.name, "to": parent.name, "q": question},
        ),
        request=decision_request.id,
        to_table=parent.id,
    )
    notify.decision_request_received(decision_request)
    return decision_request


def get_decision_request(decision_request_id: int) -> DecisionRequest:
    decision_request = db.session.get(DecisionRequest, decision_request_id)
    if decision_request is None:
        raise NotFound(_("Deze beslisvraag bestaat niet."))
    return decision_request


def _require_answerable(
    chair: User, decision_request: DecisionRequest, expected_version: int | None
) -> Pattern:
    table = decision_request.to_table
    require(
        can_decide(chair, table),
        _(
            "Alleen de voorzitter, secretaris of leden van %(table)s beslissen hierover.",
            table=table.name,
        ),
    )
    pattern = db.session.get(Pattern, decision_request.pattern_id)
    if not decision_request.is_open:
        raise Conflict(
            _(
                "Deze beslisvraag is al afgehandeld (%(status)s); er is niets gewijzigd.",
                status=decision_request.status_label.lower(),
            )
        )
    require_pattern_version(pattern, expected_version)
    if pattern.table_id != decision_request.to_table_id:
        raise Conflict(_("Dit patroon ligt niet meer bij %(t)s.", t=decision_request.to_table.name))
    return pattern


@dataclass
class DecisionInput:
    text: str
    decided_by: str = ""
    decided_on: date | None = None
    follow_up_table_id: int | None = None
    follow_ups: list[ActionInput] = field(default_factory=list)


def decide(
    chair: User,
    decision_request: DecisionRequest,
    data: DecisionInput,
    expected_version: int | None = None,
) -> Decision:
    """Answer a beslisvraag; follow-up actions go back to a lower table that carries them out."""
    pattern = _require_answerable(chair, decision_request, expected_version)
    text = required_text(data.text, _("Schrijf het besluit op (minstens 10 tekens)."))
    decided_on = data.decided_on or today()
    if decided_on > today():
        raise DomainError(_("De datum van het besluit ligt in de toekomst."))
    decided_by = mask_text((data.decided_by or "").strip()) or decision_request.to_table.name
    follow_up_table = None
    follow_ups = [a for a in data.follow_ups if (a.what or "").strip()]
    if follow_ups:
        follow_up_table = db.session.get(LearningTable, data.follow_up_table_id or 0)
        passed = {r.table_id for r in route(pattern)}
        if follow_up_table is None or follow_up_table.id not in passed:
            raise DomainError(
                _("Kies de tafel die het besluit uitvoert: een tafel waar het patroon langskwam.")
            )
    decision = Decision(
        request=decision_request,
        pattern_id=pattern.id,
        table_id=decision_request.to_table_id,
        text=text,
        decided_on=decided_on,
        decided_by=decided_by[:300],
        recorded_by_id=chair.id,
    )
    db.session.add(decision)
    pattern_changed(pattern)
    decision_request.status = RequestStatus.DECIDED
    decision_request.answered_at = utcnow()
    db.session.flush()
    record(chair, "decision.recorded", decision, pattern=pattern.id, request=decision_request.id)
    transition(
        chair,
        pattern,
        PatternState.DECIDED,
        _(
            "Besluit van %(table)s (%(day)s): %(text)s",
            table=decision_request.to_table.name,
            day=long_date(decided_on),
            text=text,
        )
        if decided_by == decision_request.to_table.name
        else _(
            "Besluit van %(table)s (%(day)s, %(by)s): %(text)s",
            table=decision_request.to_table.name,
            day=long_date(decided_on),
            by=decided_by,
            text=text,
        ),
        decision=decision.id,
    )
    if follow_up_table is not None:
        actions = [
            new_action(chair, pattern, follow_up_table, a, decision_id=decision.id)
            for a in follow_ups
        ]
        move(chair, pattern, follow_up_table, "follow_up")
        transition(
            chair,
            pattern,
            PatternState.IMPLEMENTING,
            _(
                "Uitvoering van het besluit ligt bij %(table)s: %(what)s",
                table=follow_up_table.name,
                what="; ".join(a.what for a in actions),
            ),
            decision=decision.id,
        )
    return decision


def send_back(
    chair: User, decision_request: DecisionRequest, reason: str, expected_version: int | None = None
) -> None:
    """The table above does not decide: the pattern returns below, with the reasons."""
    pattern = _require_answerable(chair, decision_request, expected_version)
    reason = required_text(reason, _("Geef aan waarom de beslisvraag wordt teruggestuurd."))
    decision_request.status = RequestStatus.RETURNED
    decision_request.return_reason = reason
    decision_request.answered_at = utcnow()
    lower = decision_request.from_table
    target = PatternState.IN_PROGRESS
    if decision_request.previous_id:
        # The lower table had itself received the pattern from below: it is on its agenda again.
        previous = db.session.get(DecisionRequest, decision_request.previous_id)
        if previous is not None and previous.status == RequestStatus.FORWARDED:
            previous.status = RequestStatus.OPEN
            previous.answered_at = None
            target = PatternState.ESCALATED
    move(chair, pattern, lower, "returned")
    db.session.flush()
    record(chair, "decision_request.returned", decision_request, pattern=pattern.id, reason=reason)
    transition(
        chair,
        pattern,
        target,
        _(
            "%(to)s stuurde de beslisvraag terug naar %(from)s: %(reason)s",
            **{"to": decision_request.to_table.name, "from": lower.name, "reason": reason},
        ),
        request=decision_request.id,
    )
