"""memberships: gift subscriptions

Revision ID: 0014
Revises: 0002
Create Date: 2026-11-22 07:40:00.000000
"""
from alembic import op
import sqlalchemy as sa



revision = '0014'
down_revision = '0002'
branch_labels = None
depends_on = ('0009', '0010')


def upgrade() -> None:
    op.create_table('gift_subscriptions',
    sa.Column('id', sa.String(length=40), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('giver_id', sa.String(length=40), nullable=False),
    sa.Column('giver_email', sa.String(length=255), nullable=False),
    sa.Column('giver_name', sa.String(length=100), nullable=True),
    sa.Column('recipient_email', sa.String(length=255), nullable=False),
    sa.Column('recipient_name', sa.String(length=100), nullable=True),
    sa.Column('recipient_id', sa.String(length=40), nullable=True),
    sa.Column('site_id', sa.String(length=40), nullable=False),
    sa.Column('tier_id', sa.String(length=40), nullable=False),
    sa.Column('months', sa.SmallInteger(), nullable=False),
    sa.Column('amount', sa.Integer(), nullable=False),
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.Column('gift_message', sa.Text(), nullable=True),
    sa.Column('delivery_date', sa.DateTime(timezone=True), nullable=False),
    sa.Column('is_scheduled', sa.Boolean(), nullable=False),
    sa.Column('status', sa.Enum('PENDING', 'DELIVERED', 'CLAIMED', 'EXPIRED', 'CANCELLED', name='giftstatus', native_enum=False, length=32), nullable=False),
    sa.Column('delivered_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('claimed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('claim_code', sa.String(length=32), nullable=False),
    sa.Column('claim_url', sa.String(length=2048), nullable=True),
    sa.Column('checkout_session_id', sa.String(length=40), nullable=True),
    sa.Column('subscription_id', sa.String(length=40), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['checkout_session_id'], ['checkout_sessions.id'], name=op.f('fk_gift_subscriptions_checkout_session_id_checkout_sessions'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['giver_id'], ['users.id'], name=op.f('fk_gift_subscriptions_giver_id_users'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['recipient_id'], ['users.id'], name=op.f('fk_gift_subscriptions_recipient_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['site_id'], ['sites.id'], name=op.f('fk_gift_subscriptions_site_id_sites'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['subscription_id'], ['reader_subscriptions.id'], name=op.f('fk_gift_subscriptions_subscription_id_reader_subscriptions'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['tier_id'], ['author_subscription_tiers.id'], name=op.f('fk_gift_subscriptions_tier_id_author_subscription_tiers'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_gift_subscriptions')),
    sa.UniqueConstraint('checkout_session_id', name=op.f('uq_gift_subscriptions_checkout_session_id')),
    sa.UniqueConstraint('claim_code', name=op.f('uq_gift_subscriptions_claim_code'))
    )
    with op.batch_alter_table('gift_subscriptions', schema=None) as batch_op:
        batch_op.create_index('ix_gift_subscriptions_giver_created', ['giver_id', 'created_at'], unique=False)
        batch_op.create_index('ix_gift_subscriptions_recipient_email', ['recipient_email', 'created_at'], unique=False)
        batch_op.create_index('ix_gift_subscriptions_recipient_id', ['recipient_id', 'created_at'], unique=False)
        batch_op.create_index('ix_gift_subscriptions_status_delivery', ['status', 'delivery_date'], unique=False)
        batch_op.create_index('ix_gift_subscriptions_status_expires', ['status', 'expires_at'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('gift_subscriptions', schema=None) as batch_op:
        batch_op.drop_index('ix_gift_subscriptions_status_expires')
        batch_op.drop_index('ix_gift_subscriptions_status_delivery')
        batch_op.drop_index('ix_gift_subscriptions_recipient_id')
        batch_op.drop_index('ix_gift_subscriptions_recipient_email')
        batch_op.drop_index('ix_gift_subscriptions_giver_created')

    op.drop_table('gift_subscriptions')
