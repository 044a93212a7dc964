"""memberships: a free trial per tier

Revision ID: 0015
Revises: 0010
Create Date: 2026-11-22 06:15:00.000000
"""
from alembic import op
import sqlalchemy as sa


revision = '0015'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('author_subscription_tiers', schema=None) as batch_op:
        batch_op.add_column(sa.Column('trial_days', sa.SmallInteger(), nullable=False,
                                      server_default='0'))


def downgrade() -> None:
    with op.batch_alter_table('author_subscription_tiers', schema=None) as batch_op:
        batch_op.drop_column('trial_days')
