"""API: leersessies and agenda items, as far as the caller takes part (read)."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _

from learning.api.auth import api_user
from learning.api.schemas import AgendaItemOut, SessionDetail, SessionList
from learning.api.setup import api_blueprint, problems
from learning.errors import NotFound
from learning.sessions import queries
from learning.sessions.models import LearningSession
from learning.sessions.permissions import can_view, can_view_item

sessions_bp = api_blueprint("leersessies", "/leersessies", "Leersessies en hun agenda (lezen).")
items_bp = api_blueprint("agendapunten", "/agendapunten", "Agendapunten van leersessies (lezen).")


def _view(session: LearningSession, agenda: bool = False) -> dict[str, Any]:
    result: dict[str, Any] = {
        "id": session.id,
        "series": {"id": session.series.id, "name": session.series.name},
        "series_level": session.series.level,
        "start": session.start,
        "end": session.end,
        "location": session.location or session.series.location or "",
        "status": session.status,
    }
    if agenda:
        result["agenda"] = queries.agenda(session)
    return result


@sessions_bp.route("", methods=["GET"])
@sessions_bp.response(200, SessionList)
@problems(sessions_bp)
def list_sessions():
    """De leersessies van de reeksen waar u aan deelneemt: komende en recente."""
    user = api_user()
    sessions = []
    for series in queries.visible_series(user):
        sessions += queries.meetings_of(series, upcoming=True)
        sessions += queries.meetings_of(series, upcoming=False)[:10]
    sessions.sort(key=lambda s: s.start)
    return {"items": [_view(s) for s in sessions]}


@sessions_bp.route("/<int:session_id>", methods=["GET"])
@sessions_bp.response(200, SessionDetail)
@problems(sessions_bp, 404)
def get_session(session_id: int):
    """Eén leersessie met haar agenda."""
    session = queries.get_meeting(session_id)
    if not can_view(api_user(), session.series):
        raise NotFound(_("Deze leersessie bestaat niet."))
    return _view(session, agenda=True)


@items_bp.route("/<int:item_id>", methods=["GET"])
@items_bp.response(200, AgendaItemOut)
@problems(items_bp, 404)
def get_item(item_id: int):
    """Eén agendapunt (ook voor wie het inbracht, als het hoger op de trap ligt)."""
    item = queries.get_item(item_id)
    if not can_view_item(api_user(), item):
        raise NotFound(_("Dit agendapunt bestaat niet."))
    return item
