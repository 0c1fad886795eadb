"""API: dashboard figures — knelpunten per domain or per month, small groups suppressed.

Until the insight package's rollups are on main, this counts directly; a group smaller than
MIN_GROUP_SIZE comes out as `count: null`, `display: "< 5"`, so no case can be recognised.
"""

from __future__ import annotations

import marshmallow as ma
from sqlalchemy import func, select

from learning.api.schemas import DashboardOut, DashboardQuery
from learning.api.setup import api_blueprint, problems
from learning.blockages.models import DOMAINS, Blockage, BlockageDomain
from learning.extensions import db
from learning.privacy_counts import min_group_size, small_count

bp = api_blueprint("dashboard", "/dashboard", "Kerncijfers met onderdrukking van kleine aantallen.")
MONTHS = 24


def _row(key: str, label: str, count: int, minimum: int) -> dict:
    suppressed = 0 < count < minimum
    return {
        "key": key,
        "label": label,
        "count": None if suppressed else count,
        "display": small_count(count, minimum),
        "suppressed": suppressed,
    }


@bp.route("/knelpunten", methods=["GET"])
@bp.arguments(DashboardQuery, location="query", as_kwargs=True, unknown=ma.RAISE)
@bp.response(200, DashboardOut)
@problems(bp, 422)
def blockage_counts(by: str = "domain"):
    """Aantal knelpunten (niet ingetrokken) per domein of per maand (laatste 24)."""
    minimum = min_group_size()
    active = Blockage.withdrawn_at.is_(None)
    if by == "domain":
        counts = dict(
            db.session.execute(
                select(BlockageDomain.domain, func.count())
                .join(Blockage, Blockage.id == BlockageDomain.blockage_id)
                .where(active)
                .group_by(BlockageDomain.domain)
            ).all()
        )
        items = [_row(k, label, counts.get(k, 0), minimum) for k, label in DOMAINS.items()]
    else:
        days = db.session.scalars(select(Blockage.reported_on).where(active)).all()
        months: dict[str, int] = {}
        for day in days:
            months[day.strftime("%Y-%m")] = months.get(day.strftime("%Y-%m"), 0) + 1
        keys = sorted(months)[-MONTHS:]
        items = [_row(k, k, months[k], minimum) for k in keys]
    total = db.session.scalar(select(func.count(Blockage.id)).where(active)) or 0
    return {
        "by": by,
        "min_group_size": minimum,
        "total": None if 0 < total < minimum else total,
        "items": items,
    }
