"""Insight rollups: an index on grain and dimensions before the day or month, with the count
included, so a filtered view reads only its own rows of a grain; and the month grains of three
dimensions, summed from the month's FULL rows (what `flask insight rebuild` would write), so
views read them before the nightly rebuild and refreshes add to rows that exist.

Revision ID: d5e6f7a8b9c0
Revises: c4e5f6a7b8d9
Create Date: 2026-12-03 17:00:00

"""

from itertools import combinations

from alembic import op

revision = "d5e6f7a8b9c0"
down_revision = "c4e5f6a7b8d9"
branch_labels = None
depends_on = None

_DIMS = ("grain", "domain", "organisation_id", "area_id", "table_id", "learning_order")
_TABLES = (("insight_blockage_days", "day"), ("insight_blockage_months", "month"))


_KEPT = ("domain", "organisation_id", "area_id", "table_id", "learning_order")
_BLANK = {"domain": "''", "learning_order": "''"}
FULL = 31


def _three_dimension_grains():
    """(grain, kept columns) as learning.insight.grains numbers them (bit i = _KEPT[i])."""
    for kept in combinations(_KEPT, 3):
        yield sum(1 << _KEPT.index(dim) for dim in kept), kept


def upgrade():
    for table, period in _TABLES:
        op.create_index(
            f"ix_{table}_grain_dims",
            table,
            [*_DIMS, period],
            postgresql_include=["count"],
        )
    columns = ", ".join(_KEPT)
    for grain, kept in _three_dimension_grains():
        values = ", ".join(dim if dim in kept else _BLANK.get(dim, "0") for dim in _KEPT)
        domain = "domain <> ''" if "domain" in kept else "domain = ''"
        op.execute(
            f"INSERT INTO insight_blockage_months (month, {columns}, count, grain) "
            f"SELECT month, {values}, SUM(count), {grain} FROM insight_blockage_months "
            f"WHERE grain = {FULL} AND {domain} GROUP BY month, {', '.join(kept)}"
        )


def downgrade():
    grains = ", ".join(str(grain) for grain, _kept in _three_dimension_grains())
    op.execute(f"DELETE FROM insight_blockage_months WHERE grain IN ({grains})")
    for table, _period in _TABLES:
        op.drop_index(f"ix_{table}_grain_dims", table_name=table)
