"""media: files, folders and presigned uploads

Revision ID: 0008
Revises: 0002
Create Date: 2026-11-22 02:45:21.999076
"""
from alembic import op
import sqlalchemy as sa


revision = '0008'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('media_folders',
    sa.Column('id', sa.String(length=40), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('owner_id', sa.String(length=40), nullable=False),
    sa.Column('site_id', sa.String(length=40), nullable=True),
    sa.Column('scope', sa.String(length=48), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('path', sa.String(length=1024), nullable=False),
    sa.Column('parent_id', sa.String(length=40), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['owner_id'], ['users.id'], name=op.f('fk_media_folders_owner_id_users'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['site_id'], ['sites.id'], name=op.f('fk_media_folders_site_id_sites'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_media_folders')),
    sa.UniqueConstraint('scope', 'path', name=op.f('uq_media_folders_scope_path'))
    )
    with op.batch_alter_table('media_folders', schema=None) as batch_op:
        batch_op.create_index('ix_media_folders_scope_parent', ['scope', 'parent_id'], unique=False)

    op.create_table('media_files',
    sa.Column('id', sa.String(length=40), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('owner_id', sa.String(length=40), nullable=False),
    sa.Column('site_id', sa.String(length=40), nullable=True),
    sa.Column('uploaded_by_id', sa.String(length=40), nullable=False),
    sa.Column('folder_id', sa.String(length=40), nullable=True),
    sa.Column('filename', sa.String(length=255), nullable=False),
    sa.Column('original_filename', sa.String(length=255), nullable=False),
    sa.Column('content_type', sa.String(length=100), nullable=False),
    sa.Column('declared_type', sa.String(length=100), nullable=True),
    sa.Column('kind', sa.Enum('IMAGE', 'DOCUMENT', 'AUDIO', 'VIDEO', 'ARCHIVE', name='mediakind', native_enum=False, length=32), nullable=False),
    sa.Column('size_bytes', sa.BigInteger(), nullable=False),
    sa.Column('storage_key', sa.String(length=512), nullable=False),
    sa.Column('url', sa.String(length=2048), nullable=True),
    sa.Column('status', sa.Enum('UPLOADING', 'READY', 'QUARANTINED', 'DELETED', name='mediastatus', native_enum=False, length=32), nullable=False),
    sa.Column('quarantine_reason', sa.String(length=64), nullable=True),
    sa.Column('checksum', sa.String(length=64), nullable=True),
    sa.Column('width', sa.Integer(), nullable=True),
    sa.Column('height', sa.Integer(), nullable=True),
    sa.Column('alt_text', sa.String(length=500), nullable=True),
    sa.Column('caption', sa.Text(), nullable=True),
    sa.Column('tags', sa.JSON(), nullable=False),
    sa.Column('meta', sa.JSON(), nullable=False),
    sa.Column('variants', sa.JSON(), nullable=False),
    sa.Column('source_url', sa.String(length=2048), nullable=True),
    sa.Column('is_processed', sa.Boolean(), nullable=False),
    sa.Column('processed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('processing_error', sa.String(length=255), nullable=True),
    sa.Column('is_optimized', sa.Boolean(), nullable=False),
    sa.Column('thumbnail_url', sa.String(length=2048), nullable=True),
    sa.Column('placeholder_url', sa.String(length=2048), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('deleted_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['folder_id'], ['media_folders.id'], name=op.f('fk_media_files_folder_id_media_folders'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['owner_id'], ['users.id'], name=op.f('fk_media_files_owner_id_users'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['site_id'], ['sites.id'], name=op.f('fk_media_files_site_id_sites'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_media_files')),
    sa.UniqueConstraint('storage_key', name=op.f('uq_media_files_storage_key'))
    )
    with op.batch_alter_table('media_files', schema=None) as batch_op:
        batch_op.create_index('ix_media_files_folder_id', ['folder_id'], unique=False)
        batch_op.create_index('ix_media_files_owner_status_created', ['owner_id', 'status', 'created_at'], unique=False)
        batch_op.create_index('ix_media_files_site_status_created', ['site_id', 'status', 'created_at'], unique=False)

    op.create_table('media_uploads',
    sa.Column('id', sa.String(length=40), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('owner_id', sa.String(length=40), nullable=False),
    sa.Column('uploaded_by_id', sa.String(length=40), nullable=False),
    sa.Column('media_id', sa.String(length=40), nullable=False),
    sa.Column('key', sa.String(length=512), nullable=False),
    sa.Column('content_type', sa.String(length=100), nullable=False),
    sa.Column('expected_bytes', sa.BigInteger(), nullable=False),
    sa.Column('max_bytes', sa.BigInteger(), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('completed_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['media_id'], ['media_files.id'], name=op.f('fk_media_uploads_media_id_media_files'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['owner_id'], ['users.id'], name=op.f('fk_media_uploads_owner_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_media_uploads')),
    sa.UniqueConstraint('key', name=op.f('uq_media_uploads_key')),
    sa.UniqueConstraint('media_id', name=op.f('uq_media_uploads_media_id'))
    )


def downgrade() -> None:
    op.drop_table('media_uploads')
    with op.batch_alter_table('media_files', schema=None) as batch_op:
        batch_op.drop_index('ix_media_files_site_status_created')
        batch_op.drop_index('ix_media_files_owner_status_created')
        batch_op.drop_index('ix_media_files_folder_id')
    op.drop_table('media_files')
    with op.batch_alter_table('media_folders', schema=None) as batch_op:
        batch_op.drop_index('ix_media_folders_scope_parent')
    op.drop_table('media_folders')
