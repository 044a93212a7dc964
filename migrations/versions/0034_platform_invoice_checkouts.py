"""paying a platform invoice online: its open checkout on the platform's gateway

Revision ID: 0034
Revises: 0002
Create Date: 2026-12-03 14:35:00.000000
"""
from alembic import op
import sqlalchemy as sa


revision = '0034'
down_revision = '0002'
branch_labels = None
# platform invoices
depends_on = ('0028',)


def upgrade() -> None:
    with op.batch_alter_table('platform_invoices') as batch:
        batch.add_column(sa.Column('gateway_checkout_id', sa.String(length=255), nullable=True))
        batch.add_column(sa.Column('checkout_url', sa.Text(), nullable=True))
        batch.add_column(sa.Column('checkout_attempts', sa.Integer(), nullable=False,
                                   server_default='0'))


def downgrade() -> None:
    with op.batch_alter_table('platform_invoices') as batch:
        batch.drop_column('checkout_attempts')
        batch.drop_column('checkout_url')
        batch.drop_column('gateway_checkout_id')
