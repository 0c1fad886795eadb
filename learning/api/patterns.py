"""API: patterns — list, read, members as the caller may see them, follow, endorse."""

from __future__ import annotations

from typing import Any

import marshmallow as ma
from flask_babel import gettext as _

from learning.api.auth import api_user
from learning.api.blockages import pattern_ids, view
from learning.api.schemas import EndorsementOut, MemberList, PatternList, PatternOut, PatternQuery
from learning.api.setup import api_blueprint, problems
from learning.audit.services import record
from learning.errors import NotFound
from learning.extensions import db
from learning.patterns import queries, services
from learning.patterns.models import Pattern, PatternState
from learning.patterns.permissions import is_chair
from learning.unit_of_work import commit

bp = api_blueprint("patronen", "/patronen", "Patronen: lezen, volgen, steunen.")


def _may_see(pattern: Pattern) -> bool:
    """Candidates are the werktafel's working material: chairs (and the programme team) only."""
    return pattern.state != PatternState.CANDIDATE or is_chair(api_user())


def _pattern(pattern_id: int) -> Pattern:
    pattern = services.get_pattern(pattern_id)
    if not _may_see(pattern):
        raise NotFound(_("Dit patroon bestaat niet."))
    return pattern


def _view(pattern: Pattern) -> dict[str, Any]:
    return {
        "id": pattern.id,
        "title": pattern.title,
        "description": pattern.description or "",
        "state": pattern.state,
        "state_label": pattern.state_label,
        "key_terms": list(pattern.key_terms or []),
        "table": {"id": pattern.table.id, "name": pattern.table.name} if pattern.table else None,
        "members": len(queries.active_members(pattern)),
        "endorsements": queries.endorsement_count(pattern),
        "following": services.is_following(api_user(), pattern),
        "merged_into_id": pattern.merged_into_id,
        "created_at": pattern.created_at,
        "updated_at": pattern.updated_at,
    }


@bp.route("", methods=["GET"])
@bp.arguments(PatternQuery, location="query", as_kwargs=True, unknown=ma.RAISE)
@bp.response(200, PatternList)
@problems(bp, 422)
def list_patterns(state: str = ""):
    """Patronen, laatst gewijzigd eerst (hoogstens 500)."""
    patterns = [p for p in queries.visible_patterns(api_user(), state) if _may_see(p)]
    return {"items": [_view(p) for p in patterns]}


@bp.route("/<int:pattern_id>", methods=["GET"])
@bp.response(200, PatternOut)
@problems(bp, 404)
def get_pattern(pattern_id: int):
    """Eén patroon."""
    return _view(_pattern(pattern_id))


@bp.route("/<int:pattern_id>/knelpunten", methods=["GET"])
@bp.response(200, MemberList)
@problems(bp, 404)
def pattern_members(pattern_id: int):
    """De knelpunten in het patroon (ingetrokken knelpunten niet)."""
    pattern = _pattern(pattern_id)
    blockages = [m.blockage for m in queries.active_members(pattern)]
    patterns = pattern_ids([b.id for b in blockages])
    return {"items": [view(b, patterns) for b in blockages if not b.is_withdrawn]}


def _state(pattern: Pattern) -> dict[str, Any]:
    db.session.expire(pattern)
    return {
        "pattern": pattern.id,
        "endorsements": queries.endorsement_count(pattern),
        "following": services.is_following(api_user(), pattern),
    }


@bp.route("/<int:pattern_id>/volgen", methods=["POST"])
@bp.response(200, EndorsementOut)
@problems(bp, 404)
def follow_pattern(pattern_id: int):
    """Volg het patroon: u hoort wat ermee gebeurt."""
    pattern = _pattern(pattern_id)
    services.follow(api_user(), pattern)
    record(api_user(), "pattern.followed", pattern, via="api")  # the service does not audit
    commit()
    return _state(pattern)


@bp.route("/<int:pattern_id>/volgen", methods=["DELETE"])
@bp.response(200, EndorsementOut)
@problems(bp, 404)
def unfollow_pattern(pattern_id: int):
    """Niet meer volgen."""
    pattern = _pattern(pattern_id)
    services.unfollow(api_user(), pattern)
    record(api_user(), "pattern.unfollowed", pattern, via="api")
    commit()
    return _state(pattern)


@bp.route("/<int:pattern_id>/steun", methods=["POST"])
@bp.response(200, EndorsementOut)
@problems(bp, 404, 409, 422)
def endorse_pattern(pattern_id: int):
    """'Dit speelt bij mij ook': telt mee als melding, zonder een tweede knelpunt."""
    pattern = _pattern(pattern_id)
    services.endorse(api_user(), pattern)
    commit()
    return _state(pattern)
