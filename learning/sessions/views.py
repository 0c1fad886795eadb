"""Leersessies: series, sessions and their agenda, outcomes, afspraken, dashboard and iCal."""

from __future__ import annotations

from collections.abc import Callable

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from learning.accounts.models import Role, User
from learning.blockages.models import Area
from learning.blockages.services import PersonalDataFound
from learning.errors import DomainError
from learning.extensions import db
from learning.patterns.services import get_pattern
from learning.permissions import login_required, roles_required
from learning.sessions import ical, queries, services
from learning.sessions.forms import (
    CheckForm,
    CloseForm,
    GuestForm,
    ItemForm,
    OutcomeForm,
    PersonForm,
    SeriesForm,
    SessionForm,
    SystemBlockageForm,
)
from learning.sessions.models import (
    OUTCOME_LABELS,
    AgendaItem,
    ItemKind,
    LearningSession,
    Outcome,
    SessionSeries,
)
from learning.timeutil import local_date
from learning.unit_of_work import commit, rollback
from learning.web import render

bp = Blueprint("sessions", __name__)

NONE = ("", "—")


# --- helpers -------------------------------------------------------------------------------


def _back(target: str):
    if request.headers.get("HX-Request") == "true":
        return "", 204, {"HX-Redirect": target}
    return redirect(target)


def _act(action: Callable[[], object], target: str, done: str):
    """Run one service for a small button form, commit, and go back with a message."""
    try:
        action()
    except DomainError as error:
        rollback()
        flash(error.message, "error")
        return _back(target)
    commit()
    flash(done, "info")
    return _back(target)


def _version(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


def _viewable_series(series_id: int) -> SessionSeries:
    series = services.get_series(series_id)
    services.check_viewer(current_user, series)
    return series


def _viewable_session(session_id: int) -> LearningSession:
    meeting = services.get_session(session_id)
    services.check_viewer(current_user, meeting.series)
    return meeting


def _facilitated_item(item_id: int) -> AgendaItem:
    item = services.get_item(item_id)
    services.check_facilitator(current_user, item.series)
    return item


def _session_url(meeting: LearningSession | None, series: SessionSeries) -> str:
    if meeting is not None:
        return url_for("sessions.show_session", session_id=meeting.id)
    return url_for("sessions.show_series", series_id=series.id)


# --- series --------------------------------------------------------------------------------


@bp.get("/leersessies")
@login_required
def list_series():
    return render(
        "sessions/list.html",
        "partials/sessions/_series_list.html",
        series=queries.visible_series(current_user),
        my_items=queries.items_of(current_user)[:10],
        queries=queries,
    )


def _series_form(formdata=None) -> SeriesForm:
    form = SeriesForm(formdata=formdata)
    users = [(u.id, u.name) for u in queries.active_users()]
    form.facilitator.choices = [NONE, *users]
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
@roles_required(Role.CHAMPION)
def new_series():
    form = _series_form(request.form if request.method == "POST" else None)
    if request.method == "POST" and form.validate():
        try:
            series = services.create_series(current_user, form.to_input())
        except DomainError as error:
            rollback()
            flash(error.message, "error")
            return render_template("sessions/series_form.html", form=form), error.status_code
        commit()
        flash(_("Leersessiereeks aangemaakt."), "info")
        return redirect(url_for("sessions.show_series", series_id=series.id))
    return render_template("sessions/series_form.html", form=form), 422 if form.errors else 200


@bp.get("/leersessies/reeksen/<int:series_id>")
@login_required
def show_series(series_id: int):
    series = _viewable_series(series_id)
    member_form = PersonForm(formdata=None)
    member_form.user.choices = [
        (u.id, u.name) for u in queries.active_users() if u not in series.members
    ]
    return render_template(
        "sessions/series.html",
        series=series,
        upcoming=queries.sessions_of(series, upcoming=True),
        past=queries.sessions_of(series, upcoming=False)[:12],
        waiting=queries.waiting_items(series),
        higher=queries.higher_series(series),
        can_facilitate=queries.can_facilitate(current_user, series),
        session_form=SessionForm(formdata=None, location=series.location),
        member_form=member_form,
        patterns=queries.discussable_patterns(),
    )


@bp.post("/leersessies/reeksen/<int:series_id>/leden")
@login_required
def add_member(series_id: int):
    series = _viewable_series(series_id)
    user = services.get_user(request.form.get("user", type=int))
    return _act(
        lambda: services.add_member(current_user, series, user),
        url_for("sessions.show_series", series_id=series.id),
        _("%(name)s doet nu mee.", name=user.name),
    )


@bp.post("/leersessies/reeksen/<int:series_id>/leden/<int:user_id>/verwijderen")
@login_required
def remove_member(series_id: int, user_id: int):
    series = _viewable_series(series_id)
    user = db.session.get(User, user_id) or abort(404)
    return _act(
        lambda: services.remove_member(current_user, series, user),
        url_for("sessions.show_series", series_id=series.id),
        _("%(name)s doet niet meer mee; open afspraken zijn overgedragen.", name=user.name),
    )


@bp.post("/leersessies/reeksen/<int:series_id>/sessies")
@login_required
def plan_session(series_id: int):
    series = _viewable_series(series_id)
    form = SessionForm(formdata=request.form)
    if not form.validate():
        flash(" ".join(e for errors in form.errors.values() for e in errors), "error")
        return redirect(url_for("sessions.show_series", series_id=series.id))
    data = form.data
    return _act(
        lambda: services.plan_session(
            current_user, series, data["day"], data["start"], data["end"], data["location"] or ""
        ),
        url_for("sessions.show_series", series_id=series.id),
        _("Leersessie gepland."),
    )


@bp.post("/leersessies/reeksen/<int:series_id>/plannen")
@login_required
def plan_recurring(series_id: int):
    series = _viewable_series(series_id)
    return _act(
        lambda: services.plan_recurring(current_user, series, count=3),
        url_for("sessions.show_series", series_id=series.id),
        _("De komende leersessies volgens de vaste herhaling zijn gepland."),
    )


@bp.get("/leersessies/reeksen/<int:series_id>/dashboard")
@login_required
def dashboard(series_id: int):
    series = _viewable_series(series_id)
    owner_form = PersonForm(formdata=None)
    owner_form.user.choices = [(u.id, u.name) for u in queries.people(series)]
    return render_template(
        "sessions/dashboard.html",
        series=series,
        board=queries.dashboard(series),
        can_facilitate=queries.can_facilitate(current_user, series),
        owner_form=owner_form,
    )


# --- agenda items --------------------------------------------------------------------------


def _item_form(series: SessionSeries, formdata=None) -> ItemForm:
    form = ItemForm(formdata=formdata)
    form.pattern.choices = [NONE] + [(p.id, p.title) for p in queries.discussable_patterns()]
    form.session.choices = [("", _("de eerstvolgende leersessie"))] + [
        (s.id, local_date(s.starts_at).strftime("%d-%m-%Y"))
        for s in queries.sessions_of(series, upcoming=True)
    ]
    if formdata is None:
        form.session.data = request.args.get("sessie", type=int)
        form.pattern.data = request.args.get("patroon", type=int)
    return form


def _render_item_form(series, form, findings=None, status=200):
    response = render(
        "sessions/item_form.html",
        "partials/sessions/_item_form.html",
        series=series,
        form=form,
        findings=findings or {},
    )
    response.status_code = status
    return response


@bp.route("/leersessies/reeksen/<int:series_id>/punten/nieuw", methods=["GET", "POST"])
@login_required
def new_item(series_id: int):
    series = _viewable_series(series_id)
    if request.method == "GET":
        return _render_item_form(series, _item_form(series))
    form = _item_form(series, request.form)
    if request.form.get("action") == "mask":
        data = services.mask_item(form.to_input())
        form.title.data, form.description.data = data.title, data.description
        flash(
            _("Persoonsgegevens zijn gemaskeerd. Controleer de tekst en dien opnieuw in."), "info"
        )
        return _render_item_form(series, form)
    if not form.validate():
        return _render_item_form(series, form, status=422)
    try:
        item = services.submit_item(current_user, series, form.to_input())
    except PersonalDataFound as error:
        return _render_item_form(series, form, findings=error.findings, status=422)
    except DomainError as error:
        rollback()
        flash(error.message, "error")
        return _render_item_form(series, form, status=error.status_code)
    commit()
    flash(_("Uw agendapunt is ingediend."), "info")
    return _back(url_for("sessions.show_item", item_id=item.id))


@bp.post("/leersessies/privacycheck")
@login_required
def privacy_check():
    """While typing: show what looks like personal data, without storing anything."""
    findings = services.scan_item(
        services.ItemInput(
            kind="",
            title=request.form.get("title", ""),
            description=request.form.get("description", ""),
        )
    )
    return render_template("partials/sessions/_privacy.html", findings=findings)


@bp.get("/leersessies/mijn-punten")
@login_required
def my_items():
    return render_template(
        "sessions/my_items.html", items=queries.items_of(current_user), queries=queries
    )


def _outcome_form(item: AgendaItem, formdata=None) -> OutcomeForm:
    form = OutcomeForm(formdata=formdata, version=item.version)
    outcomes = [Outcome.SOLVED, Outcome.ESCALATED, Outcome.SYSTEM, Outcome.DISCUSSED]
    if not item.can_escalate:
        outcomes = [Outcome.DISCUSSED]
    elif item.series.is_top:
        outcomes.remove(Outcome.ESCALATED)
    form.outcome.choices = [(str(o), _(OUTCOME_LABELS[o])) for o in outcomes]
    form.agreement_owner.choices = [(u.id, u.name) for u in queries.people(item.series)]
    form.pattern.choices = [NONE] + [(p.id, p.title) for p in queries.discussable_patterns()]
    return form


def _render_item(item: AgendaItem, outcome_form=None, check_form=None, status=200):
    facilitating = queries.can_facilitate(current_user, item.series)
    return (
        render_template(
            "sessions/item.html",
            item=item,
            steps=queries.chain(item),
            agreement=item.checked_agreement,
            can_facilitate=facilitating,
            outcome_form=outcome_form or (_outcome_form(item) if facilitating else None),
            check_form=check_form or CheckForm(formdata=None),
            queries=queries,
        ),
        status,
    )


@bp.get("/leersessies/punten/<int:item_id>")
@login_required
def show_item(item_id: int):
    item = services.get_item(item_id)
    if not queries.can_view_item(current_user, item):
        abort(403)
    return _render_item(item)


@bp.post("/leersessies/punten/<int:item_id>/uitkomst")
@login_required
def record_outcome(item_id: int):
    item = _facilitated_item(item_id)
    form = _outcome_form(item, request.form)
    if not form.validate():
        return _render_item(item, outcome_form=form, status=422)
    try:
        services.record_outcome(current_user, item, form.to_input())
    except DomainError as error:
        rollback()
        flash(error.message, "error")
        return _render_item(item, outcome_form=form, status=error.status_code)
    commit()
    flash(_("Uitkomst vastgelegd."), "info")
    return _back(_session_url(item.session, item.series))


@bp.post("/leersessies/punten/<int:item_id>/accepteren")
@login_required
def accept_item(item_id: int):
    item = _facilitated_item(item_id)
    return _act(
        lambda: services.accept_item(current_user, item),
        _session_url(item.session, item.series),
        _("Agendapunt geaccepteerd."),
    )


@bp.post("/leersessies/punten/<int:item_id>/uitstellen")
@login_required
def postpone_item(item_id: int):
    item = _facilitated_item(item_id)
    back = _session_url(item.session, item.series)
    return _act(
        lambda: services.postpone_item(current_user, item),
        back,
        _("Agendapunt doorgeschoven naar de volgende leersessie."),
    )


@bp.post("/leersessies/punten/<int:item_id>/verplaatsen")
@login_required
def move_item(item_id: int):
    item = _facilitated_item(item_id)
    return _act(
        lambda: services.move_item(current_user, item, request.form.get("direction", "")),
        _session_url(item.session, item.series),
        _("Volgorde aangepast."),
    )


@bp.route("/leersessies/reeksen/<int:series_id>/systeemknelpunt", methods=["GET", "POST"])
@roles_required(Role.EXECUTIVE)
def put_on_agenda(series_id: int):
    """Bestuurders agenderen: a systeemknelpunt straight onto the bestuur agenda."""
    series = _viewable_series(series_id)
    form = SystemBlockageForm(formdata=request.form if request.method == "POST" else None)
    if request.method == "GET" or not form.validate():
        page = render_template("sessions/system_form.html", series=series, form=form, findings={})
        return page, 422 if form.errors else 200
    data = form.to_input(mask_personal_data=request.form.get("action") == "mask")
    try:
        item = services.put_system_blockage_on_agenda(current_user, series, data)
    except DomainError as error:
        rollback()
        flash(error.message, "error")
        findings = getattr(error, "findings", {})
        page = render_template(
            "sessions/system_form.html", series=series, form=form, findings=findings
        )
        return page, error.status_code
    commit()
    flash(
        _("Het systeemknelpunt staat op de agenda en ligt bij de bestuurlijke stuurgroep."), "info"
    )
    return redirect(url_for("sessions.show_item", item_id=item.id))


@bp.route("/leersessies/patronen/agenderen", methods=["GET", "POST"])
@roles_required(Role.CHAIR, Role.CHAMPION)
def flag_pattern():
    """A learning table (or the aanjager) puts a pattern on the agenda of a leersessie."""
    values = request.form if request.method == "POST" else request.args
    pattern = get_pattern(values.get("patroon", type=int) or 0)
    if request.method == "GET":
        all_series = db.session.scalars(select(SessionSeries).order_by(SessionSeries.name)).all()
        return render_template("sessions/flag_pattern.html", pattern=pattern, series=all_series)
    series = services.get_series(values.get("series", type=int) or 0)
    return _act(
        lambda: services.flag_pattern(current_user, series, pattern, values.get("note", "")[:2000]),
        url_for("sessions.show_series", series_id=series.id)
        if queries.can_view(current_user, series)
        else url_for("patterns.show_pattern", pattern_id=pattern.id),
        _("Het patroon staat op de agenda van %(s)s.", s=series.name),
    )


# --- sessions ------------------------------------------------------------------------------


def _render_session(meeting: LearningSession, close_form=None, guest_form=None, status=200):
    series = meeting.series
    response = render(
        "sessions/session.html",
        "partials/sessions/_agenda.html",
        meeting=meeting,
        series=series,
        items=queries.agenda(meeting),
        can_facilitate=queries.can_facilitate(current_user, series),
        close_form=close_form or CloseForm(formdata=None, version=meeting.version),
        guest_form=guest_form or GuestForm(formdata=None),
        ItemKind=ItemKind,
    )
    response.status_code = status
    return response


@bp.get("/leersessies/<int:session_id>")
@login_required
def show_session(session_id: int):
    return _render_session(_viewable_session(session_id))


@bp.get("/leersessies/<int:session_id>/agenda")
@login_required
def print_agenda(session_id: int):
    meeting = _viewable_session(session_id)
    return render_template("sessions/print.html", meeting=meeting, items=queries.agenda(meeting))


@bp.post("/leersessies/<int:session_id>/gasten")
@login_required
def add_guest(session_id: int):
    meeting = _viewable_session(session_id)
    form = GuestForm(formdata=request.form)
    try:
        services.add_guest(
            current_user,
            meeting,
            form.kind.data,
            form.name.data or "",
            form.email.data or "",
            form.invite.data,
        )
    except DomainError as error:
        rollback()
        flash(error.message, "error")
        return _render_session(meeting, guest_form=form, status=error.status_code)
    commit()
    flash(_("Gast toegevoegd."), "info")
    return _back(url_for("sessions.show_session", session_id=meeting.id))


@bp.post("/leersessies/<int:session_id>/annuleren")
@login_required
def cancel_session(session_id: int):
    meeting = _viewable_session(session_id)
    return _act(
        lambda: services.cancel_session(current_user, meeting),
        url_for("sessions.show_series", series_id=meeting.series_id),
        _("Leersessie geannuleerd; de agendapunten schuiven door."),
    )


@bp.post("/leersessies/<int:session_id>/afsluiten")
@login_required
def close_session(session_id: int):
    meeting = _viewable_session(session_id)
    form = CloseForm(formdata=request.form)
    try:
        services.close_session(
            current_user,
            meeting,
            form.went_well.data or "",
            form.can_improve.data or "",
            _version(form.version.data),
        )
    except DomainError as error:
        rollback()
        flash(error.message, "error")
        return _render_session(meeting, close_form=form, status=error.status_code)
    commit()
    flash(_("Leersessie afgesloten. Het verslag gaat per e-mail naar de deelnemers."), "info")
    return _back(url_for("sessions.show_session", session_id=meeting.id))


# --- afspraken -----------------------------------------------------------------------------


@bp.post("/leersessies/afspraken/<int:agreement_id>/controle")
@login_required
def check_agreement(agreement_id: int):
    agreement = services.get_agreement(agreement_id)
    form = CheckForm(formdata=request.form)
    item = agreement.check_item or agreement.item
    if not form.validate():
        return _render_item(item, check_form=form, status=422)
    return _act(
        lambda: services.check_agreement(
            current_user, agreement, form.result.data, form.note.data or "", form.new_due.data
        ),
        url_for("sessions.show_item", item_id=item.id),
        _("Controle van de afspraak vastgelegd."),
    )


@bp.post("/leersessies/afspraken/<int:agreement_id>/eigenaar")
@login_required
def reassign_agreement(agreement_id: int):
    agreement = services.get_agreement(agreement_id)
    owner = services.get_user(request.form.get("user", type=int))
    return _act(
        lambda: services.reassign_agreement(current_user, agreement, owner),
        url_for("sessions.dashboard", series_id=agreement.series_id),
        _("De afspraak heeft een nieuwe eigenaar: %(name)s.", name=owner.name),
    )


# --- iCalendar -----------------------------------------------------------------------------


def _ics(body: bytes, filename: str) -> Response:
    response = Response(body, mimetype="text/calendar")
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.get("/leersessies/<int:session_id>/uitnodiging.ics")
def session_ics(session_id: int):
    """Participants when logged in; guests with the link from their invitation."""
    meeting = services.get_session(session_id)
    services.check_can_download(current_user, meeting, request.args.get("gast"))
    return _ics(ical.invitation(meeting), f"leersessie-{meeting.id}.ics")


@bp.get("/leersessies/agenda/<token>.ics")
def calendar_feed(token: str):
    """The personal feed: the secret token in the address is the only key."""
    user = services.user_for_calendar_token(token)
    return _ics(ical.feed(user, queries.sessions_for(user)), "leersessies.ics")


@bp.post("/leersessies/agenda/vernieuwen")
@login_required
def reset_calendar_token():
    return _act(
        lambda: services.reset_calendar_token(current_user._get_current_object()),
        url_for("sessions.list_series"),
        _("U heeft een nieuwe agenda-link; de oude werkt niet meer."),
    )
