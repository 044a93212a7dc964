"""Tables of one-time purchases (products and single chapters)."""

import sqlalchemy as sa

from ownverso.adapters.sql.tables.base import id_column, metadata, version_column
from ownverso.adapters.sql.types import UtcDateTime, enum_column
from ownverso.domain.commerce.purchase import PurchaseStatus

purchases = sa.Table(
    "purchases", metadata,
    id_column(), version_column(),
    sa.Column("buyer_id", sa.String(40), sa.ForeignKey("users.id", ondelete="CASCADE"),
              nullable=False),
    sa.Column("site_id", sa.String(40), sa.ForeignKey("sites.id", ondelete="CASCADE"),
              nullable=False),
    sa.Column("author_id", sa.String(40), sa.ForeignKey("users.id", ondelete="CASCADE"),
              nullable=False),
    sa.Column("product_id", sa.String(40), sa.ForeignKey("products.id", ondelete="SET NULL")),
    sa.Column("chapter_id", sa.String(40), sa.ForeignKey("chapters.id", ondelete="SET NULL")),
    sa.Column("amount", sa.Integer, nullable=False),
    sa.Column("original_amount", sa.Integer, nullable=False),
    sa.Column("discount_amount", sa.Integer, nullable=False),
    sa.Column("currency", sa.String(3), nullable=False),
    sa.Column("discount_code_id", sa.String(40),
              sa.ForeignKey("discount_codes.id", ondelete="SET NULL")),
    sa.Column("status", enum_column(PurchaseStatus), nullable=False),
    sa.Column("checkout_session_id", sa.String(40),
              sa.ForeignKey("checkout_sessions.id", ondelete="SET NULL"), unique=True),
    sa.Column("failure_code", sa.String(64)),
    sa.Column("delivered_at", UtcDateTime),
    sa.Column("download_count", sa.Integer, nullable=False),
    sa.Column("last_downloaded_at", UtcDateTime),
    sa.Column("downloads_reset_at", UtcDateTime),
    sa.Column("refunded_at", UtcDateTime),
    sa.Column("created_at", UtcDateTime, nullable=False),
    sa.Column("updated_at", UtcDateTime, nullable=False),
    sa.Index("ix_purchases_buyer_created", "buyer_id", "created_at"),
    sa.Index("ix_purchases_product_status", "product_id", "status"),
    sa.Index("ix_purchases_chapter_status", "chapter_id", "status"),
    sa.Index("ix_purchases_site_status", "site_id", "status"),
)
