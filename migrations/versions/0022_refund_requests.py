"""commerce: refund requests for purchases

Revision ID: 0022
Revises: 0002
Create Date: 2026-12-03 07:30:00.000000
"""
from alembic import op
import sqlalchemy as sa


revision = '0022'
down_revision = '0002'
branch_labels = None
# purchases, products, chapters
depends_on = ('0019', '0016', '0006')


def upgrade() -> None:
    op.create_table('refund_requests',
    sa.Column('id', sa.String(length=40), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('purchase_id', sa.String(length=40), nullable=False),
    sa.Column('buyer_id', sa.String(length=40), nullable=False),
    sa.Column('site_id', sa.String(length=40), nullable=False),
    sa.Column('author_id', sa.String(length=40), nullable=False),
    sa.Column('product_id', sa.String(length=40), nullable=True),
    sa.Column('chapter_id', sa.String(length=40), nullable=True),
    sa.Column('reason', sa.Enum('NOT_AS_DESCRIBED', 'DOWNLOAD_PROBLEM', 'ACCIDENTAL_PURCHASE', 'DUPLICATE', 'OTHER', name='refundreason', native_enum=False, length=32), nullable=False),
    sa.Column('message', sa.Text(), nullable=True),
    sa.Column('amount', sa.Integer(), nullable=False),
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.Column('status', sa.Enum('OPEN', 'APPROVED', 'REFUNDED', 'DECLINED', 'WITHDRAWN', name='refundrequeststatus', native_enum=False, length=32), nullable=False),
    sa.Column('open_slot', sa.String(length=40), nullable=True),
    sa.Column('reviewer_id', sa.String(length=40), nullable=True),
    sa.Column('review_note', sa.Text(), nullable=True),
    sa.Column('failure_code', sa.String(length=64), nullable=True),
    sa.Column('gateway_refund_id', sa.String(length=255), nullable=True),
    sa.Column('reviewed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('refunded_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('withdrawn_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_refund_requests_author_id_users'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['buyer_id'], ['users.id'], name=op.f('fk_refund_requests_buyer_id_users'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['chapter_id'], ['chapters.id'], name=op.f('fk_refund_requests_chapter_id_chapters'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['product_id'], ['products.id'], name=op.f('fk_refund_requests_product_id_products'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['purchase_id'], ['purchases.id'], name=op.f('fk_refund_requests_purchase_id_purchases'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['reviewer_id'], ['users.id'], name=op.f('fk_refund_requests_reviewer_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['site_id'], ['sites.id'], name=op.f('fk_refund_requests_site_id_sites'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_refund_requests')),
    sa.UniqueConstraint('open_slot', name=op.f('uq_refund_requests_open_slot'))
    )
    with op.batch_alter_table('refund_requests', schema=None) as batch_op:
        batch_op.create_index('ix_refund_requests_purchase_created', ['purchase_id', 'created_at'], unique=False)
        batch_op.create_index('ix_refund_requests_site_status_created', ['site_id', 'status', 'created_at'], unique=False)
        batch_op.create_index('ix_refund_requests_status_created', ['status', 'created_at'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('refund_requests', schema=None) as batch_op:
        batch_op.drop_index('ix_refund_requests_status_created')
        batch_op.drop_index('ix_refund_requests_site_status_created')
        batch_op.drop_index('ix_refund_requests_purchase_created')

    op.drop_table('refund_requests')
