"""commerce: product downloads and download reset requests

Revision ID: 0020
Revises: 0002
Create Date: 2026-12-03 07:00:00.000000
"""
from alembic import op
import sqlalchemy as sa


revision = '0020'
down_revision = '0002'
branch_labels = None
# purchases (and, through it, products)
depends_on = ('0019',)


def upgrade() -> None:
    with op.batch_alter_table('purchases', schema=None) as batch_op:
        batch_op.add_column(sa.Column('downloads_reset_at', sa.DateTime(timezone=True), nullable=True))

    op.create_table('downloads',
    sa.Column('id', sa.String(length=40), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('purchase_id', sa.String(length=40), nullable=False),
    sa.Column('buyer_id', sa.String(length=40), nullable=False),
    sa.Column('product_id', sa.String(length=40), nullable=False),
    sa.Column('downloaded_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('ip_hash', sa.String(length=64), nullable=True),
    sa.Column('user_agent', sa.String(length=500), nullable=True),
    sa.ForeignKeyConstraint(['buyer_id'], ['users.id'], name=op.f('fk_downloads_buyer_id_users'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['purchase_id'], ['purchases.id'], name=op.f('fk_downloads_purchase_id_purchases'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_downloads'))
    )
    with op.batch_alter_table('downloads', schema=None) as batch_op:
        batch_op.create_index('ix_downloads_purchase_downloaded', ['purchase_id', 'downloaded_at'], unique=False)

    op.create_table('download_reset_requests',
    sa.Column('id', sa.String(length=40), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('purchase_id', sa.String(length=40), nullable=False),
    sa.Column('buyer_id', sa.String(length=40), nullable=False),
    sa.Column('product_id', sa.String(length=40), nullable=False),
    sa.Column('site_id', sa.String(length=40), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('status', sa.Enum('PENDING', 'APPROVED', 'REJECTED', name='resetstatus', native_enum=False, length=32), nullable=False),
    sa.Column('pending_slot', sa.String(length=40), nullable=True),
    sa.Column('reviewer_id', sa.String(length=40), nullable=True),
    sa.Column('reviewed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('review_note', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['buyer_id'], ['users.id'], name=op.f('fk_download_reset_requests_buyer_id_users'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['purchase_id'], ['purchases.id'], name=op.f('fk_download_reset_requests_purchase_id_purchases'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['reviewer_id'], ['users.id'], name=op.f('fk_download_reset_requests_reviewer_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['site_id'], ['sites.id'], name=op.f('fk_download_reset_requests_site_id_sites'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_download_reset_requests')),
    sa.UniqueConstraint('pending_slot', name=op.f('uq_download_reset_requests_pending_slot'))
    )
    with op.batch_alter_table('download_reset_requests', schema=None) as batch_op:
        batch_op.create_index('ix_download_reset_requests_purchase_created', ['purchase_id', 'created_at'], unique=False)
        batch_op.create_index('ix_download_reset_requests_site_status', ['site_id', 'status', 'created_at'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('download_reset_requests', schema=None) as batch_op:
        batch_op.drop_index('ix_download_reset_requests_site_status')
        batch_op.drop_index('ix_download_reset_requests_purchase_created')

    op.drop_table('download_reset_requests')
    with op.batch_alter_table('downloads', schema=None) as batch_op:
        batch_op.drop_index('ix_downloads_purchase_downloaded')

    op.drop_table('downloads')
    with op.batch_alter_table('purchases', schema=None) as batch_op:
        batch_op.drop_column('downloads_reset_at')
