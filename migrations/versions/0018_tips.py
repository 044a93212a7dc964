"""commerce: tips

Revision ID: 0018
Revises: 0002
Create Date: 2026-11-22 06:50:00.000000
"""
from alembic import op
import sqlalchemy as sa


revision = '0018'
down_revision = '0002'
branch_labels = None
depends_on = ('0001', '0010')  # users, checkout_sessions


def upgrade() -> None:
    op.create_table('tips',
    sa.Column('id', sa.String(length=40), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('tipper_id', sa.String(length=40), nullable=False),
    sa.Column('author_id', sa.String(length=40), nullable=False),
    sa.Column('site_id', sa.String(length=40), nullable=True),
    sa.Column('amount', sa.Integer(), nullable=False),
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.Column('message', sa.Text(), nullable=True),
    sa.Column('is_anonymous', sa.Boolean(), nullable=False),
    sa.Column('status', sa.Enum('SUCCEEDED', 'REFUNDED', name='tipstatus', native_enum=False, length=32), nullable=False),
    sa.Column('checkout_session_id', sa.String(length=40), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('paid_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('refunded_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_tips_author_id_users'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['checkout_session_id'], ['checkout_sessions.id'], name=op.f('fk_tips_checkout_session_id_checkout_sessions'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['site_id'], ['sites.id'], name=op.f('fk_tips_site_id_sites'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['tipper_id'], ['users.id'], name=op.f('fk_tips_tipper_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_tips')),
    sa.UniqueConstraint('checkout_session_id', name=op.f('uq_tips_checkout_session_id'))
    )
    with op.batch_alter_table('tips', schema=None) as batch_op:
        batch_op.create_index('ix_tips_author_created', ['author_id', 'created_at'], unique=False)
        batch_op.create_index('ix_tips_site_created', ['site_id', 'created_at'], unique=False)
        batch_op.create_index('ix_tips_tipper_created', ['tipper_id', 'created_at'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('tips', schema=None) as batch_op:
        batch_op.drop_index('ix_tips_tipper_created')
        batch_op.drop_index('ix_tips_site_created')
        batch_op.drop_index('ix_tips_author_created')

    op.drop_table('tips')
