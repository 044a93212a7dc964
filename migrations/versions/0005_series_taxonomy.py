"""series taxonomy: genres, tags and the series' genres, tags and content warnings

Revision ID: 0005
Revises: 0002
Create Date: 2026-11-22 03:00:00
"""
from alembic import op
import sqlalchemy as sa

from ownverso.domain.publishing.taxonomy_catalog import genre_rows, tag_rows


revision = '0005'
down_revision = '0002'
branch_labels = None
depends_on = None


def _id_and_version():
    return [sa.Column('id', sa.String(length=40), nullable=False),
            sa.Column('version', sa.Integer(), nullable=False)]


def _link(name: str, column: str, target: str, ondelete: str = 'CASCADE'):
    return sa.ForeignKeyConstraint([column], [f'{target}.id'],
                                   name=op.f(f'fk_{name}_{column}_{target}'), ondelete=ondelete)


def upgrade() -> None:
    op.create_table('genres',
    *_id_and_version(),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('slug', sa.String(length=100), nullable=False),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('icon_url', sa.String(length=2048), nullable=True),
    sa.Column('color', sa.String(length=7), nullable=True),
    sa.Column('parent_id', sa.String(length=40), nullable=True),
    sa.Column('display_order', sa.SmallInteger(), nullable=False),
    sa.Column('is_active', sa.Boolean(), nullable=False),
    sa.Column('is_featured', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    _link('genres', 'parent_id', 'genres', ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_genres')),
    sa.UniqueConstraint('name', name=op.f('uq_genres_name')),
    sa.UniqueConstraint('slug', name=op.f('uq_genres_slug'))
    )
    with op.batch_alter_table('genres', schema=None) as batch_op:
        batch_op.create_index('ix_genres_active_order', ['is_active', 'display_order'],
                              unique=False)
        batch_op.create_index('ix_genres_parent_id', ['parent_id'], unique=False)

    op.create_table('tags',
    *_id_and_version(),
    sa.Column('name', sa.String(length=60), nullable=False),
    sa.Column('slug', sa.String(length=60), nullable=False),
    sa.Column('usage_count', sa.Integer(), nullable=False),
    sa.Column('is_approved', sa.Boolean(), nullable=False),
    sa.Column('is_blocked', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_tags')),
    sa.UniqueConstraint('name', name=op.f('uq_tags_name')),
    sa.UniqueConstraint('slug', name=op.f('uq_tags_slug'))
    )
    with op.batch_alter_table('tags', schema=None) as batch_op:
        batch_op.create_index('ix_tags_usage_count', ['usage_count'], unique=False)

    op.create_table('series_genres',
    *_id_and_version(),
    sa.Column('series_id', sa.String(length=40), nullable=False),
    sa.Column('genre_id', sa.String(length=40), nullable=False),
    sa.Column('is_primary', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    _link('series_genres', 'genre_id', 'genres'),
    _link('series_genres', 'series_id', 'series'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_series_genres')),
    sa.UniqueConstraint('series_id', 'genre_id', name=op.f('uq_series_genres_series_id_genre_id'))
    )
    with op.batch_alter_table('series_genres', schema=None) as batch_op:
        batch_op.create_index('ix_series_genres_genre_id', ['genre_id'], unique=False)

    op.create_table('series_tags',
    *_id_and_version(),
    sa.Column('series_id', sa.String(length=40), nullable=False),
    sa.Column('tag_id', sa.String(length=40), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    _link('series_tags', 'series_id', 'series'),
    _link('series_tags', 'tag_id', 'tags'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_series_tags')),
    sa.UniqueConstraint('series_id', 'tag_id', name=op.f('uq_series_tags_series_id_tag_id'))
    )
    with op.batch_alter_table('series_tags', schema=None) as batch_op:
        batch_op.create_index('ix_series_tags_tag_id', ['tag_id'], unique=False)

    op.create_table('series_content_warnings',
    *_id_and_version(),
    sa.Column('series_id', sa.String(length=40), nullable=False),
    sa.Column('warning_id', sa.String(length=40), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    _link('series_content_warnings', 'series_id', 'series'),
    _link('series_content_warnings', 'warning_id', 'content_warnings'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_series_content_warnings')),
    sa.UniqueConstraint('series_id', 'warning_id',
                        name=op.f('uq_series_content_warnings_series_id_warning_id'))
    )

    stamp = sa.DateTime(timezone=True)
    genres = sa.table('genres', *[sa.column(k, stamp if k.endswith('_at') else None)
                                  for k in genre_rows()[0]], sa.column('version'))
    op.bulk_insert(genres, [{**row, 'version': 1} for row in genre_rows()])
    tags = sa.table('tags', *[sa.column(k, stamp if k.endswith('_at') else None)
                              for k in tag_rows()[0]], sa.column('version'))
    op.bulk_insert(tags, [{**row, 'version': 1} for row in tag_rows()])


def downgrade() -> None:
    op.drop_table('series_content_warnings')
    with op.batch_alter_table('series_tags', schema=None) as batch_op:
        batch_op.drop_index('ix_series_tags_tag_id')
    op.drop_table('series_tags')
    with op.batch_alter_table('series_genres', schema=None) as batch_op:
        batch_op.drop_index('ix_series_genres_genre_id')
    op.drop_table('series_genres')
    with op.batch_alter_table('tags', schema=None) as batch_op:
        batch_op.drop_index('ix_tags_usage_count')
    op.drop_table('tags')
    with op.batch_alter_table('genres', schema=None) as batch_op:
        batch_op.drop_index('ix_genres_parent_id')
        batch_op.drop_index('ix_genres_active_order')
    op.drop_table('genres')
