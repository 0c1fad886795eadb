"""Attendance pages: inviting someone for one session and recording who was there."""

from __future__ import annotations

from flask import request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from learning.errors import DomainError
from learning.permissions import login_required
from learning.sessions import attendance, queries
from learning.sessions.forms import PersonForm
from learning.sessions.views.blueprint import bp, run
from learning.sessions.views.meetings import meeting_page, viewable_meeting


@bp.post("/leersessies/<int:meeting_id>/uitnodigen")
@login_required
def invite_attendee(meeting_id: int):
    """Someone who is not a member comes to this one session (e.g. for one dilemma)."""
    meeting = viewable_meeting(meeting_id)
    form = PersonForm(formdata=request.form)
    try:
        user = queries.get_user(request.form.get("user", type=int))
    except DomainError as error:
        return meeting_page(meeting, error, invite_form=form)
    return run(
        lambda: attendance.invite_attendee(current_user, meeting, user),
        _("%(name)s is uitgenodigd voor deze leersessie.", name=user.name),
        url_for("sessions.show_meeting", meeting_id=meeting.id),
        lambda error: meeting_page(meeting, error, invite_form=form),
    )


def _choices(prefix: str) -> dict[int, str]:
    found = {}
    for key, value in request.form.items():
        number = key[len(prefix) :]
        if key.startswith(prefix) and number.isascii() and number.isdigit() and len(number) < 10:
            found[int(number)] = value
    return found


@bp.post("/leersessies/<int:meeting_id>/aanwezigheid")
@login_required
def record_presence(meeting_id: int):
    meeting = viewable_meeting(meeting_id)
    return run(
        lambda: attendance.record_presence(
            current_user, meeting, _choices("deelnemer-"), _choices("gast-")
        ),
        _("Aanwezigheid opgeslagen."),
        url_for("sessions.show_meeting", meeting_id=meeting.id),
        lambda error: meeting_page(meeting, error),
    )
