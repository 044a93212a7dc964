"""Tables of the media module: files, folders and presigned uploads."""

import sqlalchemy as sa

from ownverso.adapters.sql.tables.base import id_column, metadata, version_column
from ownverso.adapters.sql.types import JsonDict, JsonList, UtcDateTime, enum_column
from ownverso.domain.media.values import MediaKind, MediaStatus


def _user(name: str) -> sa.Column:
    return sa.Column(name, sa.String(40), sa.ForeignKey("users.id", ondelete="CASCADE"),
                     nullable=False)


def _site(ondelete: str) -> sa.Column:
    return sa.Column("site_id", sa.String(40), sa.ForeignKey("sites.id", ondelete=ondelete))


media_folders = sa.Table(
    "media_folders", metadata,
    id_column(), version_column(), _user("owner_id"), _site("CASCADE"),
    sa.Column("scope", sa.String(48), nullable=False),
    sa.Column("name", sa.String(100), nullable=False),
    sa.Column("path", sa.String(1024), nullable=False),
    sa.Column("parent_id", sa.String(40)),  # checked by the service (no self-referencing FK)
    sa.Column("created_at", UtcDateTime, nullable=False),
    sa.Column("updated_at", UtcDateTime, nullable=False),
    sa.UniqueConstraint("scope", "path"),
    sa.Index("ix_media_folders_scope_parent", "scope", "parent_id"),
)

media_files = sa.Table(
    "media_files", metadata,
    id_column(), version_column(), _user("owner_id"), _site("SET NULL"),
    sa.Column("uploaded_by_id", sa.String(40), nullable=False),
    sa.Column("folder_id", sa.String(40),
              sa.ForeignKey("media_folders.id", ondelete="SET NULL")),
    sa.Column("filename", sa.String(255), nullable=False),
    sa.Column("original_filename", sa.String(255), nullable=False),
    sa.Column("content_type", sa.String(100), nullable=False),
    sa.Column("declared_type", sa.String(100)),
    sa.Column("kind", enum_column(MediaKind), nullable=False),
    sa.Column("size_bytes", sa.BigInteger, nullable=False),
    sa.Column("storage_key", sa.String(512), nullable=False, unique=True),
    sa.Column("url", sa.String(2048)),
    sa.Column("status", enum_column(MediaStatus), nullable=False),
    sa.Column("quarantine_reason", sa.String(64)),
    sa.Column("checksum", sa.String(64)),
    sa.Column("width", sa.Integer),
    sa.Column("height", sa.Integer),
    sa.Column("alt_text", sa.String(500)),
    sa.Column("caption", sa.Text),
    sa.Column("tags", JsonList, nullable=False),
    sa.Column("meta", JsonDict, nullable=False),
    sa.Column("variants", JsonList, nullable=False),
    sa.Column("source_url", sa.String(2048)),
    sa.Column("is_processed", sa.Boolean, nullable=False, default=False),
    sa.Column("processed_at", UtcDateTime),
    sa.Column("processing_error", sa.String(255)),
    sa.Column("is_optimized", sa.Boolean, nullable=False, default=False),
    sa.Column("thumbnail_url", sa.String(2048)),
    sa.Column("placeholder_url", sa.String(2048)),
    sa.Column("created_at", UtcDateTime, nullable=False),
    sa.Column("updated_at", UtcDateTime, nullable=False),
    sa.Column("deleted_at", UtcDateTime),
    sa.Index("ix_media_files_owner_status_created", "owner_id", "status", "created_at"),
    sa.Index("ix_media_files_site_status_created", "site_id", "status", "created_at"),
    sa.Index("ix_media_files_folder_id", "folder_id"),
)

media_uploads = sa.Table(
    "media_uploads", metadata,
    id_column(), version_column(), _user("owner_id"),
    sa.Column("uploaded_by_id", sa.String(40), nullable=False),
    sa.Column("media_id", sa.String(40), sa.ForeignKey("media_files.id", ondelete="CASCADE"),
              nullable=False, unique=True),
    sa.Column("key", sa.String(512), nullable=False, unique=True),
    sa.Column("content_type", sa.String(100), nullable=False),
    sa.Column("expected_bytes", sa.BigInteger, nullable=False),
    sa.Column("max_bytes", sa.BigInteger, nullable=False),
    sa.Column("expires_at", UtcDateTime, nullable=False),
    sa.Column("created_at", UtcDateTime, nullable=False),
    sa.Column("completed_at", UtcDateTime),
)
