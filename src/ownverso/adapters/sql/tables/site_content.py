"""Tables of the sites module's pages and the theme catalog."""

import sqlalchemy as sa

from ownverso.adapters.sql.tables.base import id_column, metadata, version_column
from ownverso.adapters.sql.types import JsonDict, JsonList, UtcDateTime

pages = sa.Table(
    "pages", metadata,
    id_column(), version_column(),
    sa.Column("site_id", sa.String(40), sa.ForeignKey("sites.id", ondelete="CASCADE"),
              nullable=False),
    sa.Column("slug", sa.String(100), nullable=False),
    sa.Column("title", sa.String(100), nullable=False),
    sa.Column("content", sa.Text, nullable=False),
    sa.Column("content_html", sa.Text, nullable=False),
    sa.Column("is_published", sa.Boolean, nullable=False, default=False),
    sa.Column("published_at", UtcDateTime),
    sa.Column("show_in_nav", sa.Boolean, nullable=False, default=False),
    sa.Column("nav_order", sa.Integer, nullable=False, default=0),
    sa.Column("nav_label", sa.String(30)),
    sa.Column("meta_title", sa.String(60)),
    sa.Column("meta_description", sa.String(160)),
    sa.Column("created_at", UtcDateTime, nullable=False),
    sa.Column("updated_at", UtcDateTime, nullable=False),
    sa.UniqueConstraint("site_id", "slug"),
    sa.Index("ix_pages_site_published_order", "site_id", "is_published", "nav_order"),
)

themes = sa.Table(
    "themes", metadata,
    id_column(), version_column(),
    sa.Column("slug", sa.String(64), nullable=False, unique=True),
    sa.Column("name", sa.String(100), nullable=False),
    sa.Column("description", sa.Text),
    sa.Column("category", sa.String(32), nullable=False),
    sa.Column("thumbnail_url", sa.String(2048)),
    sa.Column("preview_url", sa.String(2048)),
    sa.Column("styles", JsonDict, nullable=False),
    sa.Column("color_schemes", JsonList, nullable=False),
    sa.Column("font_options", JsonList, nullable=False),
    sa.Column("layout_options", JsonList, nullable=False),
    sa.Column("is_public", sa.Boolean, nullable=False, default=True),
    sa.Column("is_premium", sa.Boolean, nullable=False, default=False),
    sa.Column("required_tier", sa.String(32)),
    sa.Column("usage_count", sa.Integer, nullable=False, default=0),
    sa.Column("created_at", UtcDateTime, nullable=False),
    sa.Column("updated_at", UtcDateTime, nullable=False),
    sa.Index("ix_themes_public_premium", "is_public", "is_premium"),
    sa.Index("ix_themes_category", "category"),
)
