"""Table actions: who does what for a pattern by when, and how it went."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from flask_babel import gettext as _
from sqlalchemy import select

from learning.accounts.models import Organisation, User
from learning.audit.services import record
from learning.errors import DomainError, NotFound, require_version
from learning.extensions import db
from learning.insight.hooks import pattern_changed
from learning.patterns.models import Pattern
from learning.patterns.states import WORKING, PatternState, add_event, transition
from learning.permissions import require
from learning.privacy import mask_text
from learning.tables import notify
from learning.tables.models import (
    DEFAULT_ACTION_DAYS,
    ActionNote,
    ActionStatus,
    LearningTable,
    TableAction,
)
from learning.tables.permissions import can_work_at
from learning.tables.routing import ensure_origin, held_by
from learning.templating import long_date
from learning.timeutil import today, utcnow


def _require_worker(actor: User, table: LearningTable) -> None:
    require(
        can_work_at(actor, table),
        _("U werkt niet aan %(table)s en kunt de acties niet wijzigen.", table=table.name),
    )


@dataclass
class ActionInput:
    what: str
    owner_id: int | None
    due_on: date | None
    organisation_id: int | None = None


def default_due_on() -> date:
    return today() + timedelta(days=DEFAULT_ACTION_DAYS)


def new_action(
    actor: User,
    pattern: Pattern,
    table: LearningTable,
    data: ActionInput,
    decision_id: int | None = None,
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
    pattern_changed(pattern)
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
        notify.action_assigned(action, pattern)
    return action


def add_action(actor: User, pattern: Pattern, data: ActionInput) -> TableAction:
    """The table agrees who does what by when; a decided pattern thereby goes into execution."""
    table = held_by(pattern)
    _require_worker(actor, table)
    if pattern.state not in WORKING:
        raise DomainError(
            _(
                "Bij een patroon met status '%(state)s' kunnen geen acties worden toegevoegd.",
                state=pattern.state_label,
            )
        )
    ensure_origin(pattern)
    action = new_action(actor, pattern, table, data)
    summary = _(
        "Actie afgesproken bij %(table)s: %(what)s (deadline %(due)s).",
        table=table.name,
        what=action.what,
        due=long_date(action.due_on),
    )
    if pattern.state == PatternState.DECIDED:
        transition(actor, pattern, PatternState.IMPLEMENTING, summary, action_id=action.id)
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
        _require_worker(actor, action.table)
    require_version(
        action,
        expected_version,
        _("Deze actie is intussen door iemand anders bijgewerkt. Bekijk de nieuwe stand."),
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
