"""Users get a session version (logout ends every session); drafts belong to their author.

Revision ID: 6ce120f96707
Revises: b7c1d2e3f4a5
Create Date: 2026-12-03 09:54:32.420358

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '6ce120f96707'
down_revision = 'b7c1d2e3f4a5'
branch_labels = None
depends_on = None


def upgrade():
    # Drafts kept for anonymous requests have no owner to give back to: they go.
    op.execute("DELETE FROM drafts")
    with op.batch_alter_table('drafts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('user_id', sa.Integer(), nullable=False))
        batch_op.create_index(batch_op.f('ix_drafts_user_id'), ['user_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_drafts_user_id_users'), 'users', ['user_id'], ['id'], ondelete='CASCADE')

    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('session_version', sa.Integer(), server_default='1', nullable=False))



def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('session_version')

    with op.batch_alter_table('drafts', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_drafts_user_id_users'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_drafts_user_id'))
        batch_op.drop_column('user_id')

