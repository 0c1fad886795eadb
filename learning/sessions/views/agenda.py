"""Agenda item pages: bringing an item in, one item with its way up the ladder, recording its
outcome, the facilitator's buttons, and what tables and bestuurders put on an agenda."""

from __future__ import annotations

from typing import Any

from flask import Response, flash, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from learning.accounts.models import Role
from learning.errors import DomainError
from learning.extensions import db
from learning.patterns.services import get_pattern
from learning.permissions import login_required, require, roles_required
from learning.privacy import PersonalDataFound
from learning.sessions import agenda, attendance, outcomes, queries
from learning.sessions.forms import CheckForm, ItemForm, OutcomeForm, SystemBlockageForm
from learning.sessions.models import (
    OUTCOME_LABELS,
    AgendaItem,
    LearningSession,
    Outcome,
    SessionSeries,
)
from learning.sessions.permissions import (
    can_facilitate,
    can_record_outcome,
    can_view,
    can_view_item,
)
from learning.sessions.views.blueprint import NONE, bp, is_refusal, run
from learning.sessions.views.meetings import meeting_page
from learning.sessions.views.series import viewable_series
from learning.timeutil import local_date
from learning.unit_of_work import commit, rollback
from learning.web import expected_version, form_error, go, render


def _back_to(meeting: LearningSession | None, series: SessionSeries) -> str:
    if meeting is not None:
        return url_for("sessions.show_meeting", meeting_id=meeting.id)
    return url_for("sessions.show_series", series_id=series.id)


# --- bringing an item in -------------------------------------------------------------------


def _item_form(series: SessionSeries, formdata=None) -> ItemForm:
    form = ItemForm(formdata=formdata)
    form.pattern.choices = [NONE] + [(p.id, p.title) for p in queries.discussable_patterns()]
    form.session.choices = [("", _("de eerstvolgende leersessie"))] + [
        (m.id, local_date(m.starts_at).strftime("%d-%m-%Y"))
        for m in queries.meetings_of(series, upcoming=True)
    ]
    if formdata is None:
        form.session.data = request.args.get("sessie", type=int)
        form.pattern.data = request.args.get("patroon", type=int)
    return form


def _item_form_page(
    series: SessionSeries, form: ItemForm, error: DomainError | str | None = None, findings=None
) -> Response:
    context: dict[str, Any] = {"series": series, "form": form, "findings": findings or {}}
    if error is not None:
        return form_error(
            "sessions/item_form.html", "partials/sessions/_item_form.html", error, **context
        )
    return render("sessions/item_form.html", "partials/sessions/_item_form.html", **context)


@bp.route("/leersessies/reeksen/<int:series_id>/punten/nieuw", methods=["GET", "POST"])
@login_required
def new_item(series_id: int):
    series = viewable_series(series_id)
    if request.method == "GET":
        return _item_form_page(series, _item_form(series))
    form = _item_form(series, request.form)
    if request.form.get("action") == "mask":
        data = agenda.mask_item(form.to_input())
        form.title.data, form.description.data = data.title, data.description
        flash(
            _("Persoonsgegevens zijn gemaskeerd. Controleer de tekst en dien opnieuw in."), "info"
        )
        return _item_form_page(series, form)
    if not form.validate():
        return _item_form_page(series, form, _("Verbeter de gemarkeerde velden."))
    try:
        item = agenda.submit_item(current_user, series, form.to_input())
    except PersonalDataFound as error:
        rollback()
        return _item_form_page(series, form, error, findings=error.findings)
    except DomainError as error:
        rollback()
        if not is_refusal(error):
            raise
        return _item_form_page(series, form, error)
    commit()
    flash(_("Uw agendapunt is ingediend."), "info")
    return go(url_for("sessions.show_item", item_id=item.id))


@bp.post("/leersessies/privacycheck")
@login_required
def privacy_check():
    """While typing: show what looks like personal data, without storing anything."""
    findings = agenda.scan_item(
        agenda.ItemInput(
            kind="",
            title=request.form.get("title", ""),
            description=request.form.get("description", ""),
        )
    )
    return render_template("partials/sessions/_privacy.html", findings=findings)


@bp.get("/leersessies/mijn-punten")
@login_required
def my_items():
    return render(
        "sessions/my_items.html",
        items=queries.with_final_steps(queries.items_of(current_user)),
    )


# --- one item and its outcome --------------------------------------------------------------


def _outcome_form(item: AgendaItem, formdata=None) -> OutcomeForm:
    form = OutcomeForm(formdata=formdata, version=str(item.version))
    choices = [Outcome.SOLVED, Outcome.ESCALATED, Outcome.SYSTEM, Outcome.DISCUSSED]
    if not item.can_escalate:
        choices = [Outcome.DISCUSSED]
    elif item.series.is_top:
        choices.remove(Outcome.ESCALATED)
    form.outcome.choices = [(str(o), _(OUTCOME_LABELS[o])) for o in choices]
    form.agreement_owner.choices = [(u.id, u.name) for u in queries.people(item.series)]
    form.pattern.choices = [NONE] + [(p.id, p.title) for p in queries.discussable_patterns()]
    return form


def item_page(
    item: AgendaItem,
    error: DomainError | str | None = None,
    outcome_form: OutcomeForm | None = None,
    check_form: CheckForm | None = None,
) -> Response:
    """An item with its way up the ladder; each level's notes only for that level's people."""
    require(can_view_item(current_user, item), _("U heeft geen toegang tot dit agendapunt."))
    facilitating = can_facilitate(current_user, item.series)
    deciding = can_record_outcome(current_user, item)
    steps = queries.chain(item)
    context: dict[str, Any] = {
        "item": item,
        "steps": steps,
        "notes_visible": {s.id for s in steps if can_view(current_user, s.series)},
        "agreement": item.checked_agreement,
        "made_by": attendance.made_by(item.checked_agreement),
        "can_facilitate": facilitating,
        "can_record_outcome": deciding,
        "outcome_form": outcome_form or (_outcome_form(item) if deciding else None),
        "check_form": check_form or CheckForm(formdata=None),
    }
    if error is not None:
        return form_error("sessions/item.html", None, error, **context)
    return render("sessions/item.html", **context)


@bp.get("/leersessies/punten/<int:item_id>")
@login_required
def show_item(item_id: int):
    return item_page(queries.get_item(item_id))


@bp.post("/leersessies/punten/<int:item_id>/uitkomst")
@login_required
def record_outcome(item_id: int):
    item = queries.get_item(item_id)
    form = _outcome_form(item, request.form)
    if not form.validate():
        return item_page(item, _("Verbeter de gemarkeerde velden."), outcome_form=form)
    return run(
        lambda: outcomes.record_outcome(
            current_user, item, form.to_input(), expected_version(form.version.data)
        ),
        _("Uitkomst vastgelegd."),
        _back_to(item.meeting, item.series),
        lambda error: item_page(item, error, outcome_form=form),
    )


# --- the facilitator's buttons -------------------------------------------------------------


def _button(item_id: int, action, done: str) -> Response:
    """Accept, postpone, move: back to the meeting; a refusal shows there with its reason."""
    item = queries.get_item(item_id)
    back = _back_to(item.meeting, item.series)
    meeting = item.meeting

    def refused(error: DomainError) -> Response:
        if meeting is not None:
            return meeting_page(meeting, error)
        return item_page(item, error)

    return run(lambda: action(current_user, item), done, back, refused)


@bp.post("/leersessies/punten/<int:item_id>/accepteren")
@login_required
def accept_item(item_id: int):
    return _button(item_id, agenda.accept_item, _("Agendapunt geaccepteerd."))


@bp.post("/leersessies/punten/<int:item_id>/uitstellen")
@login_required
def postpone_item(item_id: int):
    return _button(
        item_id, agenda.postpone_item, _("Agendapunt doorgeschoven naar de volgende leersessie.")
    )


@bp.post("/leersessies/punten/<int:item_id>/verplaatsen")
@login_required
def move_item(item_id: int):
    direction = request.form.get("direction", "")
    return _button(
        item_id,
        lambda user, item: agenda.move_item(user, item, direction),
        _("Volgorde aangepast."),
    )


@bp.post("/leersessies/punten/<int:item_id>/tijd")
@login_required
def time_item(item_id: int):
    raw = (request.form.get("minutes") or "").strip()
    minutes = int(raw) if raw.isascii() and raw.isdigit() and len(raw) < 5 else None
    if raw and minutes is None:
        minutes = -1  # refused by the service with its Dutch reason
    return _button(
        item_id,
        lambda user, item: agenda.set_item_minutes(user, item, minutes),
        _("Tijd voor het agendapunt opgeslagen."),
    )


# --- put on the agenda from elsewhere ------------------------------------------------------


@bp.route("/leersessies/reeksen/<int:series_id>/systeemknelpunt", methods=["GET", "POST"])
@roles_required(Role.EXECUTIVE)
def put_on_agenda(series_id: int):
    """Bestuurders agenderen: a systeemknelpunt straight onto the bestuur agenda."""
    series = viewable_series(series_id)
    form = SystemBlockageForm(formdata=request.form if request.method == "POST" else None)
    context = {"series": series, "form": form, "findings": {}}
    if request.method == "GET":
        return render("sessions/system_form.html", **context)
    if not form.validate():
        return form_error(
            "sessions/system_form.html", None, _("Verbeter de gemarkeerde velden."), **context
        )
    data = form.to_input(mask_personal_data=request.form.get("action") == "mask")
    try:
        item = outcomes.put_system_blockage_on_agenda(current_user, series, data)
    except PersonalDataFound as error:
        rollback()
        return form_error(
            "sessions/system_form.html", None, error, **{**context, "findings": error.findings}
        )
    except DomainError as error:
        rollback()
        if not is_refusal(error):
            raise
        return form_error("sessions/system_form.html", None, error, **context)
    commit()
    flash(
        _("Het systeemknelpunt staat op de agenda en ligt bij de bestuurlijke stuurgroep."), "info"
    )
    return go(url_for("sessions.show_item", item_id=item.id))


def _flag_page(pattern, error: DomainError | None = None) -> Response:
    all_series = db.session.scalars(select(SessionSeries).order_by(SessionSeries.name)).all()
    if error is not None:
        return form_error(
            "sessions/flag_pattern.html", None, error, pattern=pattern, series=all_series
        )
    return render("sessions/flag_pattern.html", pattern=pattern, series=all_series)


@bp.route("/leersessies/patronen/agenderen", methods=["GET", "POST"])
@roles_required(Role.CHAIR, Role.CHAMPION)
def flag_pattern():
    """A learning table (or the aanjager) puts a pattern on the agenda of a leersessie."""
    values = request.form if request.method == "POST" else request.args
    pattern = get_pattern(values.get("patroon", type=int) or 0)
    if request.method == "GET":
        return _flag_page(pattern)
    series = queries.get_series(values.get("series", type=int))
    return run(
        lambda: agenda.flag_pattern(current_user, series, pattern, values.get("note", "")[:2000]),
        _("Het patroon staat op de agenda van %(s)s.", s=series.name),
        url_for("sessions.show_series", series_id=series.id)
        if can_view(current_user, series)
        else url_for("patterns.show_pattern", pattern_id=pattern.id),
        lambda error: _flag_page(pattern, error),
    )
