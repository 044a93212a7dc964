"""payments: authors' gateway connections (secrets as ciphertext) and gateway settings

Revision ID: 0023
Revises: 0001
Create Date: 2026-12-03 08:00:00.000000
"""
from alembic import op
import sqlalchemy as sa


revision = '0023'
down_revision = '0001'  # users
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('payment_gateway_connections',
    sa.Column('id', sa.String(length=40), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.String(length=40), nullable=False),
    sa.Column('provider', sa.Enum('RAZORPAY', 'STRIPE', 'XENDIT', name='gatewayprovider', native_enum=False, length=32), nullable=False),
    sa.Column('status', sa.Enum('NOT_CONNECTED', 'CONNECTED', 'DISCONNECTED', name='connectionstatus', native_enum=False, length=32), nullable=False),
    sa.Column('mode', sa.Enum('TEST', 'LIVE', name='gatewaymode', native_enum=False, length=32), nullable=False),
    sa.Column('key_id', sa.String(length=64), nullable=True),
    sa.Column('account_id', sa.String(length=64), nullable=True),
    sa.Column('account_type', sa.Enum('STANDARD', 'EXPRESS', 'CUSTOM', name='stripeaccounttype', native_enum=False, length=32), nullable=True),
    sa.Column('business_id', sa.String(length=64), nullable=True),
    sa.Column('secret_kind', sa.Enum('KEY_SECRET', 'SECRET_KEY', 'RESTRICTED_KEY', 'ACCESS_TOKEN', 'API_KEY', name='secretkind', native_enum=False, length=32), nullable=True),
    sa.Column('secret_ciphertext', sa.Text(), nullable=True),
    sa.Column('secret_hint', sa.String(length=8), nullable=True),
    sa.Column('webhook_secret_ciphertext', sa.Text(), nullable=True),
    sa.Column('webhook_secret_hint', sa.String(length=8), nullable=True),
    sa.Column('webhook_secret_set_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('verified', sa.Boolean(), nullable=False),
    sa.Column('verified_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('charges_enabled', sa.Boolean(), nullable=False),
    sa.Column('payouts_enabled', sa.Boolean(), nullable=False),
    sa.Column('details_submitted', sa.Boolean(), nullable=False),
    sa.Column('connected_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('disconnected_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_webhook_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_webhook_ok_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('webhook_failure_count', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_payment_gateway_connections_author_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_payment_gateway_connections')),
    sa.UniqueConstraint('author_id', 'provider', name=op.f('uq_payment_gateway_connections_author_id_provider'))
    )

    op.create_table('payment_gateway_settings',
    sa.Column('id', sa.String(length=40), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.String(length=40), nullable=False),
    sa.Column('default_gateway', sa.Enum('RAZORPAY', 'STRIPE', 'XENDIT', name='gatewayprovider', native_enum=False, length=32), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_payment_gateway_settings_author_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_payment_gateway_settings')),
    sa.UniqueConstraint('author_id', name=op.f('uq_payment_gateway_settings_author_id'))
    )


def downgrade() -> None:
    op.drop_table('payment_gateway_settings')
    op.drop_table('payment_gateway_connections')
