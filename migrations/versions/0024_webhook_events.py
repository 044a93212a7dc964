"""payments: incoming webhook events, stored once per gateway and event id

Revision ID: 0024
Revises: 0002
Create Date: 2026-12-03 08:10:00.000000
"""
from alembic import op
import sqlalchemy as sa


revision = '0024'
down_revision = '0002'
branch_labels = None
# users
depends_on = ('0001',)


def upgrade() -> None:
    op.create_table('webhook_events',
    sa.Column('id', sa.String(length=40), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('gateway', sa.Enum('stripe', 'razorpay', 'xendit', name='webhookgateway', native_enum=False, length=32), nullable=False),
    sa.Column('event_id', sa.String(length=255), nullable=False),
    sa.Column('author_id', sa.String(length=40), nullable=False),
    sa.Column('event_type', sa.String(length=255), nullable=False),
    sa.Column('object_id', sa.String(length=255), nullable=True),
    sa.Column('payload', sa.Text(), nullable=False),
    sa.Column('signature_ok', sa.Boolean(), nullable=False),
    sa.Column('received_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('status', sa.Enum('RECEIVED', 'PROCESSING', 'PROCESSED', 'IGNORED', 'FAILED', 'DEAD_LETTER', name='webhookstatus', native_enum=False, length=32), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('next_attempt_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_error', sa.Text(), nullable=True),
    sa.Column('processed_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_webhook_events_author_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_webhook_events')),
    sa.UniqueConstraint('gateway', 'event_id', name=op.f('uq_webhook_events_gateway_event_id'))
    )
    with op.batch_alter_table('webhook_events', schema=None) as batch_op:
        batch_op.create_index('ix_webhook_events_author_received', ['author_id', 'received_at'], unique=False)
        batch_op.create_index('ix_webhook_events_received', ['received_at'], unique=False)
        batch_op.create_index('ix_webhook_events_status_next_attempt', ['status', 'next_attempt_at'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('webhook_events', schema=None) as batch_op:
        batch_op.drop_index('ix_webhook_events_status_next_attempt')
        batch_op.drop_index('ix_webhook_events_received')
        batch_op.drop_index('ix_webhook_events_author_received')

    op.drop_table('webhook_events')
