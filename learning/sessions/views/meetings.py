"""Meeting pages: one leersessie with its agenda, the printed agenda, guests, cancelling and
closing."""

from __future__ import annotations

from typing import Any

from flask import Response, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from learning.errors import DomainError
from learning.permissions import login_required, require
from learning.sessions import closing, planning, queries
from learning.sessions.forms import CloseForm, GuestForm
from learning.sessions.models import LearningSession
from learning.sessions.permissions import can_facilitate, can_view
from learning.sessions.views.blueprint import bp, run
from learning.web import expected_version, form_error, render


def viewable_meeting(meeting_id: int) -> LearningSession:
    meeting = queries.get_meeting(meeting_id)
    require(
        can_view(current_user, meeting.series), _("U neemt geen deel aan deze leersessiereeks.")
    )
    return meeting


def meeting_page(
    meeting: LearningSession,
    error: DomainError | str | None = None,
    close_form: CloseForm | None = None,
    guest_form: GuestForm | None = None,
) -> Response:
    """The meeting page (its agenda for htmx); with `error`, the refused form as typed."""
    require(
        can_view(current_user, meeting.series), _("U neemt geen deel aan deze leersessiereeks.")
    )
    context: dict[str, Any] = {
        "meeting": meeting,
        "series": meeting.series,
        "items": queries.agenda(meeting),
        "can_facilitate": can_facilitate(current_user, meeting.series),
        "close_form": close_form or CloseForm(formdata=None, version=str(meeting.version)),
        "guest_form": guest_form or GuestForm(formdata=None),
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
    return render("sessions/print.html", meeting=meeting, items=queries.agenda(meeting))


@bp.post("/leersessies/<int:meeting_id>/gasten")
@login_required
def add_guest(meeting_id: int):
    meeting = viewable_meeting(meeting_id)
    form = GuestForm(formdata=request.form)
    return run(
        lambda: planning.add_guest(
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
    return run(
        lambda: planning.cancel_meeting(current_user, meeting),
        _("Leersessie geannuleerd; de agendapunten schuiven door."),
        url_for("sessions.show_series", series_id=meeting.series_id),
        lambda error: meeting_page(meeting, error),
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
        ),
        _("Leersessie afgesloten. Het verslag gaat per e-mail naar de deelnemers."),
        url_for("sessions.show_meeting", meeting_id=meeting.id),
        lambda error: meeting_page(meeting, error, close_form=form),
    )
