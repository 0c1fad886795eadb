"""Calendar downloads: a meeting's invitation, the personal feed, and renewing its address."""

from __future__ import annotations

from flask import Response, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from learning.permissions import login_required
from learning.sessions import calendar, queries
from learning.sessions.views.blueprint import bp, run
from learning.sessions.views.series import list_series


def _ics(body: bytes, filename: str) -> Response:
    response = Response(body, mimetype="text/calendar")
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.get("/leersessies/<int:meeting_id>/uitnodiging.ics")
def meeting_ics(meeting_id: int):
    """Participants when logged in; guests with the link from their invitation."""
    meeting = queries.get_meeting(meeting_id)
    body = calendar.invitation_for(current_user, meeting, request.args.get("gast"))
    return _ics(body, f"leersessie-{meeting.id}.ics")


@bp.get("/leersessies/agenda/<token>.ics")
def calendar_feed(token: str):
    """The personal feed: the secret token in the address is the only key."""
    user = calendar.user_for_calendar_token(token)
    return _ics(calendar.feed(user, queries.meetings_for(user)), "leersessies.ics")


@bp.post("/leersessies/agenda/vernieuwen")
@login_required
def reset_calendar_token():
    return run(
        lambda: calendar.reset_calendar_token(current_user._get_current_object()),
        _("U heeft een nieuwe agenda-link; de oude werkt niet meer."),
        url_for("sessions.list_series"),
        lambda error: list_series(),
    )
