"""Tables of the publishing module (series here; chapters and taxonomy beside it)."""

import sqlalchemy as sa

from ownverso.adapters.sql.tables.base import id_column, metadata, version_column
from ownverso.adapters.sql.types import JsonDict, JsonList, UtcDateTime, enum_column
from ownverso.domain.publishing.values import (
    ChapterAccessLevel,
    ContentType,
    ReadingDirection,
    SeriesStatus,
)
from ownverso.domain.sites.values import ContentRating

series = sa.Table(
    "series", metadata,
    id_column(), version_column(),
    sa.Column("author_id", sa.String(40), sa.ForeignKey("users.id", ondelete="CASCADE"),
              nullable=False),
    sa.Column("site_id", sa.String(40), sa.ForeignKey("sites.id", ondelete="CASCADE"),
              nullable=False),
    sa.Column("slug", sa.String(120), nullable=False),
    sa.Column("title", sa.String(200), nullable=False),
    sa.Column("synopsis", sa.Text, nullable=False),
    *[sa.Column(f"{name}_{kind}", sa.String(2048 if kind == "url" else 512))
      for name in ("cover_image", "banner_image") for kind in ("url", "key")],
    sa.Column("thumbnail_url", sa.String(2048)),
    sa.Column("thumbnail_key", sa.String(512)),
    sa.Column("content_type", enum_column(ContentType), nullable=False),
    sa.Column("content_rating", enum_column(ContentRating), nullable=False),
    sa.Column("status", enum_column(SeriesStatus), nullable=False),
    sa.Column("language", sa.String(5), nullable=False),
    sa.Column("original_language", sa.String(5), nullable=False),
    sa.Column("reading_direction", enum_column(ReadingDirection), nullable=False),
    sa.Column("view_count", sa.BigInteger, nullable=False, default=0),
    sa.Column("subscriber_count", sa.Integer, nullable=False, default=0),
    sa.Column("average_rating", sa.Float, nullable=False, default=0),
    sa.Column("update_schedule", sa.String(200)),
    sa.Column("update_days", JsonList, nullable=False),
    sa.Column("last_published_at", UtcDateTime),
    sa.Column("next_scheduled_at", UtcDateTime),
    sa.Column("default_access_level", enum_column(ChapterAccessLevel), nullable=False),
    sa.Column("early_access_days", sa.SmallInteger, nullable=False, default=0),
    sa.Column("preview_paragraphs", sa.SmallInteger, nullable=False, default=3),
    sa.Column("paywall_message", sa.Text),
    sa.Column("settings", JsonDict, nullable=False),
    sa.Column("is_listed", sa.Boolean, nullable=False, default=False),
    sa.Column("listing_score", sa.Float, nullable=False, default=0),
    sa.Column("trending_score", sa.Float, nullable=False, default=0),
    sa.Column("meta_title", sa.String(60)),
    sa.Column("meta_description", sa.String(160)),
    sa.Column("canonical_url", sa.String(2048)),
    sa.Column("is_complete", sa.Boolean, nullable=False, default=False),
    sa.Column("completed_at", UtcDateTime),
    sa.Column("total_planned_chapters", sa.Integer),
    sa.Column("published_chapter_count", sa.Integer, nullable=False, default=0),
    sa.Column("chapter_count", sa.Integer, nullable=False, default=0),
    sa.Column("word_count", sa.Integer, nullable=False, default=0),
    sa.Column("deleted_at", UtcDateTime),
    sa.Column("created_at", UtcDateTime, nullable=False),
    sa.Column("updated_at", UtcDateTime, nullable=False),
    sa.UniqueConstraint("site_id", "slug"),
    sa.Index("ix_series_author_id", "author_id"),
    sa.Index("ix_series_site_status", "site_id", "status"),
    sa.Index("ix_series_discovery", "content_type", "language", "is_listed"),
    sa.Index("ix_series_deleted_at", "deleted_at"),
)

content_warnings = sa.Table(
    "content_warnings", metadata,
    id_column(), version_column(),
    sa.Column("slug", sa.String(64), nullable=False, unique=True),
    sa.Column("name", sa.String(100), nullable=False),
    sa.Column("description", sa.Text, nullable=False),
    sa.Column("severity", sa.String(16), nullable=False),
    sa.Column("display_order", sa.SmallInteger, nullable=False, default=0),
)
