"""Tables of refund requests for purchases."""

import sqlalchemy as sa

from ownverso.adapters.sql.tables.base import id_column, metadata, version_column
from ownverso.adapters.sql.types import UtcDateTime, enum_column
from ownverso.domain.commerce.refund_request import RefundReason, RefundRequestStatus

refund_requests = sa.Table(
    "refund_requests", metadata,
    id_column(), version_column(),
    sa.Column("purchase_id", sa.String(40), sa.ForeignKey("purchases.id", ondelete="CASCADE"),
              nullable=False),
    sa.Column("buyer_id", sa.String(40), sa.ForeignKey("users.id", ondelete="CASCADE"),
              nullable=False),
    sa.Column("site_id", sa.String(40), sa.ForeignKey("sites.id", ondelete="CASCADE"),
              nullable=False),
    sa.Column("author_id", sa.String(40), sa.ForeignKey("users.id", ondelete="CASCADE"),
              nullable=False),
    sa.Column("product_id", sa.String(40), sa.ForeignKey("products.id", ondelete="SET NULL")),
    sa.Column("chapter_id", sa.String(40), sa.ForeignKey("chapters.id", ondelete="SET NULL")),
    sa.Column("reason", enum_column(RefundReason), nullable=False),
    sa.Column("message", sa.Text),
    sa.Column("amount", sa.Integer, nullable=False),
    sa.Column("currency", sa.String(3), nullable=False),
    sa.Column("status", enum_column(RefundRequestStatus), nullable=False),
    sa.Column("open_slot", sa.String(40), unique=True),
    sa.Column("reviewer_id", sa.String(40), sa.ForeignKey("users.id", ondelete="SET NULL")),
    sa.Column("review_note", sa.Text),
    sa.Column("failure_code", sa.String(64)),
    sa.Column("gateway_refund_id", sa.String(255)),
    sa.Column("reviewed_at", UtcDateTime),
    sa.Column("refunded_at", UtcDateTime),
    sa.Column("withdrawn_at", UtcDateTime),
    sa.Column("created_at", UtcDateTime, nullable=False),
    sa.Column("updated_at", UtcDateTime, nullable=False),
    sa.Index("ix_refund_requests_purchase_created", "purchase_id", "created_at"),
    sa.Index("ix_refund_requests_site_status_created", "site_id", "status", "created_at"),
    sa.Index("ix_refund_requests_status_created", "status", "created_at"),
)
