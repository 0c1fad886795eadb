"""Insight rollups: knelpunten per day and per month by domain, organisation, wijk, table and
learning order, and one row of loop facts per pattern.

Revision ID: c4d5e6f7a8b9
Revises: 4fb7daeddf36
Create Date: 2026-12-03 13:40:00

"""

import sqlalchemy as sa
from alembic import op

revision = "c4d5e6f7a8b9"
down_revision = "4fb7daeddf36"
branch_labels = None
depends_on = None

_KEYS = ("domain", "organisation_id", "area_id", "table_id", "learning_order", "grain")


def _count_columns():
    return [
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("domain", sa.String(length=32), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("area_id", sa.Integer(), nullable=False),
        sa.Column("table_id", sa.Integer(), nullable=False),
        sa.Column("learning_order", sa.String(length=10), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("grain", sa.SmallInteger(), nullable=False),
    ]


def upgrade():
    for table, period in (("insight_blockage_days", "day"), ("insight_blockage_months", "month")):
        op.create_table(
            table,
            *_count_columns(),
            sa.Column(period, sa.Date(), nullable=False),
            sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{table}")),
            sa.UniqueConstraint(period, *_KEYS, name=f"uq_{table}_key"),
        )
        op.create_index(f"ix_{table}_grain_{period}", table, ["grain", period])
    op.create_table(
        "insight_pattern_facts",
        sa.Column("pattern_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("table_id", sa.Integer(), nullable=False),
        sa.Column("learning_order", sa.String(length=10), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("emerged_on", sa.Date(), nullable=True),
        sa.Column("triaged_on", sa.Date(), nullable=True),
        sa.Column("decided_on", sa.Date(), nullable=True),
        sa.Column("first_action_on", sa.Date(), nullable=True),
        sa.Column("outcome_on", sa.Date(), nullable=True),
        sa.Column("reports", sa.Integer(), nullable=False),
        sa.Column("reports_before", sa.Integer(), nullable=False),
        sa.Column("reports_after", sa.Integer(), nullable=False),
        sa.Column("reports_recent", sa.Integer(), nullable=False),
        sa.Column("reports_previous", sa.Integer(), nullable=False),
        sa.Column("came_back", sa.Boolean(), nullable=False),
        sa.Column("reporters", sa.Integer(), nullable=False),
        sa.Column("reporters_told", sa.Integer(), nullable=False),
        sa.Column("as_of", sa.Date(), nullable=False),
        sa.Column("refreshed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("pattern_id", name=op.f("pk_insight_pattern_facts")),
    )
    op.create_index(
        op.f("ix_insight_pattern_facts_table_id"), "insight_pattern_facts", ["table_id"]
    )


def downgrade():
    op.drop_index(op.f("ix_insight_pattern_facts_table_id"), table_name="insight_pattern_facts")
    op.drop_table("insight_pattern_facts")
    for table, period in (("insight_blockage_months", "month"), ("insight_blockage_days", "day")):
        op.drop_index(f"ix_{table}_grain_{period}", table_name=table)
        op.drop_table(table)
