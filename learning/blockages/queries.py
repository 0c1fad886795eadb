"""Read helpers for the knelpunten list: filters, full-text search, pagination."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Select, and_, func, or_, select
from sqlalchemy.orm import lazyload

from learning.accounts.models import User
from learning.blockages.models import Blockage, BlockageDomain
from learning.extensions import db
from learning.patterns.models import PatternMember

STATUS_FILTERS = ("open", "in_patroon", "ingetrokken")


@dataclass
class BlockageFilters:
    q: str = ""
    domain: str = ""
    organisation_id: int | None = None
    status: str = ""
    date_from: date | None = None
    date_to: date | None = None
    mine: bool = False


def _text_condition(q: str):
    words = [w for w in q.split() if w][:10]
    if db.engine.dialect.name == "postgresql":
        document = func.to_tsvector(
            "dutch",
            func.coalesce(Blockage.title, "") + " " + func.coalesce(Blockage.description, ""),
        )
        return document.op("@@")(func.plainto_tsquery("dutch", q))
    return and_(
        *[or_(Blockage.title.ilike(f"%{w}%"), Blockage.description.ilike(f"%{w}%")) for w in words]
    )


def filtered(viewer: User, filters: BlockageFilters) -> Select:
    query = select(Blockage)
    if filters.mine:
        query = query.where(Blockage.reporter_id == viewer.id)
    if filters.q.strip():
        query = query.where(_text_condition(filters.q.strip()))
    if filters.domain:
        query = query.where(
            Blockage.id.in_(
                select(BlockageDomain.blockage_id).where(BlockageDomain.domain == filters.domain)
            )
        )
    if filters.organisation_id:
        query = query.where(Blockage.organisation_id == filters.organisation_id)
    in_pattern = Blockage.id.in_(select(PatternMember.blockage_id))
    # Withdrawn knelpunten are only ever listed for their reporter (security probe L3).
    own = Blockage.reporter_id == viewer.id
    if filters.status == "ingetrokken":
        query = query.where(Blockage.withdrawn_at.is_not(None), own)
    else:
        query = query.where(or_(Blockage.withdrawn_at.is_(None), own))
    if filters.status == "open":
        query = query.where(Blockage.withdrawn_at.is_(None), ~in_pattern)
    elif filters.status == "in_patroon":
        query = query.where(Blockage.withdrawn_at.is_(None), in_pattern)
    if filters.date_from:
        query = query.where(Blockage.reported_on >= filters.date_from)
    if filters.date_to:
        query = query.where(Blockage.reported_on <= filters.date_to)
    return query.order_by(Blockage.reported_on.desc(), Blockage.id.desc())


def page_of(viewer: User, filters: BlockageFilters, page: int, per_page: int):
    """One page of the list with the total; the same few queries whatever the page shows.

    The list shows neither reporters nor involved organisations: those load only if asked
    for, instead of joining every reporter with their roles and organisations.
    """
    query = filtered(viewer, filters)
    result = db.paginate(
        query.options(
            lazyload(Blockage.reporter),
            lazyload(Blockage.area),
            lazyload(Blockage.involved_organisations),
        ),
        page=page,
        per_page=per_page,
        error_out=False,
        count=False,
    )
    ids = query.with_only_columns(Blockage.id).order_by(None).subquery()
    result.total = db.session.scalar(select(func.count()).select_from(ids))
    return result
