"""Leersessies: roles per series (facilitators, secretary, members), invited attendees with
presence, sessions that can be edited and cancelled with a reason, aanjagers' wijken, time per
agenda item, and calendar attachments on outgoing mail.

Revision ID: c4e5f6a7b8d9
Revises: c4d5e6f7a8b9
Create Date: 2026-12-03 13:45:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'c4e5f6a7b8d9'
down_revision = 'c4d5e6f7a8b9'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('session_series_members', schema=None) as batch_op:
        batch_op.add_column(sa.Column('role', sa.String(length=16), server_default='member', nullable=False))
        batch_op.create_check_constraint(
            'role_known', "role in ('facilitator', 'secretary', 'member')"
        )
    # The one facilitator of a series becomes a facilitator row (also when already a member).
    op.execute(
        "UPDATE session_series_members SET role = 'facilitator' WHERE EXISTS ("
        "SELECT 1 FROM session_series s WHERE s.id = session_series_members.series_id "
        "AND s.facilitator_id = session_series_members.user_id)"
    )
    op.execute(
        "INSERT INTO session_series_members (series_id, user_id, role) "
        "SELECT s.id, s.facilitator_id, 'facilitator' FROM session_series s "
        "WHERE s.facilitator_id IS NOT NULL AND NOT EXISTS ("
        "SELECT 1 FROM session_series_members m WHERE m.series_id = s.id "
        "AND m.user_id = s.facilitator_id)"
    )
    with op.batch_alter_table('session_series', schema=None) as batch_op:
        batch_op.drop_constraint('fk_session_series_facilitator_id_users', type_='foreignkey')
        batch_op.drop_column('facilitator_id')

    with op.batch_alter_table('learning_session_attendees', schema=None) as batch_op:
        batch_op.add_column(sa.Column('invited', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.add_column(sa.Column('presence', sa.String(length=16), nullable=True))
        batch_op.create_check_constraint(
            'presence', "presence is null or presence in ('aanwezig', 'afgemeld')"
        )

    with op.batch_alter_table('learning_sessions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('title', sa.String(length=200), server_default='', nullable=False))
        batch_op.add_column(sa.Column('online_url', sa.String(length=500), server_default='', nullable=False))
        batch_op.add_column(sa.Column('cancel_reason', sa.Text(), server_default='', nullable=False))
        batch_op.add_column(sa.Column('cancelled_at', sa.DateTime(timezone=True), nullable=True))

    with op.batch_alter_table('session_guests', schema=None) as batch_op:
        batch_op.add_column(sa.Column('presence', sa.String(length=16), nullable=True))

    with op.batch_alter_table('agenda_items', schema=None) as batch_op:
        batch_op.add_column(sa.Column('minutes', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('asked_by_series_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f('fk_agenda_items_asked_by_series_id_session_series'),
            'session_series', ['asked_by_series_id'], ['id'],
        )

    with op.batch_alter_table('outgoing_mail', schema=None) as batch_op:
        batch_op.add_column(sa.Column('calendar', sa.Text(), nullable=True))

    op.create_table(
        'session_champion_areas',
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('area_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['area_id'], ['areas.id'], name=op.f('fk_session_champion_areas_area_id_areas'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_session_champion_areas_user_id_users'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('user_id', 'area_id', name=op.f('pk_session_champion_areas')),
    )


def downgrade():
    op.drop_table('session_champion_areas')
    with op.batch_alter_table('outgoing_mail', schema=None) as batch_op:
        batch_op.drop_column('calendar')
    with op.batch_alter_table('agenda_items', schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f('fk_agenda_items_asked_by_series_id_session_series'), type_='foreignkey'
        )
        batch_op.drop_column('asked_by_series_id')
        batch_op.drop_column('minutes')
    with op.batch_alter_table('session_guests', schema=None) as batch_op:
        batch_op.drop_column('presence')
    with op.batch_alter_table('learning_sessions', schema=None) as batch_op:
        batch_op.drop_column('cancelled_at')
        batch_op.drop_column('cancel_reason')
        batch_op.drop_column('online_url')
        batch_op.drop_column('title')
    with op.batch_alter_table('learning_session_attendees', schema=None) as batch_op:
        batch_op.drop_constraint('presence', type_='check')
        batch_op.drop_column('presence')
        batch_op.drop_column('invited')
    with op.batch_alter_table('session_series', schema=None) as batch_op:
        batch_op.add_column(sa.Column('facilitator_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key('fk_session_series_facilitator_id_users', 'users', ['facilitator_id'], ['id'])
    op.execute(
        "UPDATE session_series SET facilitator_id = (SELECT MIN(m.user_id) FROM "
        "session_series_members m WHERE m.series_id = session_series.id AND m.role = 'facilitator')"
    )
    with op.batch_alter_table('session_series_members', schema=None) as batch_op:
        batch_op.drop_constraint('role_known', type_='check')
        batch_op.drop_column('role')
