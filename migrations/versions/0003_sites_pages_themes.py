"""sites: pages, the theme catalog, tier_limits.has_custom_css

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 09:00:00
"""
from alembic import op
import sqlalchemy as sa

from ownverso.domain.accounts.tier_catalog import LATER_FEATURES
from ownverso.domain.sites.theme import theme_catalog_rows


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('themes',
    sa.Column('id', sa.String(length=40), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=64), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('category', sa.String(length=32), nullable=False),
    sa.Column('thumbnail_url', sa.String(length=2048), nullable=True),
    sa.Column('preview_url', sa.String(length=2048), nullable=True),
    sa.Column('styles', sa.JSON(), nullable=False),
    sa.Column('color_schemes', sa.JSON(), nullable=False),
    sa.Column('font_options', sa.JSON(), nullable=False),
    sa.Column('layout_options', sa.JSON(), nullable=False),
    sa.Column('is_public', sa.Boolean(), nullable=False),
    sa.Column('is_premium', sa.Boolean(), nullable=False),
    sa.Column('required_tier', sa.String(length=32), nullable=True),
    sa.Column('usage_count', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_themes')),
    sa.UniqueConstraint('slug', name=op.f('uq_themes_slug'))
    )
    op.create_index('ix_themes_category', 'themes', ['category'], unique=False)
    op.create_index('ix_themes_public_premium', 'themes', ['is_public', 'is_premium'],
                    unique=False)
    op.create_table('pages',
    sa.Column('id', sa.String(length=40), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('site_id', sa.String(length=40), nullable=False),
    sa.Column('slug', sa.String(length=100), nullable=False),
    sa.Column('title', sa.String(length=100), nullable=False),
    sa.Column('content', sa.Text(), nullable=False),
    sa.Column('content_html', sa.Text(), nullable=False),
    sa.Column('is_published', sa.Boolean(), nullable=False),
    sa.Column('published_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('show_in_nav', sa.Boolean(), nullable=False),
    sa.Column('nav_order', sa.Integer(), nullable=False),
    sa.Column('nav_label', sa.String(length=30), nullable=True),
    sa.Column('meta_title', sa.String(length=60), nullable=True),
    sa.Column('meta_description', sa.String(length=160), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['site_id'], ['sites.id'], name=op.f('fk_pages_site_id_sites'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_pages')),
    sa.UniqueConstraint('site_id', 'slug', name=op.f('uq_pages_site_id_slug'))
    )
    op.create_index('ix_pages_site_published_order', 'pages',
                    ['site_id', 'is_published', 'nav_order'], unique=False)

    op.add_column('tier_limits', sa.Column('has_custom_css', sa.Boolean(), nullable=False,
                                           server_default=sa.false()))
    tier_limits = sa.table('tier_limits', sa.column('tier', sa.String),
                           sa.column('has_custom_css', sa.Boolean))
    op.execute(tier_limits.update()
               .where(tier_limits.c.tier.in_([t.value for t in LATER_FEATURES['has_custom_css']]))
               .values(has_custom_css=True))

    themes = sa.table('themes', *[
        sa.column(name, sa.JSON if name in ('styles', 'color_schemes', 'font_options',
                                            'layout_options')
                  else sa.DateTime(timezone=True) if name.endswith('_at') else None)
        for name in [*theme_catalog_rows()[0], 'version']])
    op.bulk_insert(themes, [{**row, 'version': 1} for row in theme_catalog_rows()])


def downgrade() -> None:
    with op.batch_alter_table('tier_limits') as batch:
        batch.drop_column('has_custom_css')
    op.drop_index('ix_pages_site_published_order', table_name='pages')
    op.drop_table('pages')
    op.drop_index('ix_themes_public_premium', table_name='themes')
    op.drop_index('ix_themes_category', table_name='themes')
    op.drop_table('themes')
