"""who bills an author's subscription renewals; when a gateway was told to stop billing one

Revision ID: 0033
Revises: 0002
Create Date: 2026-12-03 14:25:00.000000
"""
from alembic import op
import sqlalchemy as sa


revision = '0033'
down_revision = '0002'
branch_labels = None
# gateway settings; reader subscriptions' gateway columns
depends_on = ('0023', '0031')


def upgrade() -> None:
    with op.batch_alter_table('payment_gateway_settings') as batch:
        batch.add_column(sa.Column('renewals_by_gateway', sa.Boolean(), nullable=False,
                                   server_default=sa.false()))
    with op.batch_alter_table('reader_subscriptions') as batch:
        batch.add_column(sa.Column('gateway_ended_at', sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('reader_subscriptions') as batch:
        batch.drop_column('gateway_ended_at')
    with op.batch_alter_table('payment_gateway_settings') as batch:
        batch.drop_column('renewals_by_gateway')
