"""chapters, chapter versions, chapter content warnings

Revision ID: 0006
Revises: 0002
Create Date: 2026-11-22 09:00:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0006'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('chapters',
    sa.Column('id', sa.String(length=40), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('series_id', sa.String(length=40), nullable=False),
    sa.Column('site_id', sa.String(length=40), nullable=False),
    sa.Column('author_id', sa.String(length=40), nullable=False),
    sa.Column('slug', sa.String(length=120), nullable=False),
    sa.Column('chapter_number', sa.Float(), nullable=False),
    sa.Column('volume_number', sa.SmallInteger(), nullable=True),
    sa.Column('title', sa.String(length=200), nullable=True),
    sa.Column('content', sa.Text(), nullable=False),
    sa.Column('content_html', sa.Text(), nullable=False),
    sa.Column('word_count', sa.Integer(), nullable=False),
    sa.Column('author_note', sa.Text(), nullable=True),
    sa.Column('author_note_html', sa.Text(), nullable=True),
    sa.Column('author_note_position', sa.Enum('BEFORE', 'AFTER', name='authornoteposition', native_enum=False, length=32), nullable=False),
    sa.Column('status', sa.Enum('DRAFT', 'SCHEDULED', 'PUBLISHED', 'ARCHIVED', name='chapterstatus', native_enum=False, length=32), nullable=False),
    sa.Column('published_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('scheduled_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('schedule_timezone', sa.String(length=64), nullable=True),
    sa.Column('publish_attempts', sa.SmallInteger(), nullable=False),
    sa.Column('last_publish_error', sa.String(length=500), nullable=True),
    sa.Column('access_level', sa.Enum('FREE', 'SUBSCRIBERS', 'SPECIFIC_TIER', 'SCHEDULED_FREE', name='chapteraccesslevel', native_enum=False, length=32), nullable=False),
    sa.Column('minimum_tier_id', sa.String(length=40), nullable=True),
    sa.Column('price', sa.Integer(), nullable=True),
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.Column('preview_paragraphs', sa.SmallInteger(), nullable=True),
    sa.Column('paywall_message', sa.Text(), nullable=True),
    sa.Column('free_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('free_timezone', sa.String(length=64), nullable=True),
    sa.Column('autosave_title', sa.String(length=200), nullable=True),
    sa.Column('autosave_content', sa.Text(), nullable=True),
    sa.Column('autosave_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('sort_order', sa.Integer(), nullable=False),
    sa.Column('current_version', sa.Integer(), nullable=False),
    sa.Column('view_count', sa.BigInteger(), nullable=False),
    sa.Column('meta_title', sa.String(length=60), nullable=True),
    sa.Column('meta_description', sa.String(length=160), nullable=True),
    sa.Column('deleted_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_chapters_author_id_users'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['series_id'], ['series.id'], name=op.f('fk_chapters_series_id_series'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['site_id'], ['sites.id'], name=op.f('fk_chapters_site_id_sites'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_chapters')),
    sa.UniqueConstraint('series_id', 'slug', name=op.f('uq_chapters_series_id_slug')),
    sa.UniqueConstraint('series_id', 'volume_number', 'chapter_number', name=op.f('uq_chapters_series_id_volume_number_chapter_number'))
    )
    op.create_table('chapter_versions',
    sa.Column('id', sa.String(length=40), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('chapter_id', sa.String(length=40), nullable=False),
    sa.Column('version_number', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=True),
    sa.Column('content', sa.Text(), nullable=False),
    sa.Column('word_count', sa.Integer(), nullable=False),
    sa.Column('author_note', sa.Text(), nullable=True),
    sa.Column('change_note', sa.String(length=500), nullable=True),
    sa.Column('created_by_id', sa.String(length=40), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['chapter_id'], ['chapters.id'], name=op.f('fk_chapter_versions_chapter_id_chapters'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_chapter_versions_created_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_chapter_versions')),
    sa.UniqueConstraint('chapter_id', 'version_number', name=op.f('uq_chapter_versions_chapter_id_version_number'))
    )
    op.create_table('chapter_content_warnings',
    sa.Column('id', sa.String(length=40), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('chapter_id', sa.String(length=40), nullable=False),
    sa.Column('warning_id', sa.String(length=40), nullable=False),
    sa.Column('details', sa.Text(), nullable=True),
    sa.Column('added_by_id', sa.String(length=40), nullable=True),
    sa.Column('added_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['added_by_id'], ['users.id'], name=op.f('fk_chapter_content_warnings_added_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['chapter_id'], ['chapters.id'], name=op.f('fk_chapter_content_warnings_chapter_id_chapters'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['warning_id'], ['content_warnings.id'], name=op.f('fk_chapter_content_warnings_warning_id_content_warnings'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_chapter_content_warnings')),
    sa.UniqueConstraint('chapter_id', 'warning_id', name=op.f('uq_chapter_content_warnings_chapter_id_warning_id'))
    )
    op.create_index('ix_chapters_deleted_at', 'chapters', ['deleted_at'], unique=False)
    op.create_index('ix_chapters_series_status_order', 'chapters', ['series_id', 'status', 'sort_order'], unique=False)
    op.create_index('ix_chapters_site_id', 'chapters', ['site_id'], unique=False)
    op.create_index('ix_chapters_status_scheduled_at', 'chapters', ['status', 'scheduled_at'], unique=False)
    op.create_index('ix_chapter_content_warnings_warning_id', 'chapter_content_warnings', ['warning_id'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_chapter_content_warnings_warning_id', table_name='chapter_content_warnings')
    op.drop_index('ix_chapters_status_scheduled_at', table_name='chapters')
    op.drop_index('ix_chapters_site_id', table_name='chapters')
    op.drop_index('ix_chapters_series_status_order', table_name='chapters')
    op.drop_index('ix_chapters_deleted_at', table_name='chapters')
    op.drop_table('chapter_content_warnings')
    op.drop_table('chapter_versions')
    op.drop_table('chapters')
