"""The table panel of a pattern page: what it shows, and the forms this user may use."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import func, or_, select

from learning.accounts.models import Organisation, User, user_organisations
from learning.accounts.services import live_organisations
from learning.extensions import db
from learning.patterns.models import ORDER_LABELS, LearningOrder, Pattern
from learning.patterns.states import ESCALATABLE, WORKING, PatternState
from learning.tables import practices, queries
from learning.tables.actions import default_due_on
from learning.tables.forms import (
    ActionForm,
    ActionUpdateForm,
    DecisionForm,
    DossierForm,
    PracticeForm,
    ReasonForm,
)
from learning.tables.models import DecisionRequest, LearningTable, TableAction
from learning.tables.permissions import (
    can_decide,
    can_record_practice,
    can_run,
    can_update_action,
    can_work_at,
)
from learning.tables.routing import route
from learning.timeutil import today


@dataclass
class Flow:
    """Everything the table section of a pattern page shows, and the forms this user may use."""

    pattern: Pattern
    table: LearningTable | None
    route: list
    actions: list[TableAction]
    requests: list[DecisionRequest]
    resolutions: list
    practices: list
    effect: queries.Effect | None
    incoming: DecisionRequest | None
    can_run: bool
    forms: dict[str, Any] = field(default_factory=dict)
    action_forms: dict[int, ActionUpdateForm] = field(default_factory=dict)
    error: str | None = None
    submitted: str | None = None

    @property
    def order_label(self) -> str:
        return _(ORDER_LABELS[self.pattern.order]) if self.pattern.order else ""

    @property
    def error_has_form(self) -> bool:
        """Whether the refused form is shown (with the message beside it) for this user."""
        keys = set(self.forms) | {f"action{i}" for i in self.action_forms}
        return self.submitted in keys

    @property
    def take_up_overdue(self) -> bool:
        return queries.take_up_overdue(self.pattern)

    @property
    def escalation_open(self) -> bool:
        """Show the escalation form unfolded: third order, and nothing escalated yet."""
        return self.submitted == "escalate" or (
            self.incoming is None
            and self.pattern.order == LearningOrder.THIRD
            and not self.requests
        )

    @property
    def practice_open(self) -> bool:
        """Show the werkwijze form unfolded: first order and none recorded yet."""
        return self.submitted == "practice" or (
            self.pattern.order == LearningOrder.FIRST and not self.practices
        )


def _people(tables: list[LearningTable]) -> list[tuple[int, str, str | None]]:
    """Who can own an action: (id, name, first live organisation) of the people and
    organisations of these tables. Columns only: at national scale an organisation has
    thousands of accounts, and loading them as users would load their roles and
    organisations too."""
    ids: set[int] = set()
    organisation_ids: set[int] = set()
    for table in tables:
        ids |= {u.id for u in (table.chair, table.secretary) if u is not None}
        ids |= {u.id for u in table.members}
        organisation_ids |= {o.id for o in table.organisations}
    live = (
        select(user_organisations.c.user_id, func.min(Organisation.name).label("name"))
        .join(Organisation, Organisation.id == user_organisations.c.organisation_id)
        .where(Organisation.deleted_at.is_(None))
        .group_by(user_organisations.c.user_id)
        .subquery()
    )
    query = (
        select(User.id, User.name, live.c.name)
        .outerjoin(live, live.c.user_id == User.id)
        .where(User.active.is_(True))
        .order_by(User.name)
    )
    if organisation_ids:
        members = select(user_organisations.c.user_id).where(
            user_organisations.c.organisation_id.in_(organisation_ids)
        )
        query = query.where(or_(User.id.in_(ids), User.id.in_(members)))
    elif ids:
        query = query.where(User.id.in_(ids))
    return [(row[0], row[1], row[2]) for row in db.session.execute(query)]


def _owner_choices(tables: list[LearningTable]) -> dict[str, list[tuple[int, str]]]:
    """Owners grouped: first the people of each table, then everyone else by organisation."""
    groups: dict[str, list[tuple[int, str]]] = {_("Kies een eigenaar"): [(0, _("— kies —"))]}
    seen: set[int] = set()
    for table in tables:
        people = [u for u in (table.chair, table.secretary, *table.members) if u is not None]
        rows = [(u.id, u.name) for u in people if u.active and u.id not in seen]
        seen |= {row[0] for row in rows}
        if rows:
            groups[table.name] = rows
    for user_id, name, organisation in _people(tables):
        if user_id in seen:
            continue
        groups.setdefault(organisation or _("Overig"), []).append((user_id, name))
    return groups


def _form(cls, key: str, submitted: str | None, formdata, **data):
    """The submitted form keeps what the user typed; the others start from `data`."""
    if key == submitted and formdata is not None:
        return cls(formdata=formdata, prefix=key)
    return cls(formdata=None, prefix=key, **data)


def build_panel(
    pattern: Pattern,
    user: User,
    submitted: str | None = None,
    formdata=None,
    error: str | None = None,
) -> Flow:
    table = pattern.table
    state = PatternState(pattern.state)
    runs = can_run(user, table)
    incoming = queries.open_request_for(pattern, table) if table is not None else None
    flow = Flow(
        pattern=pattern,
        table=table,
        route=route(pattern),
        actions=queries.actions_of_pattern(pattern),
        requests=queries.requests_of(pattern),
        resolutions=queries.resolutions_of(pattern),
        practices=practices.practices_of(pattern),
        effect=queries.effect(pattern),
        incoming=incoming,
        can_run=runs,
        error=error,
        submitted=submitted,
    )
    version = pattern.version
    forms = flow.forms
    if can_record_practice(user, pattern) and not practices.structurally_solved(pattern):
        forms["practice"] = _form(PracticeForm, "practice", submitted, formdata)
    if state in WORKING and can_work_at(user, table):
        action_form = _form(
            ActionForm,
            "action",
            submitted,
            formdata,
            due_on=default_due_on(),
        )
        action_form.owner.choices = _owner_choices([table])
        action_form.organisation.choices = [(0, _("— organisatie van de eigenaar —"))] + [
            (o.id, o.name) for o in live_organisations()
        ]
        forms["action"] = action_form
    for action in flow.actions:
        if can_update_action(user, action):
            key = f"action{action.id}"
            flow.action_forms[action.id] = _form(
                ActionUpdateForm,
                key,
                submitted,
                formdata,
                status=action.status,
                version=action.version,
            )
    if runs and state in ESCALATABLE and table.parent is not None:
        source = incoming
        forms["escalate"] = _form(
            DossierForm,
            "escalate",
            submitted,
            formdata,
            question=source.question if source else "",
            summary=source.summary if source else pattern.description,
            tried=source.tried if source else "",
            impact=source.impact if source else "",
            options="\n".join(source.options) if source else "",
            version=version,
        )
    if incoming is not None and can_decide(user, table):
        decision = _form(
            DecisionForm,
            "decide",
            submitted,
            formdata,
            decided_on=today(),
            decided_by=table.name,
            version=version,
            follow_up_due_on=default_due_on(),
        )
        lower = [r.table for r in flow.route if r.table_id != table.id]
        lower = list({t.id: t for t in lower}.values())
        decision.follow_up_table.choices = [(0, _("— geen vervolgactie —"))] + [
            (t.id, f"{t.name} ({t.kind_label})") for t in lower
        ]
        decision.follow_up_owner.choices = _owner_choices(lower)
        forms["decide"] = decision
        forms["send_back"] = _form(ReasonForm, "send_back", submitted, formdata, version=version)
    if runs and state in WORKING:
        forms["close"] = _form(ReasonForm, "close", submitted, formdata, version=version)
    if runs and state == PatternState.SOLVED:
        forms["evaluate"] = _form(ReasonForm, "evaluate", submitted, formdata, version=version)
    return flow
