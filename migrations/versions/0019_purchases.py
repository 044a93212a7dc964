"""commerce: purchases of products and single chapters

Revision ID: 0019
Revises: 0002
Create Date: 2026-11-22 07:00:00.000000
"""
from alembic import op
import sqlalchemy as sa


revision = '0019'
down_revision = '0002'
branch_labels = None
# products, checkout_sessions, chapters, discount_codes
depends_on = ('0016', '0010', '0006', '0011')


def upgrade() -> None:
    op.create_table('purchases',
    sa.Column('id', sa.String(length=40), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('buyer_id', sa.String(length=40), nullable=False),
    sa.Column('site_id', sa.String(length=40), nullable=False),
    sa.Column('author_id', sa.String(length=40), nullable=False),
    sa.Column('product_id', sa.String(length=40), nullable=True),
    sa.Column('chapter_id', sa.String(length=40), nullable=True),
    sa.Column('amount', sa.Integer(), nullable=False),
    sa.Column('original_amount', sa.Integer(), nullable=False),
    sa.Column('discount_amount', sa.Integer(), nullable=False),
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.Column('discount_code_id', sa.String(length=40), nullable=True),
    sa.Column('status', sa.Enum('PENDING', 'SUCCEEDED', 'FAILED', 'EXPIRED', 'REFUNDED', name='purchasestatus', native_enum=False, length=32), nullable=False),
    sa.Column('checkout_session_id', sa.String(length=40), nullable=True),
    sa.Column('failure_code', sa.String(length=64), nullable=True),
    sa.Column('delivered_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('download_count', sa.Integer(), nullable=False),
    sa.Column('last_downloaded_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('refunded_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_purchases_author_id_users'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['buyer_id'], ['users.id'], name=op.f('fk_purchases_buyer_id_users'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['chapter_id'], ['chapters.id'], name=op.f('fk_purchases_chapter_id_chapters'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['checkout_session_id'], ['checkout_sessions.id'], name=op.f('fk_purchases_checkout_session_id_checkout_sessions'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['discount_code_id'], ['discount_codes.id'], name=op.f('fk_purchases_discount_code_id_discount_codes'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['product_id'], ['products.id'], name=op.f('fk_purchases_product_id_products'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['site_id'], ['sites.id'], name=op.f('fk_purchases_site_id_sites'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_purchases')),
    sa.UniqueConstraint('checkout_session_id', name=op.f('uq_purchases_checkout_session_id'))
    )
    with op.batch_alter_table('purchases', schema=None) as batch_op:
        batch_op.create_index('ix_purchases_buyer_created', ['buyer_id', 'created_at'], unique=False)
        batch_op.create_index('ix_purchases_chapter_status', ['chapter_id', 'status'], unique=False)
        batch_op.create_index('ix_purchases_product_status', ['product_id', 'status'], unique=False)
        batch_op.create_index('ix_purchases_site_status', ['site_id', 'status'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('purchases', schema=None) as batch_op:
        batch_op.drop_index('ix_purchases_site_status')
        batch_op.drop_index('ix_purchases_product_status')
        batch_op.drop_index('ix_purchases_chapter_status')
        batch_op.drop_index('ix_purchases_buyer_created')

    op.drop_table('purchases')
