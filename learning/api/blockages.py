"""API: knelpunten — list (filters, cursor pagination), read, create (privacy guard), withdraw."""

from __future__ import annotations

from typing import Any

import marshmallow as ma
from flask_babel import gettext as _
from sqlalchemy import and_, or_, select

from learning.api.auth import api_user
from learning.api.pagination import decode, encode, filters_key
from learning.api.schemas import BlockageIn, BlockageOut, BlockagePage, BlockageQuery, WithdrawIn
from learning.api.setup import api_blueprint, problems
from learning.blockages import queries, services
from learning.blockages.models import Blockage
from learning.errors import NotFound
from learning.extensions import db
from learning.patterns.models import PatternMember
from learning.unit_of_work import commit

bp = api_blueprint("knelpunten", "/knelpunten", "Knelpunten: melden, lezen, intrekken.")


def pattern_ids(ids: list[int]) -> dict[int, int]:
    rows = db.session.execute(
        select(PatternMember.blockage_id, PatternMember.pattern_id).where(
            PatternMember.blockage_id.in_(ids)
        )
    )
    return dict(rows.all())


def view(blockage: Blockage, patterns: dict[int, int] | None = None) -> dict[str, Any]:
    """A knelpunt as the API shows it: about the system, never who reported it."""
    if patterns is None:
        patterns = pattern_ids([blockage.id])
    return {
        "id": blockage.id,
        "title": blockage.title,
        "text": blockage.description,
        "domains": blockage.domains,
        "handling": blockage.handling,
        "impacts": list(blockage.impacts or []),
        "organisation": {"id": blockage.organisation.id, "name": blockage.organisation.name},
        "area": blockage.area.name if blockage.area else None,
        "reported_on": blockage.reported_on,
        "created": blockage.created_at,
        "withdrawn": blockage.is_withdrawn,
        "mine": blockage.reporter_id == api_user().id,
        "pattern": patterns.get(blockage.id),
    }


def visible_blockage(blockage_id: int) -> Blockage:
    blockage = services.get_blockage(blockage_id)
    if blockage.is_withdrawn and blockage.reporter_id != api_user().id:
        raise NotFound(_("Dit knelpunt bestaat niet."))
    return blockage


@bp.route("", methods=["GET"])
@bp.arguments(BlockageQuery, location="query", as_kwargs=True, unknown=ma.RAISE)
@bp.response(200, BlockagePage)
@problems(bp, 400, 422)
def list_blockages(limit: int = 50, cursor: str | None = None, **filters: Any):
    """Knelpunten, nieuwste eerst; `next_cursor` haalt de volgende pagina op."""
    key = filters_key(filters)
    query = queries.filtered(api_user(), queries.BlockageFilters(**filters))
    if cursor:
        day, last_id = decode(cursor, key)
        query = query.where(
            or_(
                Blockage.reported_on < day,
                and_(Blockage.reported_on == day, Blockage.id < last_id),
            )
        )
    rows = list(db.session.scalars(query.limit(limit + 1)))
    page = rows[:limit]
    patterns = pattern_ids([b.id for b in page])
    next_cursor = encode(page[-1].reported_on, page[-1].id, key) if len(rows) > limit else None
    return {"items": [view(b, patterns) for b in page], "next_cursor": next_cursor}


@bp.route("", methods=["POST"])
@bp.arguments(BlockageIn)
@bp.response(201, BlockageOut)
@problems(bp, 403, 422)
def create_blockage(data: dict[str, Any]):
    """Meld een knelpunt. Persoonsgegevens: 422 met de vindplaatsen, tenzij gemaskeerd."""
    blockage = services.log_blockage(api_user(), services.BlockageInput(**data))
    commit()
    return view(blockage)


@bp.route("/<int:blockage_id>", methods=["GET"])
@bp.response(200, BlockageOut)
@problems(bp, 404)
def get_blockage(blockage_id: int):
    """Eén knelpunt."""
    return view(visible_blockage(blockage_id))


@bp.route("/<int:blockage_id>/intrekken", methods=["POST"])
@bp.arguments(WithdrawIn)
@bp.response(200, BlockageOut)
@problems(bp, 403, 404, 422)
def withdraw_blockage(data: dict[str, Any], blockage_id: int):
    """Trek een eigen knelpunt in (het programmateam: elk knelpunt)."""
    blockage = services.withdraw_blockage(api_user(), visible_blockage(blockage_id), data["reason"])
    commit()
    return view(blockage)
