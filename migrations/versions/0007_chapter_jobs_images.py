"""chapter import/export jobs, comic chapter images

Revision ID: 0007
Revises: 0002
Depends on: 0006 (the chapters these tables point at)
Create Date: 2026-11-22 10:00:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0007'
down_revision = '0002'
branch_labels = None
depends_on = '0006'


def upgrade() -> None:
    op.create_table('import_jobs',
    sa.Column('id', sa.String(length=40), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('site_id', sa.String(length=40), nullable=False),
    sa.Column('series_id', sa.String(length=40), nullable=False),
    sa.Column('requested_by', sa.String(length=40), nullable=False),
    sa.Column('status', sa.Enum('PENDING', 'RUNNING', 'COMPLETED', 'FAILED', name='jobstatus', native_enum=False, length=32), nullable=False),
    sa.Column('progress', sa.SmallInteger(), nullable=False),
    sa.Column('result', sa.JSON(), nullable=False),
    sa.Column('error_code', sa.String(length=64), nullable=True),
    sa.Column('error', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('format', sa.Enum('MARKDOWN', 'DOCX', 'HTML', name='importformat', native_enum=False, length=32), nullable=False),
    sa.Column('split_on', sa.String(length=8), nullable=False),
    sa.Column('source_key', sa.String(length=512), nullable=True),
    sa.Column('source_name', sa.String(length=255), nullable=True),
    sa.Column('source_size', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['requested_by'], ['users.id'], name=op.f('fk_import_jobs_requested_by_users'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['series_id'], ['series.id'], name=op.f('fk_import_jobs_series_id_series'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['site_id'], ['sites.id'], name=op.f('fk_import_jobs_site_id_sites'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_import_jobs'))
    )
    op.create_index('ix_import_jobs_requested_by', 'import_jobs', ['requested_by'], unique=False)
    op.create_index('ix_import_jobs_series_created', 'import_jobs', ['series_id', 'created_at'], unique=False)
    op.create_table('export_jobs',
    sa.Column('id', sa.String(length=40), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('site_id', sa.String(length=40), nullable=False),
    sa.Column('series_id', sa.String(length=40), nullable=False),
    sa.Column('requested_by', sa.String(length=40), nullable=False),
    sa.Column('status', sa.Enum('PENDING', 'RUNNING', 'COMPLETED', 'FAILED', name='jobstatus', native_enum=False, length=32), nullable=False),
    sa.Column('progress', sa.SmallInteger(), nullable=False),
    sa.Column('result', sa.JSON(), nullable=False),
    sa.Column('error_code', sa.String(length=64), nullable=True),
    sa.Column('error', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('format', sa.Enum('EPUB', 'MARKDOWN', 'TXT', name='exportformat', native_enum=False, length=32), nullable=False),
    sa.Column('chapter_id', sa.String(length=40), nullable=True),
    sa.Column('published_only', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['chapter_id'], ['chapters.id'], name=op.f('fk_export_jobs_chapter_id_chapters'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['requested_by'], ['users.id'], name=op.f('fk_export_jobs_requested_by_users'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['series_id'], ['series.id'], name=op.f('fk_export_jobs_series_id_series'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['site_id'], ['sites.id'], name=op.f('fk_export_jobs_site_id_sites'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_export_jobs'))
    )
    op.create_index('ix_export_jobs_requested_by', 'export_jobs', ['requested_by'], unique=False)
    op.create_index('ix_export_jobs_series_created', 'export_jobs', ['series_id', 'created_at'], unique=False)
    op.create_table('chapter_images',
    sa.Column('id', sa.String(length=40), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('chapter_id', sa.String(length=40), nullable=False),
    sa.Column('site_id', sa.String(length=40), nullable=False),
    sa.Column('owner_id', sa.String(length=40), nullable=False),
    sa.Column('uploaded_by', sa.String(length=40), nullable=False),
    sa.Column('position', sa.SmallInteger(), nullable=False),
    sa.Column('storage_key', sa.String(length=512), nullable=False),
    sa.Column('url', sa.String(length=2048), nullable=False),
    sa.Column('content_type', sa.String(length=50), nullable=False),
    sa.Column('size_bytes', sa.Integer(), nullable=False),
    sa.Column('width', sa.Integer(), nullable=True),
    sa.Column('height', sa.Integer(), nullable=True),
    sa.Column('thumbnail_key', sa.String(length=512), nullable=True),
    sa.Column('thumbnail_url', sa.String(length=2048), nullable=True),
    sa.Column('thumbnail_bytes', sa.Integer(), nullable=False),
    sa.Column('placeholder', sa.Text(), nullable=True),
    sa.Column('average_color', sa.String(length=7), nullable=True),
    sa.Column('alt_text', sa.String(length=500), nullable=True),
    sa.Column('status', sa.Enum('PENDING', 'PROCESSED', 'FAILED', name='imagestatus', native_enum=False, length=32), nullable=False),
    sa.Column('processed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('processing_error', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['chapter_id'], ['chapters.id'], name=op.f('fk_chapter_images_chapter_id_chapters'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['owner_id'], ['users.id'], name=op.f('fk_chapter_images_owner_id_users'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['site_id'], ['sites.id'], name=op.f('fk_chapter_images_site_id_sites'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_chapter_images')),
    sa.UniqueConstraint('storage_key', name=op.f('uq_chapter_images_storage_key'))
    )
    op.create_index('ix_chapter_images_chapter_position', 'chapter_images', ['chapter_id', 'position'], unique=False)
    op.create_index('ix_chapter_images_owner_id', 'chapter_images', ['owner_id'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_chapter_images_owner_id', table_name='chapter_images')
    op.drop_index('ix_chapter_images_chapter_position', table_name='chapter_images')
    op.drop_table('chapter_images')
    op.drop_index('ix_export_jobs_series_created', table_name='export_jobs')
    op.drop_index('ix_export_jobs_requested_by', table_name='export_jobs')
    op.drop_table('export_jobs')
    op.drop_index('ix_import_jobs_series_created', table_name='import_jobs')
    op.drop_index('ix_import_jobs_requested_by', table_name='import_jobs')
    op.drop_table('import_jobs')
