"""Tables of the commerce module."""

import sqlalchemy as sa

from ownverso.adapters.sql.tables.base import id_column, metadata, version_column
from ownverso.adapters.sql.types import JsonList, UtcDateTime, enum_column
from ownverso.domain.commerce.values import LicenseType, ProductType

MEDIA_FK = {"ondelete": "SET NULL"}

products = sa.Table(
    "products", metadata,
    id_column(), version_column(),
    sa.Column("site_id", sa.String(40), sa.ForeignKey("sites.id", ondelete="CASCADE"),
              nullable=False),
    sa.Column("author_id", sa.String(40), sa.ForeignKey("users.id", ondelete="CASCADE"),
              nullable=False),
    sa.Column("name", sa.String(100), nullable=False),
    sa.Column("slug", sa.String(100), nullable=False),
    sa.Column("product_type", enum_column(ProductType), nullable=False),
    sa.Column("description", sa.Text),
    sa.Column("short_description", sa.String(200)),
    sa.Column("cover_media_id", sa.String(40), sa.ForeignKey("media_files.id", **MEDIA_FK)),
    sa.Column("cover_image_url", sa.String(2048)),
    sa.Column("preview_media_ids", JsonList, nullable=False),
    sa.Column("preview_image_urls", JsonList, nullable=False),
    sa.Column("price", sa.Integer, nullable=False),
    sa.Column("compare_at_price", sa.Integer),
    sa.Column("currency", sa.String(3), nullable=False),
    sa.Column("file_media_id", sa.String(40), sa.ForeignKey("media_files.id", **MEDIA_FK)),
    sa.Column("file_name", sa.String(255)),
    sa.Column("file_size", sa.BigInteger),
    sa.Column("file_content_type", sa.String(255)),
    sa.Column("max_downloads", sa.Integer),
    sa.Column("download_window_days", sa.Integer),
    sa.Column("is_licensed", sa.Boolean, nullable=False),
    sa.Column("license_type", enum_column(LicenseType)),
    sa.Column("license_seats", sa.Integer),
    sa.Column("total_quantity", sa.Integer),
    sa.Column("sold_count", sa.Integer, nullable=False),
    sa.Column("is_active", sa.Boolean, nullable=False),
    sa.Column("available_from", UtcDateTime),
    sa.Column("available_until", UtcDateTime),
    sa.Column("display_order", sa.Integer, nullable=False),
    sa.Column("is_featured", sa.Boolean, nullable=False),
    sa.Column("admin_hold", sa.Boolean, nullable=False),
    sa.Column("admin_reason", sa.String(500)),
    sa.Column("admin_actor_id", sa.String(40)),
    sa.Column("admin_acted_at", UtcDateTime),
    sa.Column("created_at", UtcDateTime, nullable=False),
    sa.Column("updated_at", UtcDateTime, nullable=False),
    sa.UniqueConstraint("site_id", "slug"),
    sa.CheckConstraint("sold_count >= 0", name="sold_count_not_negative"),
    sa.CheckConstraint("total_quantity IS NULL OR sold_count <= total_quantity",
                       name="not_oversold"),
    sa.Index("ix_products_author", "author_id"),
    sa.Index("ix_products_site_order", "site_id", "is_active", "display_order"),
    sa.Index("ix_products_type_active", "product_type", "is_active"),
)
