"""Tables of checkout sessions."""

import sqlalchemy as sa

from ownverso.adapters.sql.tables.base import id_column, metadata, version_column
from ownverso.adapters.sql.types import JsonDict, UtcDateTime, enum_column
from ownverso.domain.checkout.session import CheckoutKind, CheckoutStatus

checkout_sessions = sa.Table(
    "checkout_sessions", metadata,
    id_column(), version_column(),
    sa.Column("kind", enum_column(CheckoutKind), nullable=False),
    sa.Column("user_id", sa.String(40), sa.ForeignKey("users.id", ondelete="CASCADE"),
              nullable=False),
    sa.Column("site_id", sa.String(40), sa.ForeignKey("sites.id", ondelete="CASCADE")),
    sa.Column("tier_id", sa.String(40)),
    sa.Column("status", enum_column(CheckoutStatus), nullable=False),
    sa.Column("amount", sa.Integer, nullable=False),
    sa.Column("original_amount", sa.Integer, nullable=False),
    sa.Column("discount_amount", sa.Integer, nullable=False),
    sa.Column("currency", sa.String(3), nullable=False),
    sa.Column("discount_code_id", sa.String(40)),
    sa.Column("payload", JsonDict, nullable=False),
    sa.Column("gateway", sa.String(20)),
    sa.Column("gateway_checkout_id", sa.String(255), unique=True),
    sa.Column("checkout_url", sa.String(2048)),
    sa.Column("result_id", sa.String(40)),
    sa.Column("failure_code", sa.String(60)),
    sa.Column("expires_at", UtcDateTime),
    sa.Column("completed_at", UtcDateTime),
    sa.Column("created_at", UtcDateTime, nullable=False),
    sa.Column("updated_at", UtcDateTime, nullable=False),
    sa.Index("ix_checkout_sessions_user_created", "user_id", "created_at"),
    sa.Index("ix_checkout_sessions_status_expires", "status", "expires_at"),
    sa.Index("ix_checkout_sessions_tier_status", "tier_id", "status"),
)
