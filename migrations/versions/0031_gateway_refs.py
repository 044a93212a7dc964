"""the gateway's payment behind a payment; when a gateway-billed subscription last followed the
gateway

Revision ID: 0031
Revises: 0002
Create Date: 2026-12-03 12:00:00.000000
"""
from alembic import op
import sqlalchemy as sa


revision = '0031'
down_revision = '0002'
branch_labels = None
# payments; reader subscriptions
depends_on = ('0026', '0010')


def upgrade() -> None:
    with op.batch_alter_table('payments') as batch:
        batch.add_column(sa.Column('gateway_payment_ref', sa.String(length=255), nullable=True))
        batch.create_index('ix_payments_gateway_payment_ref', ['gateway', 'gateway_payment_ref'])
    with op.batch_alter_table('reader_subscriptions') as batch:
        batch.add_column(sa.Column('gateway_synced_at', sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('reader_subscriptions') as batch:
        batch.drop_column('gateway_synced_at')
    with op.batch_alter_table('payments') as batch:
        batch.drop_index('ix_payments_gateway_payment_ref')
        batch.drop_column('gateway_payment_ref')
