"""memberships: discount codes and their redemptions

Revision ID: 0011
Revises: 0002
Create Date: 2026-11-22 06:00:00.000000
"""
from alembic import op
import sqlalchemy as sa


revision = '0011'
down_revision = '0002'  # sites (0002) and users (0001, its ancestor)
branch_labels = None
depends_on = None


def _enum(name: str, *values: str) -> sa.Enum:
    return sa.Enum(*values, name=name, native_enum=False, length=32)


def upgrade() -> None:
    op.create_table('discount_codes',
    sa.Column('id', sa.String(length=40), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('site_id', sa.String(length=40), nullable=False),
    sa.Column('code', sa.String(length=32), nullable=False),
    sa.Column('kind', _enum('discountkind', 'PERCENT', 'FIXED_AMOUNT', 'FREE_MONTHS',
                            'TRIAL_DAYS'), nullable=False),
    sa.Column('value', sa.Integer(), nullable=False),
    sa.Column('currency', sa.String(length=3), nullable=True),
    sa.Column('applies_to', _enum('appliesto', 'ALL', 'TIERS', 'PRODUCTS', 'CHAPTERS'),
              nullable=False),
    sa.Column('target_ids', sa.JSON(), nullable=False),
    sa.Column('billing_cycles', sa.JSON(), nullable=False),
    sa.Column('duration', _enum('discountduration', 'ONCE', 'REPEATING', 'FOREVER'),
              nullable=False),
    sa.Column('duration_months', sa.SmallInteger(), nullable=True),
    sa.Column('max_redemptions', sa.Integer(), nullable=True),
    sa.Column('per_reader_limit', sa.Integer(), nullable=True),
    sa.Column('redemption_count', sa.Integer(), nullable=False),
    sa.Column('valid_from', sa.DateTime(timezone=True), nullable=True),
    sa.Column('valid_until', sa.DateTime(timezone=True), nullable=True),
    sa.Column('first_time_only', sa.Boolean(), nullable=False),
    sa.Column('minimum_amount', sa.Integer(), nullable=True),
    sa.Column('is_active', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['site_id'], ['sites.id'], name=op.f('fk_discount_codes_site_id_sites'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_discount_codes')),
    sa.UniqueConstraint('site_id', 'code', name=op.f('uq_discount_codes_site_id_code'))
    )
    with op.batch_alter_table('discount_codes', schema=None) as batch_op:
        batch_op.create_index('ix_discount_codes_site_created', ['site_id', 'created_at'], unique=False)

    op.create_table('discount_redemptions',
    sa.Column('id', sa.String(length=40), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('code_id', sa.String(length=40), nullable=False),
    sa.Column('site_id', sa.String(length=40), nullable=False),
    sa.Column('reader_id', sa.String(length=40), nullable=False),
    sa.Column('checkout_id', sa.String(length=40), nullable=True),
    sa.Column('status', _enum('redemptionstatus', 'RESERVED', 'CONFIRMED', 'RELEASED'),
              nullable=False),
    sa.Column('amount_before', sa.Integer(), nullable=False),
    sa.Column('discount_amount', sa.Integer(), nullable=False),
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.Column('target_kind', _enum('targetkind', 'TIER', 'PRODUCT', 'CHAPTER'),
              nullable=False),
    sa.Column('target_id', sa.String(length=40), nullable=False),
    sa.Column('subscription_id', sa.String(length=40), nullable=True),
    sa.Column('purchase_id', sa.String(length=40), nullable=True),
    sa.Column('gift_id', sa.String(length=40), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('confirmed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('released_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['code_id'], ['discount_codes.id'], name=op.f('fk_discount_redemptions_code_id_discount_codes'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['reader_id'], ['users.id'], name=op.f('fk_discount_redemptions_reader_id_users'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['site_id'], ['sites.id'], name=op.f('fk_discount_redemptions_site_id_sites'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_discount_redemptions')),
    sa.UniqueConstraint('checkout_id', name=op.f('uq_discount_redemptions_checkout_id'))
    )
    with op.batch_alter_table('discount_redemptions', schema=None) as batch_op:
        batch_op.create_index('ix_discount_redemptions_code_created', ['code_id', 'created_at'], unique=False)
        batch_op.create_index('ix_discount_redemptions_code_status', ['code_id', 'status'], unique=False)
        batch_op.create_index('ix_discount_redemptions_reader_code', ['reader_id', 'code_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('discount_redemptions', schema=None) as batch_op:
        batch_op.drop_index('ix_discount_redemptions_reader_code')
        batch_op.drop_index('ix_discount_redemptions_code_status')
        batch_op.drop_index('ix_discount_redemptions_code_created')

    op.drop_table('discount_redemptions')
    with op.batch_alter_table('discount_codes', schema=None) as batch_op:
        batch_op.drop_index('ix_discount_codes_site_created')

    op.drop_table('discount_codes')
