"""Learning tables: the ladder, each table's board, and the table flow of a pattern."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Blueprint, Response, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from learning.accounts.models import Role
from learning.accounts.services import live_organisations
from learning.errors import Conflict, DomainError, Forbidden, IllegalTransition, NotFound
from learning.patterns.models import Pattern
from learning.patterns.permissions import can_see
from learning.patterns.services import get_pattern, set_email_preference
from learning.permissions import login_required, roles_required
from learning.privacy_counts import small_count
from learning.tables import actions, admin, escalation, practices, queries, resolution
from learning.tables import dossier as dossiers
from learning.tables.forms import (
    ActionForm,
    ActionUpdateForm,
    DecisionForm,
    DossierForm,
    PracticeForm,
    ReasonForm,
    TableForm,
)
from learning.tables.models import DecisionRequest, LearningTable
from learning.tables.pattern_panel import build_panel
from learning.unit_of_work import commit, rollback
from learning.web import expected_version, form_error, form_errors_text, go, is_htmx, render

bp = Blueprint("tables", __name__)


PANEL_PAGE = "tables/pattern.html"
PANEL = "partials/tables/_pattern_flow.html"


def _back(pattern_id: int) -> Response:
    target = url_for("patterns.show_pattern", pattern_id=pattern_id)
    # For htmx without a fragment: a redirect to the same URL plus "#..." would not reload.
    return go(target if is_htmx() else target + "#tafelwerk")


def _dossier_page(decision_request: DecisionRequest, submitted=None, error=None) -> dict[str, Any]:
    """The dossier, with the decide / send-back forms for the deciding table."""
    pattern = get_pattern(decision_request.pattern_id)
    flow = build_panel(
        pattern,
        current_user,
        submitted=submitted,
        formdata=request.form if submitted else None,
        error=error,
    )
    answering = flow.incoming is not None and flow.incoming.id == decision_request.id
    return {
        "decision_request": decision_request,
        "pattern": pattern,
        "chain": dossiers.chain(decision_request),
        "small_count": small_count,
        "flow": flow,
        "can_answer": answering and "decide" in flow.forms,
        "follow_ups": queries.actions_of_decision(decision_request.decision),
    }


def _from_dossier() -> DecisionRequest | None:
    """The decide and send-back forms also sit on the dossier page, which they return to."""
    if request.form.get("dossier") != "1":
        return None
    return escalation.get_decision_request(request.view_args["request_id"])


def _submit(pattern: Pattern, key: str, form, step: Callable[[], Any], done: str) -> Response:
    """Validate the form, take the step; on a refusal show the panel again with the input kept."""
    dossier = _from_dossier() if key in {"decide", "send_back"} else None
    try:
        if not form.validate():
            raise DomainError(form_errors_text(form.errors))
        step()
    except DomainError as error:
        rollback()
        if isinstance(error, Forbidden | NotFound):
            raise  # not a form problem: the error page
        if isinstance(error, IllegalTransition):
            error = Conflict(error.message)  # someone moved the pattern on: answer 409
        if dossier is not None:
            context = _dossier_page(dossier, submitted=key, error=error.message)
            return form_error("tables/dossier.html", None, error, **context)
        flow = build_panel(
            get_pattern(pattern.id),
            current_user,
            submitted=key,
            formdata=request.form,
            error=error.message,
        )
        return form_error(PANEL_PAGE, PANEL, error, flow=flow)
    commit()
    flash(done, "info")
    if dossier is not None:
        return go(url_for("tables.dossier", request_id=dossier.id))
    return _back(pattern.id)


@bp.get("/tafels/patronen/<int:pattern_id>")
@login_required
def pattern_flow(pattern_id: int):
    pattern = get_pattern(pattern_id)
    if not can_see(current_user, pattern):
        raise NotFound(_("Dit patroon bestaat niet."))
    return render(PANEL_PAGE, PANEL, flow=build_panel(pattern, current_user))


@bp.post("/tafels/patronen/<int:pattern_id>/acties")
@login_required
def add_action(pattern_id: int):
    pattern = get_pattern(pattern_id)
    form = ActionForm(prefix="action")
    return _submit(
        pattern,
        "action",
        form,
        lambda: actions.add_action(current_user, pattern, form.to_input()),
        _("Actie toegevoegd."),
    )


@bp.post("/tafels/acties/<int:action_id>")
@login_required
def update_action(action_id: int):
    action = actions.get_action(action_id)
    pattern = get_pattern(action.pattern_id)
    form = ActionUpdateForm(prefix=f"action{action.id}")
    return _submit(
        pattern,
        f"action{action.id}",
        form,
        lambda: actions.update_action(
            current_user,
            action,
            form.note.data,
            form.status.data,
            expected_version(form.version.data),
        ),
        _("Actie bijgewerkt."),
    )


@bp.post("/tafels/patronen/<int:pattern_id>/escaleren")
@login_required
def escalate(pattern_id: int):
    pattern = get_pattern(pattern_id)
    form = DossierForm(prefix="escalate")
    return _submit(
        pattern,
        "escalate",
        form,
        lambda: escalation.escalate(
            current_user, pattern, form.to_input(), expected_version(form.version.data)
        ),
        _("Geëscaleerd: de beslisvraag staat op de agenda van de tafel erboven."),
    )


@bp.post("/tafels/beslisvragen/<int:request_id>/besluit")
@login_required
def decide(request_id: int):
    decision_request = escalation.get_decision_request(request_id)
    pattern = get_pattern(decision_request.pattern_id)
    form = DecisionForm(prefix="decide")
    return _submit(
        pattern,
        "decide",
        form,
        lambda: escalation.decide(
            current_user, decision_request, form.to_input(), expected_version(form.version.data)
        ),
        _("Besluit vastgelegd."),
    )


@bp.post("/tafels/beslisvragen/<int:request_id>/terugsturen")
@login_required
def send_back(request_id: int):
    decision_request = escalation.get_decision_request(request_id)
    pattern = get_pattern(decision_request.pattern_id)
    form = ReasonForm(prefix="send_back")
    return _submit(
        pattern,
        "send_back",
        form,
        lambda: escalation.send_back(
            current_user, decision_request, form.text.data, expected_version(form.version.data)
        ),
        _("Beslisvraag teruggestuurd."),
    )


@bp.post("/tafels/patronen/<int:pattern_id>/afsluiten")
@login_required
def close_pattern(pattern_id: int):
    pattern = get_pattern(pattern_id)
    form = ReasonForm(prefix="close")
    return _submit(
        pattern,
        "close",
        form,
        lambda: resolution.close_pattern(
            current_user, pattern, form.text.data, expected_version(form.version.data)
        ),
        _("Patroon opgelost en afgesloten."),
    )


@bp.post("/tafels/patronen/<int:pattern_id>/evalueren")
@login_required
def evaluate(pattern_id: int):
    pattern = get_pattern(pattern_id)
    form = ReasonForm(prefix="evaluate")
    return _submit(
        pattern,
        "evaluate",
        form,
        lambda: resolution.evaluate(
            current_user, pattern, form.text.data, expected_version(form.version.data)
        ),
        _("Evaluatie vastgelegd."),
    )


@bp.post("/tafels/patronen/<int:pattern_id>/werkwijzen")
@login_required
def record_practice(pattern_id: int):
    pattern = get_pattern(pattern_id)
    form = PracticeForm(prefix="practice")
    return _submit(
        pattern,
        "practice",
        form,
        lambda: practices.record_practice(current_user, pattern, form.title.data, form.text.data),
        _("Werkwijze vastgelegd. Collega's zien hem bij vergelijkbare knelpunten."),
    )


# --- werkwijzen ------------------------------------------------------------------------------


@bp.get("/werkwijzen")
@login_required
def list_practices():
    q = request.args.get("q", "").strip()[:200]
    found = practices.similar_practices(q, [], limit=20) if q else practices.latest_practices()
    return render("tables/practices.html", "partials/tables/_practices.html", practices=found, q=q)


@bp.post("/werkwijzen/<int:practice_id>/steun")
@login_required
def endorse_practice(practice_id: int):
    practice = practices.get_practice(practice_id)
    practices.endorse_practice(current_user, practice)
    commit()
    if is_htmx():
        return render_template("partials/tables/_practice.html", p=practice)
    flash(_("Dank u. Uw collega's zien dat deze werkwijze ook bij u werkt."), "info")
    target = request.referrer or url_for("tables.list_practices")
    return redirect(target)


# --- the ladder and the boards ---------------------------------------------------------------


@bp.get("/tafels")
@login_required
def list_tables():
    return render("tables/list.html", "partials/tables/_ladder.html", rows=queries.ladder())


@bp.get("/tafels/<int:table_id>")
@login_required
def show_table(table_id: int):
    table = admin.get_table(table_id)
    show_closed = request.args.get("gesloten") == "1"
    return render(
        "tables/show.html",
        "partials/tables/_board.html",
        table=table,
        columns=queries.board(table, show_closed),
        show_closed=show_closed,
        agenda=queries.open_requests_to(table),
        overdue_actions=queries.actions_of_table(table, overdue_only=True),
        open_actions=queries.actions_of_table(table),
        children=queries.children(table),
    )


def _table_form(table: LearningTable | None, formdata=None) -> TableForm:
    if table is not None and formdata is None:
        form = TableForm(
            formdata=None,
            obj=table,
            chair=table.chair_id or 0,
            secretary=table.secretary_id or 0,
            parent=table.parent_id or 0,
            members=[u.id for u in table.members],
            organisations=[o.id for o in table.organisations],
            version=table.version,
        )
    else:
        form = TableForm(formdata=formdata)
    people = [(u.id, u.name) for u in queries.active_users()]
    form.chair.choices = [(0, _("— nog niet —")), *people]
    form.secretary.choices = [(0, _("— nog niet —")), *people]
    form.members.choices = people
    form.organisations.choices = [(o.id, o.name) for o in live_organisations()]
    form.parent.choices = [(0, _("— geen (hoogste tafel) —"))] + [
        (t.id, f"{t.name} ({t.kind_label})")
        for t in queries.all_tables()
        if table is None or t.id != table.id
    ]
    return form


def _save_table(table: LearningTable | None) -> Response:
    form = _table_form(table, formdata=request.form)
    try:
        if not form.validate():
            raise DomainError(form_errors_text(form.errors))
        if table is None:
            table = admin.create_table(current_user, form.to_input())
        else:
            admin.update_table(
                current_user, table, form.to_input(), expected_version(form.version.data)
            )
    except DomainError as error:
        rollback()
        return form_error("tables/form.html", None, error, form=form, table=table)
    commit()
    flash(_("Tafel opgeslagen."), "info")
    return redirect(url_for("tables.show_table", table_id=table.id))


@bp.route("/tafels/nieuw", methods=["GET", "POST"])
@roles_required(Role.PROGRAMME_ADMIN)
def new_table():
    if request.method == "POST":
        return _save_table(None)
    return render("tables/form.html", form=_table_form(None), table=None)


@bp.route("/tafels/<int:table_id>/bewerken", methods=["GET", "POST"])
@roles_required(Role.PROGRAMME_ADMIN)
def edit_table(table_id: int):
    table = admin.get_table(table_id)
    if request.method == "POST":
        return _save_table(table)
    return render("tables/form.html", form=_table_form(table), table=table)


@bp.post("/tafels/<int:table_id>/verwijderen")
@roles_required(Role.PROGRAMME_ADMIN)
def delete_table(table_id: int):
    table = admin.get_table(table_id)
    admin.delete_table(current_user, table)
    commit()
    flash(_("Tafel verwijderd."), "info")
    return redirect(url_for("tables.list_tables"))


# --- dossiers --------------------------------------------------------------------------------


@bp.get("/tafels/beslisvragen/<int:request_id>")
@login_required
def dossier(request_id: int):
    decision_request = escalation.get_decision_request(request_id)
    return render("tables/dossier.html", **_dossier_page(decision_request))


@bp.get("/tafels/beslisvragen/<int:request_id>/dossier.md")
@login_required
def download_dossier(request_id: int):
    decision_request = escalation.get_decision_request(request_id)
    text = dossiers.markdown(decision_request, get_pattern(decision_request.pattern_id))
    filename = f"dossier-beslisvraag-{decision_request.id}.md"
    return Response(
        text,
        mimetype="text/markdown",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


# --- the professional's own page -------------------------------------------------------------


@bp.get("/mijn-patronen")
@login_required
def my_patterns():
    return render(
        "tables/my_patterns.html",
        "partials/tables/_my_patterns.html",
        items=queries.my_patterns(current_user),
        awaiting=queries.awaiting_decision(current_user),
        actions=queries.actions_of_owner(current_user),
    )


@bp.post("/mijn-patronen/email")
@login_required
def email_preference():
    set_email_preference(current_user, request.form.get("notify") == "1")
    commit()
    flash(
        _("U krijgt elke stap ook per e-mail.")
        if current_user.notify_by_email
        else _("U krijgt geen e-mail meer over patronen; deze pagina blijft bijgewerkt."),
        "info",
    )
    return redirect(url_for("tables.my_patterns"))
