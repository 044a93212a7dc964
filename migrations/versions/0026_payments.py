"""payments: payment records and their event logs

Revision ID: 0026
Revises: 0002
Create Date: 2026-12-03 08:00:00.000000
"""
from alembic import op
import sqlalchemy as sa


revision = '0026'
down_revision = '0002'
branch_labels = None
# checkout sessions and reader subscriptions, purchases
depends_on = ('0010', '0019')

STATUSES = ('PENDING', 'PROCESSING', 'SUCCEEDED', 'FAILED', 'CANCELLED', 'PARTIALLY_REFUNDED',
            'REFUNDED', 'DISPUTED', 'CHARGEBACK_LOST')


def upgrade() -> None:
    op.create_table('payments',
    sa.Column('id', sa.String(length=40), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('reader_id', sa.String(length=40), nullable=False),
    sa.Column('author_id', sa.String(length=40), nullable=True),
    sa.Column('site_id', sa.String(length=40), nullable=True),
    sa.Column('type', sa.Enum('SUBSCRIPTION', 'ONE_TIME_PURCHASE', 'TIP', 'GIFT', 'COINS', 'PLATFORM_FEE', name='paymenttype', native_enum=False, length=32), nullable=False),
    sa.Column('status', sa.Enum(*STATUSES, name='paymentstatus', native_enum=False, length=32), nullable=False),
    sa.Column('gross_amount', sa.Integer(), nullable=False),
    sa.Column('gateway_fee', sa.Integer(), nullable=True),
    sa.Column('net_amount', sa.Integer(), nullable=True),
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.Column('gateway', sa.String(length=32), nullable=False),
    sa.Column('gateway_payment_id', sa.String(length=255), nullable=False),
    sa.Column('checkout_session_id', sa.String(length=40), nullable=True),
    sa.Column('subscription_id', sa.String(length=40), nullable=True),
    sa.Column('purchase_id', sa.String(length=40), nullable=True),
    sa.Column('payer_hidden', sa.Boolean(), nullable=False),
    sa.Column('refunded_amount', sa.Integer(), nullable=False),
    sa.Column('refunded_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('failure_code', sa.String(length=64), nullable=True),
    sa.Column('failure_message', sa.String(length=500), nullable=True),
    sa.Column('description', sa.String(length=500), nullable=True),
    sa.Column('disputed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('event_count', sa.Integer(), nullable=False),
    sa.Column('processed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_payments_author_id_users'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['checkout_session_id'], ['checkout_sessions.id'], name=op.f('fk_payments_checkout_session_id_checkout_sessions'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['purchase_id'], ['purchases.id'], name=op.f('fk_payments_purchase_id_purchases'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['reader_id'], ['users.id'], name=op.f('fk_payments_reader_id_users'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['site_id'], ['sites.id'], name=op.f('fk_payments_site_id_sites'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['subscription_id'], ['reader_subscriptions.id'], name=op.f('fk_payments_subscription_id_reader_subscriptions'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_payments')),
    sa.UniqueConstraint('gateway', 'gateway_payment_id', name='uq_payments_gateway_gateway_payment_id')
    )
    with op.batch_alter_table('payments', schema=None) as batch_op:
        batch_op.create_index('ix_payments_author_created', ['author_id', 'created_at'], unique=False)
        batch_op.create_index('ix_payments_reader_created', ['reader_id', 'created_at'], unique=False)
        batch_op.create_index('ix_payments_subscription', ['subscription_id'], unique=False)
        batch_op.create_index('ix_payments_purchase', ['purchase_id'], unique=False)

    op.create_table('payment_events',
    sa.Column('id', sa.String(length=40), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('payment_id', sa.String(length=40), nullable=False),
    sa.Column('sequence', sa.Integer(), nullable=False),
    sa.Column('event_type', sa.String(length=50), nullable=False),
    sa.Column('previous_status', sa.Enum(*STATUSES, name='paymentstatus', native_enum=False, length=32), nullable=True),
    sa.Column('new_status', sa.Enum(*STATUSES, name='paymentstatus', native_enum=False, length=32), nullable=False),
    sa.Column('amount', sa.Integer(), nullable=True),
    sa.Column('metadata', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['payment_id'], ['payments.id'], name=op.f('fk_payment_events_payment_id_payments'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_payment_events')),
    sa.UniqueConstraint('payment_id', 'sequence', name='uq_payment_events_payment_id_sequence')
    )


def downgrade() -> None:
    op.drop_table('payment_events')
    with op.batch_alter_table('payments', schema=None) as batch_op:
        batch_op.drop_index('ix_payments_purchase')
        batch_op.drop_index('ix_payments_subscription')
        batch_op.drop_index('ix_payments_reader_created')
        batch_op.drop_index('ix_payments_author_created')

    op.drop_table('payments')
