"""Notifications (the in-app list and the bundled mail); users choose how often they are
mailed instead of only whether (notify_by_email False becomes 'never').

Revision ID: 64f5698b540b
Revises: 6ce120f96707
Create Date: 2026-12-03 11:27:42.567439

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '64f5698b540b'
down_revision = '6ce120f96707'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('notifications',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('about', sa.String(length=200), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('link', sa.String(length=500), nullable=False),
    sa.Column('pattern_id', sa.Integer(), nullable=True),
    sa.Column('blockage_id', sa.Integer(), nullable=True),
    sa.Column('session_id', sa.Integer(), nullable=True),
    sa.Column('key', sa.String(length=200), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('read_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('mail_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['blockage_id'], ['blockages.id'], name=op.f('fk_notifications_blockage_id_blockages'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['mail_id'], ['outgoing_mail.id'], name=op.f('fk_notifications_mail_id_outgoing_mail'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['pattern_id'], ['patterns.id'], name=op.f('fk_notifications_pattern_id_patterns'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['session_id'], ['learning_sessions.id'], name=op.f('fk_notifications_session_id_learning_sessions'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_notifications_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notifications')),
    sa.UniqueConstraint('user_id', 'key', name=op.f('uq_notifications_user_id_key'))
    )
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_notifications_created_at'), ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_notifications_mail_id'), ['mail_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_notifications_pattern_id'), ['pattern_id'], unique=False)
        batch_op.create_index('ix_notifications_user_read', ['user_id', 'read_at'], unique=False)

    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('notification_mail', sa.String(length=16), server_default='daily', nullable=False))
    op.execute("UPDATE users SET notification_mail = 'never' WHERE NOT notify_by_email")
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('notify_by_email')



def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('notify_by_email', sa.Boolean(), server_default=sa.true(), nullable=False))
    op.execute("UPDATE users SET notify_by_email = (notification_mail <> 'never')")
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('notification_mail')

    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.drop_index('ix_notifications_user_read')
        batch_op.drop_index(batch_op.f('ix_notifications_pattern_id'))
        batch_op.drop_index(batch_op.f('ix_notifications_mail_id'))
        batch_op.drop_index(batch_op.f('ix_notifications_created_at'))

    op.drop_table('notifications')
