"""platform subscriptions: authors' subscriptions to Ownverso, their history, invoices and
yearly invoice number counters

Revision ID: 0030
Revises: 0002
Create Date: 2026-12-03 11:45:00.000000
"""
from alembic import op
import sqlalchemy as sa


revision = '0030'
down_revision = '0002'
branch_labels = None
depends_on = ('0001',)  # users


def _enum(name: str, *values: str) -> sa.Enum:
    return sa.Enum(*values, name=name, native_enum=False, length=32)


TIERS = ('FREE', 'STARTER', 'GROWTH', 'PROFESSIONAL', 'ENTERPRISE')
CYCLES = ('MONTHLY', 'ANNUAL', 'LIFETIME')


def upgrade() -> None:
    op.create_table('platform_subscriptions',
    sa.Column('id', sa.String(length=40), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.String(length=40), nullable=False),
    sa.Column('tier', _enum('platformtier', *TIERS), nullable=False),
    sa.Column('cycle', _enum('plancycle', *CYCLES), nullable=False),
    sa.Column('status', _enum('platformsubscriptionstatus', 'ACTIVE', 'PAST_DUE', 'CANCELLED',
                              'SUSPENDED', 'TRIAL'), nullable=False),
    sa.Column('price', sa.BigInteger(), nullable=False),
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.Column('current_period_start', sa.DateTime(timezone=True), nullable=True),
    sa.Column('current_period_end', sa.DateTime(timezone=True), nullable=True),
    sa.Column('anchor_day', sa.Integer(), nullable=True),
    sa.Column('pending_tier', _enum('platformtier', *TIERS), nullable=True),
    sa.Column('pending_cycle', _enum('plancycle', *CYCLES), nullable=True),
    sa.Column('cancelled_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('grace_ends_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_platform_subscriptions_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_platform_subscriptions')),
    sa.UniqueConstraint('user_id', name='uq_platform_subscriptions_user_id')
    )
    with op.batch_alter_table('platform_subscriptions', schema=None) as batch_op:
        batch_op.create_index('ix_platform_subscriptions_status_period_end', ['status', 'current_period_end'], unique=False)

    op.create_table('platform_subscription_events',
    sa.Column('id', sa.String(length=40), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('subscription_id', sa.String(length=40), nullable=False),
    sa.Column('user_id', sa.String(length=40), nullable=False),
    sa.Column('kind', _enum('historykind', 'created', 'upgraded', 'downgrade_scheduled',
                            'change_cancelled', 'downgraded', 'cancelled', 'resumed', 'renewed',
                            'payment_failed', 'past_due', 'recovered', 'expired',
                            'reward_applied'), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('from_tier', sa.String(length=32), nullable=True),
    sa.Column('to_tier', sa.String(length=32), nullable=True),
    sa.Column('from_cycle', sa.String(length=32), nullable=True),
    sa.Column('to_cycle', sa.String(length=32), nullable=True),
    sa.Column('amount', sa.BigInteger(), nullable=True),
    sa.Column('invoice_id', sa.String(length=40), nullable=True),
    sa.Column('note', sa.String(length=255), nullable=True),
    sa.ForeignKeyConstraint(['subscription_id'], ['platform_subscriptions.id'], name=op.f('fk_platform_subscription_events_subscription_id_platform_subscriptions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_platform_subscription_events_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_platform_subscription_events'))
    )
    with op.batch_alter_table('platform_subscription_events', schema=None) as batch_op:
        batch_op.create_index('ix_platform_subscription_events_user_at', ['user_id', 'at'], unique=False)

    op.create_table('platform_subscription_invoices',
    sa.Column('id', sa.String(length=40), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('number', sa.String(length=32), nullable=False),
    sa.Column('key', sa.String(length=200), nullable=False),
    sa.Column('user_id', sa.String(length=40), nullable=False),
    sa.Column('subscription_id', sa.String(length=40), nullable=False),
    sa.Column('kind', _enum('invoicekind', 'CHECKOUT', 'UPGRADE', 'RENEWAL'), nullable=False),
    sa.Column('status', _enum('subscriptioninvoicestatus', 'OPEN', 'PAID', 'FAILED', 'VOID'), nullable=False),
    sa.Column('tier', _enum('platformtier', *TIERS), nullable=False),
    sa.Column('cycle', _enum('plancycle', *CYCLES), nullable=False),
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.Column('period_start', sa.DateTime(timezone=True), nullable=False),
    sa.Column('period_end', sa.DateTime(timezone=True), nullable=True),
    sa.Column('subtotal', sa.BigInteger(), nullable=False),
    sa.Column('discount', sa.BigInteger(), nullable=False),
    sa.Column('total', sa.BigInteger(), nullable=False),
    sa.Column('reward_months', sa.Integer(), nullable=False),
    sa.Column('lines', sa.JSON(), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('gateway', sa.String(length=32), nullable=True),
    sa.Column('gateway_charge_id', sa.String(length=255), nullable=True),
    sa.Column('gateway_checkout_id', sa.String(length=255), nullable=True),
    sa.Column('checkout_url', sa.String(length=2048), nullable=True),
    sa.Column('failure_code', sa.String(length=64), nullable=True),
    sa.Column('issued_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('paid_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['subscription_id'], ['platform_subscriptions.id'], name=op.f('fk_platform_subscription_invoices_subscription_id_platform_subscriptions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_platform_subscription_invoices_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_platform_subscription_invoices')),
    sa.UniqueConstraint('key', name='uq_platform_subscription_invoices_key'),
    sa.UniqueConstraint('number', name='uq_platform_subscription_invoices_number')
    )
    with op.batch_alter_table('platform_subscription_invoices', schema=None) as batch_op:
        batch_op.create_index('ix_platform_subscription_invoices_user_issued', ['user_id', 'issued_at'], unique=False)
        batch_op.create_index('ix_platform_subscription_invoices_checkout', ['gateway_checkout_id'], unique=False)

    op.create_table('platform_subscription_invoice_counters',
    sa.Column('id', sa.String(length=40), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('last_number', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_platform_subscription_invoice_counters')),
    sa.UniqueConstraint('year', name='uq_platform_subscription_invoice_counters_year')
    )


def downgrade() -> None:
    op.drop_table('platform_subscription_invoice_counters')
    with op.batch_alter_table('platform_subscription_invoices', schema=None) as batch_op:
        batch_op.drop_index('ix_platform_subscription_invoices_checkout')
        batch_op.drop_index('ix_platform_subscription_invoices_user_issued')
    op.drop_table('platform_subscription_invoices')
    with op.batch_alter_table('platform_subscription_events', schema=None) as batch_op:
        batch_op.drop_index('ix_platform_subscription_events_user_at')
    op.drop_table('platform_subscription_events')
    with op.batch_alter_table('platform_subscriptions', schema=None) as batch_op:
        batch_op.drop_index('ix_platform_subscriptions_status_period_end')
    op.drop_table('platform_subscriptions')
