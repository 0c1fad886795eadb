"""Meeting pages: one leersessie with its agenda, the printed agenda, guests, cancelling and
closing."""

from __future__ import annotations

from typing import Any

from flask import Response, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from learning.errors import DomainError
from learning.permissions import login_required, require
from learning.sessions import attendance, changes, closing, queries
from learning.sessions.forms import (
    CancelForm,
    CloseForm,
    GuestForm,
    MeetingForm,
    MinutesForm,
    PersonForm,
)
from learning.sessions.models import LearningSession
from learning.sessions.permissions import can_facilitate, can_record_outcome, can_view_meeting
from learning.sessions.views.blueprint import bp, run
from learning.timeutil import utcnow
from learning.web import expected_version, form_error, form_errors_text, render


def viewable_meeting(meeting_id: int) -> LearningSession:
    meeting = queries.get_meeting(meeting_id)
    require(
        can_view_meeting(current_user, meeting),
        _("U neemt geen deel aan deze leersessiereeks."),
    )
    return meeting


def meeting_page(
    meeting: LearningSession,
    error: DomainError | str | None = None,
    close_form: CloseForm | None = None,
    guest_form: GuestForm | None = None,
    cancel_form: CancelForm | None = None,
    invite_form: PersonForm | None = None,
    minutes_form: MinutesForm | None = None,
) -> Response:
    """The meeting page (its agenda for htmx); with `error`, the refused form as typed."""
    require(
        can_view_meeting(current_user, meeting),
        _("U neemt geen deel aan deze leersessiereeks."),
    )
    version = str(meeting.version)
    invite_form = invite_form or PersonForm(formdata=None)
    invite_form.user.choices = [
        (u.id, u.name) for u in queries.active_users() if u not in meeting.attendees
    ]
    context: dict[str, Any] = {
        "meeting": meeting,
        "series": meeting.series,
        "items": queries.agenda(meeting),
        "can_facilitate": can_facilitate(current_user, meeting.series),
        "decides": lambda item: can_record_outcome(current_user, item),
        "close_form": close_form or CloseForm(formdata=None, version=version),
        "guest_form": guest_form or GuestForm(formdata=None),
        "cancel_form": cancel_form or CancelForm(formdata=None, version=version),
        "invite_form": invite_form,
        "minutes_form": minutes_form
        or MinutesForm(
            formdata=None,
            version=version,
            went_well=meeting.went_well,
            can_improve=meeting.can_improve,
        ),
        "can_correct_minutes": changes.can_correct_minutes(meeting),
        "presence": attendance.presence_of(meeting),
        "invited": {u.id for u in attendance.invited_attendees(meeting)},
        "started": meeting.start <= utcnow(),
    }
    if error is not None:
        return form_error(
            "sessions/meeting.html", "partials/sessions/_agenda.html", error, **context
        )
    return render("sessions/meeting.html", "partials/sessions/_agenda.html", **context)


@bp.get("/leersessies/<int:meeting_id>")
@login_required
def show_meeting(meeting_id: int):
    return meeting_page(viewable_meeting(meeting_id))


@bp.get("/leersessies/<int:meeting_id>/agenda")
@login_required
def print_agenda(meeting_id: int):
    meeting = viewable_meeting(meeting_id)
    items = queries.agenda(meeting)
    return render(
        "sessions/print.html",
        meeting=meeting,
        items=items,
        starts=queries.timetable(meeting, items),
        present=attendance.present_users(meeting),
    )


@bp.post("/leersessies/<int:meeting_id>/gasten")
@login_required
def add_guest(meeting_id: int):
    meeting = viewable_meeting(meeting_id)
    form = GuestForm(formdata=request.form)
    return run(
        lambda: attendance.add_guest(
            current_user,
            meeting,
            form.kind.data,
            form.name.data or "",
            form.email.data or "",
            form.invite.data,
        ),
        _("Gast toegevoegd."),
        url_for("sessions.show_meeting", meeting_id=meeting.id),
        lambda error: meeting_page(meeting, error, guest_form=form),
    )


@bp.post("/leersessies/<int:meeting_id>/annuleren")
@login_required
def cancel_meeting(meeting_id: int):
    meeting = viewable_meeting(meeting_id)
    form = CancelForm(formdata=request.form)
    return run(
        lambda: changes.cancel_meeting(
            current_user, meeting, form.reason.data or "", expected_version(form.version.data)
        ),
        _(
            "Leersessie geannuleerd; de deelnemers krijgen bericht en de agendapunten "
            "schuiven door."
        ),
        url_for("sessions.show_series", series_id=meeting.series_id),
        lambda error: meeting_page(meeting, error, cancel_form=form),
    )


def edit_page(meeting: LearningSession, form: MeetingForm, error: DomainError | str | None = None):
    context = {"meeting": meeting, "series": meeting.series, "form": form}
    if error is not None:
        return form_error("sessions/meeting_form.html", None, error, **context)
    return render("sessions/meeting_form.html", **context)


@bp.route("/leersessies/<int:meeting_id>/wijzigen", methods=["GET", "POST"])
@login_required
def edit_meeting(meeting_id: int):
    """Edit or reschedule a planned session; attendees get the updated invitation."""
    meeting = viewable_meeting(meeting_id)
    require(
        can_facilitate(current_user, meeting.series),
        _("Alleen de facilitators en de secretaris van deze reeks wijzigen een leersessie."),
    )
    if request.method == "GET":
        current = changes.current_change(meeting)
        form = MeetingForm(formdata=None, obj=current, version=str(meeting.version))
        if not meeting.is_planned:
            return edit_page(meeting, form, _("Deze leersessie kan niet meer worden gewijzigd."))
        return edit_page(meeting, form)
    form = MeetingForm(formdata=request.form)
    if not form.validate():
        return edit_page(meeting, form, form_errors_text(form.errors))
    return run(
        lambda: changes.edit_meeting(
            current_user, meeting, form.to_change(), expected_version(form.version.data)
        ),
        _("Leersessie gewijzigd; de deelnemers krijgen de bijgewerkte uitnodiging."),
        url_for("sessions.show_meeting", meeting_id=meeting.id),
        lambda error: edit_page(meeting, form, error),
    )


@bp.post("/leersessies/<int:meeting_id>/verslag")
@login_required
def correct_minutes(meeting_id: int):
    meeting = viewable_meeting(meeting_id)
    form = MinutesForm(formdata=request.form)
    return run(
        lambda: changes.correct_minutes(
            current_user,
            meeting,
            form.went_well.data or "",
            form.can_improve.data or "",
            expected_version(form.version.data),
        ),
        _("Verslag verbeterd."),
        url_for("sessions.show_meeting", meeting_id=meeting.id),
        lambda error: meeting_page(meeting, error, minutes_form=form),
    )


@bp.post("/leersessies/<int:meeting_id>/afsluiten")
@login_required
def close_meeting(meeting_id: int):
    meeting = viewable_meeting(meeting_id)
    form = CloseForm(formdata=request.form)
    return run(
        lambda: closing.close_meeting(
            current_user,
            meeting,
            form.went_well.data or "",
            form.can_improve.data or "",
            expected_version(form.version.data),
            form.held_on.data,
        ),
        _("Leersessie afgesloten. Het verslag gaat per e-mail naar de deelnemers."),
        url_for("sessions.show_meeting", meeting_id=meeting.id),
        lambda error: meeting_page(meeting, error, close_form=form),
    )
