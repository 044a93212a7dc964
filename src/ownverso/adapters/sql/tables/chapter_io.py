"""Tables of chapter import/export jobs and of comic chapter images."""

import sqlalchemy as sa

from ownverso.adapters.sql.tables.base import id_column, metadata, version_column
from ownverso.adapters.sql.types import JsonDict, UtcDateTime, enum_column
from ownverso.domain.publishing.chapter_images import ImageStatus
from ownverso.domain.publishing.jobs import ExportFormat, ImportFormat, JobStatus


def _job_columns() -> list:
    return [
        id_column(), version_column(),
        sa.Column("site_id", sa.String(40), sa.ForeignKey("sites.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("series_id", sa.String(40), sa.ForeignKey("series.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("requested_by", sa.String(40), sa.ForeignKey("users.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("status", enum_column(JobStatus), nullable=False),
        sa.Column("progress", sa.SmallInteger, nullable=False, default=0),
        sa.Column("result", JsonDict, nullable=False),
        sa.Column("error_code", sa.String(64)),
        sa.Column("error", sa.Text),
        sa.Column("created_at", UtcDateTime, nullable=False),
        sa.Column("started_at", UtcDateTime),
        sa.Column("finished_at", UtcDateTime),
    ]


import_jobs = sa.Table(
    "import_jobs", metadata,
    *_job_columns(),
    sa.Column("format", enum_column(ImportFormat), nullable=False),
    sa.Column("split_on", sa.String(8), nullable=False),
    sa.Column("source_key", sa.String(512)),
    sa.Column("source_name", sa.String(255)),
    sa.Column("source_size", sa.Integer, nullable=False, default=0),
    sa.Index("ix_import_jobs_series_created", "series_id", "created_at"),
    sa.Index("ix_import_jobs_requested_by", "requested_by"),
)

export_jobs = sa.Table(
    "export_jobs", metadata,
    *_job_columns(),
    sa.Column("format", enum_column(ExportFormat), nullable=False),
    sa.Column("chapter_id", sa.String(40), sa.ForeignKey("chapters.id", ondelete="SET NULL")),
    sa.Column("published_only", sa.Boolean, nullable=False, default=False),
    sa.Index("ix_export_jobs_series_created", "series_id", "created_at"),
    sa.Index("ix_export_jobs_requested_by", "requested_by"),
)

chapter_images = sa.Table(
    "chapter_images", metadata,
    id_column(), version_column(),
    sa.Column("chapter_id", sa.String(40), sa.ForeignKey("chapters.id", ondelete="CASCADE"),
              nullable=False),
    sa.Column("site_id", sa.String(40), sa.ForeignKey("sites.id", ondelete="CASCADE"),
              nullable=False),
    sa.Column("owner_id", sa.String(40), sa.ForeignKey("users.id", ondelete="CASCADE"),
              nullable=False),
    sa.Column("uploaded_by", sa.String(40), nullable=False),
    sa.Column("position", sa.SmallInteger, nullable=False),
    sa.Column("storage_key", sa.String(512), nullable=False, unique=True),
    sa.Column("url", sa.String(2048), nullable=False),
    sa.Column("content_type", sa.String(50), nullable=False),
    sa.Column("size_bytes", sa.Integer, nullable=False),
    sa.Column("width", sa.Integer),
    sa.Column("height", sa.Integer),
    sa.Column("thumbnail_key", sa.String(512)),
    sa.Column("thumbnail_url", sa.String(2048)),
    sa.Column("thumbnail_bytes", sa.Integer, nullable=False, default=0),
    sa.Column("placeholder", sa.Text),
    sa.Column("average_color", sa.String(7)),
    sa.Column("alt_text", sa.String(500)),
    sa.Column("status", enum_column(ImageStatus), nullable=False),
    sa.Column("processed_at", UtcDateTime),
    sa.Column("processing_error", sa.Text),
    sa.Column("created_at", UtcDateTime, nullable=False),
    sa.Column("updated_at", UtcDateTime, nullable=False),
    sa.Index("ix_chapter_images_chapter_position", "chapter_id", "position"),
    sa.Index("ix_chapter_images_owner_id", "owner_id"),
)
