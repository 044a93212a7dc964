"""Tables of product downloads and of the requests to restart them."""

import sqlalchemy as sa

from ownverso.adapters.sql.tables.base import id_column, metadata, version_column
from ownverso.adapters.sql.types import UtcDateTime, enum_column
from ownverso.domain.commerce.downloads import ResetStatus

downloads = sa.Table(
    "downloads", metadata,
    id_column(), version_column(),
    sa.Column("purchase_id", sa.String(40), sa.ForeignKey("purchases.id", ondelete="CASCADE"),
              nullable=False),
    sa.Column("buyer_id", sa.String(40), sa.ForeignKey("users.id", ondelete="CASCADE"),
              nullable=False),
    sa.Column("product_id", sa.String(40), nullable=False),  # kept if the product goes
    sa.Column("downloaded_at", UtcDateTime, nullable=False),
    sa.Column("ip_hash", sa.String(64)),
    sa.Column("user_agent", sa.String(500)),
    sa.Index("ix_downloads_purchase_downloaded", "purchase_id", "downloaded_at"),
)

download_reset_requests = sa.Table(
    "download_reset_requests", metadata,
    id_column(), version_column(),
    sa.Column("purchase_id", sa.String(40), sa.ForeignKey("purchases.id", ondelete="CASCADE"),
              nullable=False),
    sa.Column("buyer_id", sa.String(40), sa.ForeignKey("users.id", ondelete="CASCADE"),
              nullable=False),
    sa.Column("product_id", sa.String(40), nullable=False),
    sa.Column("site_id", sa.String(40), sa.ForeignKey("sites.id", ondelete="CASCADE"),
              nullable=False),
    sa.Column("reason", sa.Text, nullable=False),
    sa.Column("status", enum_column(ResetStatus), nullable=False),
    sa.Column("pending_slot", sa.String(40), unique=True),  # one PENDING per purchase
    sa.Column("reviewer_id", sa.String(40), sa.ForeignKey("users.id", ondelete="SET NULL")),
    sa.Column("reviewed_at", UtcDateTime),
    sa.Column("review_note", sa.Text),
    sa.Column("created_at", UtcDateTime, nullable=False),
    sa.Column("updated_at", UtcDateTime, nullable=False),
    sa.Index("ix_download_reset_requests_purchase_created", "purchase_id", "created_at"),
    sa.Index("ix_download_reset_requests_site_status", "site_id", "status", "created_at"),
)
