"""memberships: author subscription tiers

Revision ID: 0009
Revises: 0002
Create Date: 2026-11-22 04:00:00.000000
"""
from alembic import op
import sqlalchemy as sa


revision = '0009'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('author_subscription_tiers',
    sa.Column('id', sa.String(length=40), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('site_id', sa.String(length=40), nullable=False),
    sa.Column('author_id', sa.String(length=40), nullable=False),
    sa.Column('name', sa.String(length=50), nullable=False),
    sa.Column('slug', sa.String(length=60), nullable=False),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('monthly_price', sa.Integer(), nullable=False),
    sa.Column('annual_price', sa.Integer(), nullable=True),
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.Column('billing_cycles', sa.JSON(), nullable=False),
    sa.Column('benefits', sa.JSON(), nullable=False),
    sa.Column('early_access_days', sa.SmallInteger(), nullable=False),
    sa.Column('badge_text', sa.String(length=20), nullable=True),
    sa.Column('badge_color', sa.String(length=7), nullable=True),
    sa.Column('display_order', sa.Integer(), nullable=False),
    sa.Column('is_highlighted', sa.Boolean(), nullable=False),
    sa.Column('highlight_text', sa.String(length=30), nullable=True),
    sa.Column('is_active', sa.Boolean(), nullable=False),
    sa.Column('is_public', sa.Boolean(), nullable=False),
    sa.Column('is_free', sa.Boolean(), nullable=False),
    sa.Column('max_subscribers', sa.Integer(), nullable=True),
    sa.Column('current_subscribers', sa.Integer(), nullable=False),
    sa.Column('gateway_plan_ids', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_author_subscription_tiers_author_id_users'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['site_id'], ['sites.id'], name=op.f('fk_author_subscription_tiers_site_id_sites'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_author_subscription_tiers')),
    sa.UniqueConstraint('site_id', 'slug', name=op.f('uq_author_subscription_tiers_site_id_slug'))
    )
    with op.batch_alter_table('author_subscription_tiers', schema=None) as batch_op:
        batch_op.create_index('ix_author_subscription_tiers_author', ['author_id'], unique=False)
        batch_op.create_index('ix_author_subscription_tiers_site_order', ['site_id', 'is_active', 'display_order'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('author_subscription_tiers', schema=None) as batch_op:
        batch_op.drop_index('ix_author_subscription_tiers_site_order')
        batch_op.drop_index('ix_author_subscription_tiers_author')

    op.drop_table('author_subscription_tiers')
