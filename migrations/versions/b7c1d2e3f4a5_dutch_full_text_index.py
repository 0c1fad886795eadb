"""Dutch full-text index for the knelpunten search on PostgreSQL.

Revision ID: b7c1d2e3f4a5
Revises: 3ee9e85e577e
Create Date: 2026-11-26 12:00:00

The expression must stay identical to the one in learning/blockages/queries.py.
"""

from alembic import op

revision = "b7c1d2e3f4a5"
down_revision = "3ee9e85e577e"
branch_labels = None
depends_on = None

EXPRESSION = (
    "to_tsvector('dutch', coalesce(title, '') || ' ' || coalesce(description, ''))"
)


def upgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"CREATE INDEX ix_blockages_fulltext ON blockages USING gin ({EXPRESSION})")


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_blockages_fulltext")
