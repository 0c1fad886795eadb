"""Series pages: the list, a new series, one series with its members and planning, and its
dashboard."""

from __future__ import annotations

from typing import Any

from flask import Response, flash, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from learning.blockages.models import Area
from learning.errors import DomainError
from learning.extensions import db
from learning.permissions import login_required, require
from learning.sessions import planning, queries, questions
from learning.sessions import series as series_services
from learning.sessions.forms import PersonForm, RoleForm, SeriesForm, SessionForm
from learning.sessions.models import SessionSeries
from learning.sessions.permissions import (
    can_ask_lower_level,
    can_create_series,
    can_facilitate,
    can_put_system_blockage,
    can_view,
    creatable_levels,
)
from learning.sessions.views.blueprint import NONE, bp, is_refusal, run
from learning.unit_of_work import commit, rollback
from learning.web import form_error, form_errors_text, go, render


def viewable_series(series_id: int) -> SessionSeries:
    series = queries.get_series(series_id)
    require(can_view(current_user, series), _("U neemt geen deel aan deze leersessiereeks."))
    return series


@bp.get("/leersessies")
@login_required
def list_series():
    return render(
        "sessions/list.html",
        "partials/sessions/_series_list.html",
        series=queries.with_next_meetings(queries.visible_series(current_user)),
        my_items=queries.with_final_steps(queries.items_of(current_user)[:10]),
        can_create_series=can_create_series(current_user),
    )


def _series_form(formdata=None) -> SeriesForm:
    form = SeriesForm(formdata=formdata)
    users = [(u.id, u.name) for u in queries.active_users()]
    levels = {level.value for level in creatable_levels(current_user)}
    form.level.choices = [(k, v) for k, v in form.level.choices if k in levels]
    form.facilitators.choices = users
    form.secretary.choices = [NONE, *users]
    form.members.choices = users
    form.area.choices = [NONE] + [
        (a.id, a.name) for a in db.session.scalars(select(Area).order_by(Area.name))
    ]
    form.escalates_to.choices = [NONE] + [
        (s.id, f"{s.name} ({_(s.level_label)})")
        for s in db.session.scalars(select(SessionSeries).order_by(SessionSeries.name))
    ]
    return form


@bp.route("/leersessies/reeksen/nieuw", methods=["GET", "POST"])
@login_required
def new_series():
    require(
        can_create_series(current_user),
        _(
            "Een reeks starten aanjagers (voor hun wijk), managers en voorzitters (management), "
            "de voorzitter en secretaris van de bestuurlijke stuurgroep (bestuur) en het "
            "programmateam."
        ),
    )
    form = _series_form(request.form if request.method == "POST" else None)
    if request.method == "GET":
        return render("sessions/series_form.html", form=form)
    if not form.validate():
        return form_error(
            "sessions/series_form.html", None, form_errors_text(form.errors), form=form
        )
    try:
        series = series_services.create_series(current_user, form.to_input())
    except DomainError as error:
        rollback()
        if not is_refusal(error):
            raise
        return form_error("sessions/series_form.html", None, error, form=form)
    commit()
    flash(_("Leersessiereeks aangemaakt."), "info")
    return go(url_for("sessions.show_series", series_id=series.id))


def _series_page(
    series: SessionSeries,
    error: DomainError | str | None = None,
    session_form: SessionForm | None = None,
    member_form: RoleForm | None = None,
) -> Response:
    """The series page; with `error`, re-rendered with the refused form as the user typed it."""
    member_form = member_form or RoleForm(formdata=None)
    member_form.user.choices = [(u.id, u.name) for u in queries.active_users()]
    context: dict[str, Any] = {
        "series": series,
        "upcoming": queries.meetings_of(series, upcoming=True),
        "past": queries.meetings_of(series, upcoming=False)[:12],
        "waiting": queries.waiting_items(series),
        "higher": queries.higher_series(series),
        "can_facilitate": can_facilitate(current_user, series),
        "can_put_system_blockage": can_put_system_blockage(current_user, series),
        "session_form": session_form or SessionForm(formdata=None, location=series.location),
        "member_form": member_form,
        "patterns": queries.discussable_patterns(),
        "lower": queries.lower_series(series),
        "can_ask_lower_level": can_ask_lower_level(current_user, series),
    }
    if error is not None:
        return form_error("sessions/series.html", None, error, **context)
    return render("sessions/series.html", **context)


@bp.get("/leersessies/reeksen/<int:series_id>")
@login_required
def show_series(series_id: int):
    return _series_page(viewable_series(series_id))


@bp.post("/leersessies/reeksen/<int:series_id>/leden")
@login_required
def add_member(series_id: int):
    """Add someone to the series, or give a participant another role."""
    series = viewable_series(series_id)
    form = RoleForm(formdata=request.form)
    try:
        user = queries.get_user(request.form.get("user", type=int))
    except DomainError as error:
        return _series_page(series, error, member_form=form)
    return run(
        lambda: series_services.set_role(current_user, series, user, form.role.data or "member"),
        _(
            "%(name)s doet mee als %(role)s.",
            name=user.name,
            role=series_services.role_label(form.role.data),
        ),
        url_for("sessions.show_series", series_id=series.id),
        lambda error: _series_page(series, error, member_form=form),
    )


@bp.post("/leersessies/reeksen/<int:series_id>/leden/<int:user_id>/verwijderen")
@login_required
def remove_member(series_id: int, user_id: int):
    series = viewable_series(series_id)
    user = queries.get_account(user_id)
    if series.role_of(user) is None:
        return _series_page(series, _("%(name)s doet niet mee aan deze reeks.", name=user.name))
    return run(
        lambda: series_services.remove_member(current_user, series, user),
        _("%(name)s doet niet meer mee; open afspraken zijn overgedragen.", name=user.name),
        url_for("sessions.show_series", series_id=series.id),
        lambda error: _series_page(series, error),
    )


@bp.post("/leersessies/reeksen/<int:series_id>/sessies")
@login_required
def plan_meeting(series_id: int):
    series = viewable_series(series_id)
    form = SessionForm(formdata=request.form)
    if not form.validate():
        return _series_page(series, form_errors_text(form.errors), session_form=form)
    return run(
        lambda: planning.plan_meeting(
            current_user,
            series,
            form.day.data,
            form.start.data,
            form.end.data,
            form.location.data or "",
        ),
        _("Leersessie gepland."),
        url_for("sessions.show_series", series_id=series.id),
        lambda error: _series_page(series, error, session_form=form),
    )


@bp.post("/leersessies/reeksen/<int:series_id>/plannen")
@login_required
def plan_recurring(series_id: int):
    series = viewable_series(series_id)
    return run(
        lambda: planning.plan_recurring(current_user, series, count=3),
        _("De komende leersessies volgens de vaste herhaling zijn gepland."),
        url_for("sessions.show_series", series_id=series.id),
        lambda error: _series_page(series, error),
    )


@bp.post("/leersessies/reeksen/<int:series_id>/vraag")
@login_required
def ask_lower_level(series_id: int):
    """Put a pattern or question on the agenda of a level below; the answer comes back up."""
    series = viewable_series(series_id)
    try:
        lower = queries.get_series(request.form.get("lower", type=int))
    except DomainError as error:
        return _series_page(series, error)
    return run(
        lambda: questions.ask_lower_level(
            current_user,
            series,
            lower,
            request.form.get("question", ""),
            request.form.get("pattern", type=int) or None,
        ),
        _("De vraag staat op de agenda van %(name)s.", name=lower.name),
        url_for("sessions.show_series", series_id=series.id),
        lambda error: _series_page(series, error),
    )


def dashboard_page(series: SessionSeries, error: DomainError | None = None) -> Response:
    owner_form = PersonForm(formdata=None)
    owner_form.user.choices = [(u.id, u.name) for u in queries.people(series)]
    context: dict[str, Any] = {
        "series": series,
        "board": queries.dashboard(series),
        "can_facilitate": can_facilitate(current_user, series),
        "owner_form": owner_form,
    }
    if error is not None:
        return form_error("sessions/dashboard.html", None, error, **context)
    return render("sessions/dashboard.html", **context)


@bp.get("/leersessies/reeksen/<int:series_id>/dashboard")
@login_required
def dashboard(series_id: int):
    return dashboard_page(viewable_series(series_id))
