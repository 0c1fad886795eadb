"""Learning tables: set up the ladder, and move a pattern up it until it is solved.

Every step goes through learning.patterns.states.transition (or add_event for steps that do
not change the state), so it is validated, audited and fed back to reporters and followers.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date, timedelta

from flask import render_template
from flask_babel import format_date
from flask_babel import gettext as _
from sqlalchemy import func, select

from learning.accounts.models import Organisation, User
from learning.audit.services import record
from learning.blockages.models import DOMAINS
from learning.errors import Conflict, DomainError, Forbidden, IllegalTransition, NotFound
from learning.extensions import db
from learning.links import external_url
from learning.mail.services import queue_mail
from learning.patterns.models import STATE_LABELS, LearningOrder, Pattern, PatternState
from learning.patterns.states import add_event, can_transition, check_version, transition
from learning.privacy import mask_text
from learning.tables.models import (
    DEFAULT_ACTION_DAYS,
    TABLE_KIND_RANK,
    ActionNote,
    ActionStatus,
    Decision,
    DecisionRequest,
    LearningTable,
    PatternRoute,
    RequestStatus,
    Resolution,
    TableAction,
    TableKind,
)
from learning.timeutil import today, utcnow

logger = logging.getLogger(__name__)

S = PatternState
MIN_TEXT = 10
# States in which a table works on a pattern itself (not waiting for the table above).
WORKING_STATES = {S.IN_PROGRESS, S.DECIDED, S.IMPLEMENTING}


# --- tables (admin) ------------------------------------------------------------------------


@dataclass
class TableInput:
    name: str
    kind: str
    description: str = ""
    domains: list[str] = field(default_factory=list)
    chair_id: int | None = None
    secretary_id: int | None = None
    parent_id: int | None = None
    member_ids: list[int] = field(default_factory=list)
    organisation_ids: list[int] = field(default_factory=list)
    take_up_days: int = 28
    decision_days: int = 56


def get_table(table_id: int) -> LearningTable:
    table = db.session.get(LearningTable, table_id)
    if table is None:
        raise NotFound(_("Deze tafel bestaat niet."))
    return table


def _check_admin(actor: User) -> None:
    if not actor.is_admin:
        raise Forbidden(_("Alleen het programmateam kan tafels inrichten."))


def _user(user_id: int | None, what: str) -> User | None:
    if not user_id:
        return None
    user = db.session.get(User, user_id)
    if user is None or not user.active:
        raise DomainError(_("De gekozen %(what)s heeft geen actief account.", what=what))
    return user


def _apply_table(table: LearningTable, data: TableInput) -> None:
    """Validate and copy; one DomainError with every problem, in Dutch."""
    problems = []
    name = (data.name or "").strip()
    if not name:
        problems.append(_("Geef de tafel een naam."))
    elif len(name) > 200:
        problems.append(_("De naam is te lang (maximaal 200 tekens)."))
    elif db.session.scalar(
        select(LearningTable.id).where(
            func.lower(LearningTable.name) == name.lower(), LearningTable.id != table.id
        )
    ):
        problems.append(_("Er bestaat al een tafel met deze naam."))
    if data.kind not in {k.value for k in TableKind}:
        problems.append(_("Kies het soort tafel."))
    unknown = [d for d in data.domains if d not in DOMAINS]
    if unknown:
        problems.append(_("Onbekend domein: %(d)s.", d=", ".join(unknown)))
    if data.take_up_days < 1 or data.decision_days < 1:
        problems.append(_("Reactietermijnen moeten minstens één dag zijn."))
    parent = None
    if data.parent_id:
        parent = db.session.get(LearningTable, data.parent_id)
        if parent is None:
            problems.append(_("De gekozen tafel erboven bestaat niet."))
        elif (
            data.kind in {k.value for k in TableKind}
            and parent.rank <= TABLE_KIND_RANK[TableKind(data.kind)]
        ):
            problems.append(
                _(
                    "De tafel erboven moet hoger op de ladder staan (werktafel → ambtelijke → "
                    "bestuurlijke stuurgroep → landelijk)."
                )
            )
        if parent is not None and (parent.id == table.id or _is_ancestor(table, parent)):
            problems.append(_("Een tafel kan niet boven zichzelf staan."))
    if problems:
        raise DomainError(" ".join(problems))
    organisations = []
    for organisation_id in dict.fromkeys(data.organisation_ids):
        organisation = db.session.get(Organisation, organisation_id)
        if organisation is None or organisation.is_deleted:
            raise DomainError(_("Een gekozen organisatie bestaat niet meer. Kies opnieuw."))
        organisations.append(organisation)
    table.name = name
    table.kind = data.kind
    table.description = (data.description or "").strip()
    table.domains = list(dict.fromkeys(data.domains))
    table.chair = _user(data.chair_id, _("voorzitter"))
    table.secretary = _user(data.secretary_id, _("secretaris"))
    table.parent = parent
    table.members = [
        u
        for u in (_user(i, _("deelnemer")) for i in dict.fromkeys(data.member_ids))
        if u is not None
    ]
    table.organisations = organisations
    table.take_up_days = data.take_up_days
    table.decision_days = data.decision_days


def _is_ancestor(table: LearningTable, candidate: LearningTable) -> bool:
    """Whether `table` already stands above `candidate` (a cycle if it became its parent)."""
    if table.id is None:
        return False
    seen: set[int] = set()
    current = candidate.parent
    while current is not None and current.id not in seen:
        if current.id == table.id:
            return True
        seen.add(current.id)
        current = current.parent
    return False


def create_table(actor: User, data: TableInput) -> LearningTable:
    _check_admin(actor)
    table = LearningTable()
    _apply_table(table, data)
    db.session.add(table)
    record(actor, "table.created", table, name=table.name, kind=table.kind)
    logger.info("Table %s created by %s", table.id, actor.id)
    return table


def update_table(
    actor: User, table: LearningTable, data: TableInput, expected_version: int | None = None
) -> LearningTable:
    _check_admin(actor)
    if expected_version is not None and expected_version != table.version:
        raise Conflict(
            _("Deze tafel is intussen door iemand anders gewijzigd. Laad de pagina opnieuw.")
        )
    before = {"name": table.name, "kind": table.kind, "parent": table.parent_id}
    _apply_table(table, data)
    db.session.flush()
    record(
        actor,
        "table.updated",
        table,
        before=before,
        after={"name": table.name, "kind": table.kind, "parent": table.parent_id},
    )
    return table


def delete_table(actor: User, table: LearningTable) -> None:
    """Refused while the table holds patterns, has tables below it, or has history."""
    _check_admin(actor)
    held = db.session.scalar(select(func.count(Pattern.id)).where(Pattern.table_id == table.id))
    if held:
        raise DomainError(
            _(
                "Deze tafel heeft nog %(n)s patronen. Draag ze eerst over aan een andere tafel; "
                "er is niets verwijderd.",
                n=held,
            )
        )
    children = db.session.scalar(
        select(func.count(LearningTable.id)).where(LearningTable.parent_id == table.id)
    )
    if children:
        raise DomainError(
            _("Er staan nog tafels onder deze tafel. Koppel ze eerst aan een andere tafel.")
        )
    history = sum(
        db.session.scalar(select(func.count()).select_from(model).where(column == table.id)) or 0
        for model, column in (
            (TableAction, TableAction.table_id),
            (DecisionRequest, DecisionRequest.to_table_id),
            (DecisionRequest, DecisionRequest.from_table_id),
            (PatternRoute, PatternRoute.table_id),
        )
    )
    if history:
        raise DomainError(
            _(
                "Deze tafel heeft acties, beslisvragen of patronen in haar geschiedenis. "
                "Die blijven bewaard; de tafel kan daarom niet worden verwijderd."
            )
        )
    record(actor, "table.deleted", table, name=table.name)
    db.session.delete(table)
    db.session.flush()
    logger.info("Table %s deleted by %s", table.id, actor.id)


# --- permissions ---------------------------------------------------------------------------


def check_runs(user: User, table: LearningTable | None) -> LearningTable:
    """Chair, secretary or programme team of the table."""
    if table is None:
        raise DomainError(_("Dit patroon ligt nog bij geen tafel."))
    if not table.is_run_by(user):
        raise Forbidden(
            _("Alleen de voorzitter of secretaris van %(table)s kan dit doen.", table=table.name)
        )
    return table


def check_works_at(user: User, table: LearningTable) -> None:
    if not table.is_worked_on_by(user):
        raise Forbidden(
            _("U werkt niet aan %(table)s en kunt de acties niet wijzigen.", table=table.name)
        )


# --- the route of a pattern along the ladder -----------------------------------------------


def _move(actor: User | None, pattern: Pattern, table: LearningTable, reason: str) -> None:
    """Hand the pattern to `table`, keeping where it came from."""
    _ensure_origin(pattern)
    pattern.table = table
    db.session.add(
        PatternRoute(
            pattern_id=pattern.id,
            table_id=table.id,
            reason=reason,
            actor_id=actor.id if actor else None,
        )
    )


def _ensure_origin(pattern: Pattern) -> None:
    """The first stop is the table that took the pattern up at triage."""
    if pattern.table_id is None:
        return
    exists = db.session.scalar(
        select(PatternRoute.id).where(PatternRoute.pattern_id == pattern.id).limit(1)
    )
    if not exists:
        db.session.add(
            PatternRoute(
                pattern_id=pattern.id,
                table_id=pattern.table_id,
                reason="taken_up",
                arrived_at=pattern.confirmed_at or pattern.queued_at or utcnow(),
            )
        )
        db.session.flush()


def _text(value: str | None, message: str, minimum: int = MIN_TEXT) -> str:
    value = mask_text((value or "").strip())
    if len(value) < minimum:
        raise DomainError(message)
    return value


def _require_state(pattern: Pattern, allowed: set[PatternState], target: PatternState) -> None:
    if PatternState(pattern.state) not in allowed or not can_transition(pattern, target):
        raise IllegalTransition(
            _(
                "Een patroon met status '%(from)s' kan niet naar '%(to)s'.",
                **{
                    "from": STATE_LABELS[PatternState(pattern.state)],
                    "to": STATE_LABELS[target],
                },
            )
        )


def _day(value: date) -> str:
    return format_date(value, "d MMMM yyyy")


# --- actions -------------------------------------------------------------------------------


@dataclass
class ActionInput:
    what: str
    owner_id: int | None
    due_on: date | None
    organisation_id: int | None = None


def default_due_on() -> date:
    return today() + timedelta(days=DEFAULT_ACTION_DAYS)


def _new_action(
    actor: User, pattern: Pattern, table: LearningTable, data: ActionInput, decision_id=None
) -> TableAction:
    problems = []
    what = mask_text((data.what or "").strip())
    if len(what) < 5:
        problems.append(_("Beschrijf wat er moet gebeuren."))
    owner = db.session.get(User, data.owner_id) if data.owner_id else None
    if owner is None:
        problems.append(_("Kies een eigenaar voor de actie."))
    elif not owner.active:
        problems.append(_("De gekozen eigenaar heeft geen actief account."))
    if data.due_on is None:
        problems.append(_("Geef de actie een deadline."))
    elif data.due_on < today():
        problems.append(_("De deadline ligt in het verleden. Kies vandaag of later."))
    organisation = None
    if data.organisation_id:
        organisation = db.session.get(Organisation, data.organisation_id)
        if organisation is None or organisation.is_deleted:
            problems.append(_("De gekozen organisatie bestaat niet meer."))
    if problems:
        raise DomainError(" ".join(problems))
    action = TableAction(
        pattern_id=pattern.id,
        table=table,
        decision_id=decision_id,
        what=what,
        owner=owner,
        organisation=organisation or owner.primary_organisation,
        due_on=data.due_on,
        created_by_id=actor.id,
    )
    db.session.add(action)
    record(
        actor,
        "table_action.created",
        action,
        pattern=pattern.id,
        table=table.id,
        owner=owner.id,
        due_on=data.due_on.isoformat(),
    )
    if owner.id != actor.id:
        _mail_owner(action, pattern)
    return action


def _mail_owner(action: TableAction, pattern: Pattern) -> None:
    link = external_url("patterns.show_pattern", pattern_id=pattern.id)
    queue_mail(
        action.owner.email,
        _("Nieuwe actie voor u: %(what)s", what=action.what)[:300],
        render_template(
            "tables/email/action_assigned.txt", action=action, pattern=pattern, link=link
        ),
        dedupe_key=f"action-assigned:{action.id}",
    )


def add_action(actor: User, pattern: Pattern, data: ActionInput) -> TableAction:
    """The table agrees who does what by when; a decided pattern thereby goes into execution."""
    table = pattern.table
    if table is None:
        raise DomainError(_("Dit patroon ligt nog bij geen tafel."))
    check_works_at(actor, table)
    if PatternState(pattern.state) not in WORKING_STATES:
        raise DomainError(
            _(
                "Bij een patroon met status '%(state)s' kunnen geen acties worden toegevoegd.",
                state=pattern.state_label,
            )
        )
    _ensure_origin(pattern)
    action = _new_action(actor, pattern, table, data)
    summary = _(
        "Actie afgesproken bij %(table)s: %(what)s (deadline %(due)s).",
        table=table.name,
        what=action.what,
        due=_day(action.due_on),
    )
    if pattern.state == S.DECIDED:
        transition(actor, pattern, S.IMPLEMENTING, summary, action_id=action.id)
    else:
        add_event(actor, pattern, "action", summary, action_id=action.id)
    return action


def get_action(action_id: int) -> TableAction:
    action = db.session.get(TableAction, action_id)
    if action is None:
        raise NotFound(_("Deze actie bestaat niet."))
    return action


def update_action(
    actor: User,
    action: TableAction,
    note: str,
    status: str,
    expected_version: int | None = None,
) -> TableAction:
    """A progress note, or done / not done (with what came of it)."""
    if action.owner_id != actor.id:
        check_works_at(actor, action.table)
    if expected_version is not None and expected_version != action.version:
        raise Conflict(
            _("Deze actie is intussen door iemand anders bijgewerkt. Bekijk de nieuwe stand.")
        )
    if status not in {s.value for s in ActionStatus}:
        raise DomainError(_("Kies de status van de actie."))
    note = mask_text((note or "").strip())
    if not note and status == action.status:
        raise DomainError(_("Schrijf een voortgangsnotitie of wijzig de status."))
    before = action.status
    if note:
        action.notes.append(ActionNote(author_id=actor.id, text=note))
    action.status = status
    pattern = db.session.get(Pattern, action.pattern_id)
    if before == ActionStatus.OPEN and status != ActionStatus.OPEN:
        action.finished_at = utcnow()
        action.result = note
        summary = (
            _("Actie uitgevoerd: %(what)s.", what=action.what)
            if status == ActionStatus.DONE
            else _("Actie niet uitgevoerd: %(what)s.", what=action.what)
        )
        if note:
            summary += " " + note
        add_event(actor, pattern, "action_finished", summary, action_id=action.id)
    elif status == ActionStatus.OPEN:
        action.finished_at = None
    db.session.flush()
    record(actor, "table_action.updated", action, before=before, after=status, note=bool(note))
    return action


def open_actions(pattern: Pattern) -> list[TableAction]:
    return list(
        db.session.scalars(
            select(TableAction).where(
                TableAction.pattern_id == pattern.id, TableAction.status == ActionStatus.OPEN
            )
        )
    )


# --- second order: solved by the werktafel ------------------------------------------------


def close_pattern(
    chair: User, pattern: Pattern, change: str, expected_version: int | None = None
) -> Resolution:
    """Solved: the chair says what changed in the procedure; werkwijzen are retired."""
    from learning.tables.practices import retire_practices

    check_runs(chair, pattern.table)
    check_version(pattern, expected_version)
    _require_state(pattern, WORKING_STATES, S.SOLVED)
    change = _text(
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
    _ensure_origin(pattern)
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
        S.SOLVED,
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
    check_runs(chair, pattern.table)
    check_version(pattern, expected_version)
    _require_state(pattern, {S.SOLVED}, S.EVALUATED)
    note = _text(note, _("Schrijf kort wat de evaluatie opleverde (minstens 10 tekens)."))
    transition(chair, pattern, S.EVALUATED, _("Geëvalueerd: %(note)s", note=note))


# --- third order: escalation with a dossier ------------------------------------------------


@dataclass
class DossierInput:
    question: str  # the beslisvraag
    options: list[str] = field(default_factory=list)
    tried: str = ""
    impact: str = ""
    summary: str = ""


def _open_request_to(pattern: Pattern, table_id: int | None) -> DecisionRequest | None:
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
    from learning.tables.dossier import build_evidence

    table = check_runs(chair, pattern.table)
    check_version(pattern, expected_version)
    if pattern.confirmed_at is None:
        raise DomainError(_("Bevestig het patroon eerst (triage) voordat u het escaleert."))
    _require_state(pattern, {S.IN_PROGRESS, S.IMPLEMENTING, S.ESCALATED}, S.ESCALATED)
    parent = table.parent
    if parent is None:
        raise DomainError(
            _("%(table)s heeft geen tafel erboven om naar te escaleren.", table=table.name)
        )
    question = _text(
        data.question,
        _("Een escalatie heeft een beslisvraag nodig: wat moet de tafel erboven besluiten?"),
    )
    incoming = _open_request_to(pattern, table.id)
    _ensure_origin(pattern)
    request = DecisionRequest(
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
    db.session.add(request)
    if incoming is not None:
        incoming.status = RequestStatus.FORWARDED
        incoming.answered_at = utcnow()
    pattern.order = LearningOrder.THIRD
    _move(chair, pattern, parent, "escalated")
    db.session.flush()
    record(chair, "decision_request.created", request, pattern=pattern.id, to_table=parent.id)
    transition(
        chair,
        pattern,
        S.ESCALATED,
        _(
            "%(from)s heeft het patroon voorgelegd aan %(to)s met de beslisvraag: %(q)s",
            **{"from": table.name, "to": parent.name, "q": question},
        ),
        request=request.id,
        to_table=parent.id,
    )
    _mail_table_chair(request)
    logger.info("Pattern %s escalated to table %s by %s", pattern.id, parent.id, chair.id)
    return request


def _mail_table_chair(request: DecisionRequest) -> None:
    chair = request.to_table.chair
    if chair is None:
        return
    link = external_url("tables.dossier", request_id=request.id)
    queue_mail(
        chair.email,
        _("Beslisvraag voor %(table)s", table=request.to_table.name)[:300],
        render_template("tables/email/request_received.txt", request=request, link=link),
        dedupe_key=f"request-received:{request.id}",
    )


def get_request(request_id: int) -> DecisionRequest:
    request = db.session.get(DecisionRequest, request_id)
    if request is None:
        raise NotFound(_("Deze beslisvraag bestaat niet."))
    return request


def _check_answerable(chair: User, request: DecisionRequest, expected_version: int | None):
    check_runs(chair, request.to_table)
    pattern = db.session.get(Pattern, request.pattern_id)
    if not request.is_open:
        raise Conflict(
            _("Deze beslisvraag is al afgehandeld (%(status)s).", status=request.status_label)
        )
    check_version(pattern, expected_version)
    if pattern.table_id != request.to_table_id:
        raise Conflict(_("Dit patroon ligt niet meer bij %(t)s.", t=request.to_table.name))
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
    request: DecisionRequest,
    data: DecisionInput,
    expected_version: int | None = None,
) -> Decision:
    """Answer a beslisvraag; follow-up actions go back to a lower table that carries them out."""
    pattern = _check_answerable(chair, request, expected_version)
    text = _text(data.text, _("Schrijf het besluit op (minstens 10 tekens)."))
    decided_on = data.decided_on or today()
    if decided_on > today():
        raise DomainError(_("De datum van het besluit ligt in de toekomst."))
    decided_by = mask_text((data.decided_by or "").strip()) or request.to_table.name
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
        request=request,
        pattern_id=pattern.id,
        table_id=request.to_table_id,
        text=text,
        decided_on=decided_on,
        decided_by=decided_by[:300],
        recorded_by_id=chair.id,
    )
    db.session.add(decision)
    request.status = RequestStatus.DECIDED
    request.answered_at = utcnow()
    db.session.flush()
    record(chair, "decision.recorded", decision, pattern=pattern.id, request=request.id)
    transition(
        chair,
        pattern,
        S.DECIDED,
        _(
            "Besluit van %(table)s (%(day)s, %(by)s): %(text)s",
            table=request.to_table.name,
            day=_day(decided_on),
            by=decided_by,
            text=text,
        ),
        decision=decision.id,
    )
    if follow_up_table is not None:
        actions = [
            _new_action(chair, pattern, follow_up_table, a, decision_id=decision.id)
            for a in follow_ups
        ]
        _move(chair, pattern, follow_up_table, "follow_up")
        transition(
            chair,
            pattern,
            S.IMPLEMENTING,
            _(
                "Uitvoering van het besluit ligt bij %(table)s: %(what)s",
                table=follow_up_table.name,
                what="; ".join(a.what for a in actions),
            ),
            decision=decision.id,
        )
    logger.info("Decision %s on pattern %s by %s", decision.id, pattern.id, chair.id)
    return decision


def send_back(
    chair: User, request: DecisionRequest, reason: str, expected_version: int | None = None
) -> None:
    """The table above does not decide: the pattern returns below, with the reasons."""
    pattern = _check_answerable(chair, request, expected_version)
    reason = _text(reason, _("Geef aan waarom de beslisvraag wordt teruggestuurd."))
    request.status = RequestStatus.RETURNED
    request.return_reason = reason
    request.answered_at = utcnow()
    lower = request.from_table
    target = S.IN_PROGRESS
    if request.previous_id:
        # The lower table had itself received the pattern from below: it is on its agenda again.
        previous = db.session.get(DecisionRequest, request.previous_id)
        if previous is not None and previous.status == RequestStatus.FORWARDED:
            previous.status = RequestStatus.OPEN
            previous.answered_at = None
            target = S.ESCALATED
    _move(chair, pattern, lower, "returned")
    db.session.flush()
    record(chair, "decision_request.returned", request, pattern=pattern.id, reason=reason)
    transition(
        chair,
        pattern,
        target,
        _(
            "%(to)s stuurde de beslisvraag terug naar %(from)s: %(reason)s",
            **{"to": request.to_table.name, "from": lower.name, "reason": reason},
        ),
        request=request.id,
    )


# --- read helpers the services need ----------------------------------------------------------


def route(pattern: Pattern) -> list[PatternRoute]:
    """The tables the pattern passed, in order (the triage table first)."""
    stops = list(
        db.session.scalars(
            select(PatternRoute)
            .where(PatternRoute.pattern_id == pattern.id)
            .order_by(PatternRoute.arrived_at, PatternRoute.id)
        )
    )
    if not stops and pattern.table is not None:
        return [
            PatternRoute(
                pattern_id=pattern.id,
                table=pattern.table,
                table_id=pattern.table_id,
                reason="taken_up",
                arrived_at=pattern.confirmed_at or pattern.queued_at or pattern.created_at,
            )
        ]
    return stops
