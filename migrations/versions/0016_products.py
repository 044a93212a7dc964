"""commerce: products

Revision ID: 0016
Revises: 0002
Create Date: 2026-11-22 06:30:00.000000
"""
from alembic import op
import sqlalchemy as sa


revision = '0016'
down_revision = '0002'
branch_labels = None
depends_on = '0008'  # media_files


def _enum(name, *values):
    return sa.Enum(*values, name=name, native_enum=False, length=32)


def upgrade() -> None:
    op.create_table('products',
    sa.Column('id', sa.String(length=40), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('site_id', sa.String(length=40), nullable=False),
    sa.Column('author_id', sa.String(length=40), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('slug', sa.String(length=100), nullable=False),
    sa.Column('product_type', _enum('producttype', 'DIGITAL_DOWNLOAD', 'BONUS_CONTENT',
                                    'ART_PACK', 'WALLPAPER_PACK', 'AUDIO_CONTENT', 'EBOOK',
                                    'BUNDLE', 'MERCHANDISE', 'COMMISSION_SLOT', 'CUSTOM'),
              nullable=False),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('short_description', sa.String(length=200), nullable=True),
    sa.Column('cover_media_id', sa.String(length=40), nullable=True),
    sa.Column('cover_image_url', sa.String(length=2048), nullable=True),
    sa.Column('preview_media_ids', sa.JSON(), nullable=False),
    sa.Column('preview_image_urls', sa.JSON(), nullable=False),
    sa.Column('price', sa.Integer(), nullable=False),
    sa.Column('compare_at_price', sa.Integer(), nullable=True),
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.Column('file_media_id', sa.String(length=40), nullable=True),
    sa.Column('file_name', sa.String(length=255), nullable=True),
    sa.Column('file_size', sa.BigInteger(), nullable=True),
    sa.Column('file_content_type', sa.String(length=255), nullable=True),
    sa.Column('max_downloads', sa.Integer(), nullable=True),
    sa.Column('download_window_days', sa.Integer(), nullable=True),
    sa.Column('is_licensed', sa.Boolean(), nullable=False),
    sa.Column('license_type', _enum('licensetype', 'PERSONAL', 'COMMERCIAL', 'TEAM'),
              nullable=True),
    sa.Column('license_seats', sa.Integer(), nullable=True),
    sa.Column('total_quantity', sa.Integer(), nullable=True),
    sa.Column('sold_count', sa.Integer(), nullable=False),
    sa.Column('is_active', sa.Boolean(), nullable=False),
    sa.Column('available_from', sa.DateTime(timezone=True), nullable=True),
    sa.Column('available_until', sa.DateTime(timezone=True), nullable=True),
    sa.Column('display_order', sa.Integer(), nullable=False),
    sa.Column('is_featured', sa.Boolean(), nullable=False),
    sa.Column('admin_hold', sa.Boolean(), nullable=False),
    sa.Column('admin_reason', sa.String(length=500), nullable=True),
    sa.Column('admin_actor_id', sa.String(length=40), nullable=True),
    sa.Column('admin_acted_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('sold_count >= 0', name=op.f('ck_products_sold_count_not_negative')),
    sa.CheckConstraint('total_quantity IS NULL OR sold_count <= total_quantity',
                       name=op.f('ck_products_not_oversold')),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_products_author_id_users'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['site_id'], ['sites.id'], name=op.f('fk_products_site_id_sites'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['cover_media_id'], ['media_files.id'], name=op.f('fk_products_cover_media_id_media_files'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['file_media_id'], ['media_files.id'], name=op.f('fk_products_file_media_id_media_files'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_products')),
    sa.UniqueConstraint('site_id', 'slug', name=op.f('uq_products_site_id_slug'))
    )
    with op.batch_alter_table('products', schema=None) as batch_op:
        batch_op.create_index('ix_products_author', ['author_id'], unique=False)
        batch_op.create_index('ix_products_site_order', ['site_id', 'is_active', 'display_order'], unique=False)
        batch_op.create_index('ix_products_type_active', ['product_type', 'is_active'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('products', schema=None) as batch_op:
        batch_op.drop_index('ix_products_type_active')
        batch_op.drop_index('ix_products_site_order')
        batch_op.drop_index('ix_products_author')

    op.drop_table('products')
