"""Insight rollups: an index on grain and dimensions before the day or month, with the count
included, so a filtered view reads only its own rows of a grain.

Revision ID: d5e6f7a8b9c0
Revises: c4e5f6a7b8d9
Create Date: 2026-12-03 17:00:00

"""

from alembic import op

revision = "d5e6f7a8b9c0"
down_revision = "c4e5f6a7b8d9"
branch_labels = None
depends_on = None

_DIMS = ("grain", "domain", "organisation_id", "area_id", "table_id", "learning_order")
_TABLES = (("insight_blockage_days", "day"), ("insight_blockage_months", "month"))


def upgrade():
    for table, period in _TABLES:
        op.create_index(
            f"ix_{table}_grain_dims",
            table,
            [*_DIMS, period],
            postgresql_include=["count"],
        )


def downgrade():
    for table, _period in _TABLES:
        op.drop_index(f"ix_{table}_grain_dims", table_name=table)
