"""Setting up the ladder: the programme team creates, changes and removes learning tables."""

from __future__ import annotations

from dataclasses import dataclass, field

from flask_babel import gettext as _
from sqlalchemy import func, select

from learning.accounts.models import Organisation, User
from learning.audit.services import record
from learning.blockages.models import DOMAINS
from learning.errors import DomainError, NotFound, require_version
from learning.extensions import db
from learning.patterns.models import Pattern
from learning.permissions import require
from learning.tables.models import (
    TABLE_KIND_RANK,
    DecisionRequest,
    LearningTable,
    PatternRoute,
    TableAction,
    TableKind,
)
from learning.tables.permissions import can_set_up_tables


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


def _require_admin(actor: User) -> None:
    require(can_set_up_tables(actor), _("Alleen het programmateam kan tafels inrichten."))


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
    _require_admin(actor)
    table = LearningTable()
    _apply_table(table, data)
    db.session.add(table)
    db.session.flush()
    record(actor, "table.created", table, name=table.name, kind=table.kind)
    return table


def update_table(
    actor: User, table: LearningTable, data: TableInput, expected_version: int | None = None
) -> LearningTable:
    _require_admin(actor)
    require_version(
        table,
        expected_version,
        _("Deze tafel is intussen door iemand anders gewijzigd. Laad de pagina opnieuw."),
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
    _require_admin(actor)
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
