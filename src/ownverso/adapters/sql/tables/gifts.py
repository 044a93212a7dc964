"""Tables of gift subscriptions."""

import sqlalchemy as sa

from ownverso.adapters.sql.tables.base import id_column, metadata, version_column
from ownverso.adapters.sql.types import UtcDateTime, enum_column
from ownverso.domain.memberships.gift import GiftStatus

gift_subscriptions = sa.Table(
    "gift_subscriptions", metadata,
    id_column(), version_column(),
    sa.Column("giver_id", sa.String(40), sa.ForeignKey("users.id", ondelete="CASCADE"),
              nullable=False),
    sa.Column("giver_email", sa.String(255), nullable=False),
    sa.Column("giver_name", sa.String(100)),
    sa.Column("recipient_email", sa.String(255), nullable=False),
    sa.Column("recipient_name", sa.String(100)),
    sa.Column("recipient_id", sa.String(40), sa.ForeignKey("users.id", ondelete="SET NULL")),
    sa.Column("site_id", sa.String(40), sa.ForeignKey("sites.id", ondelete="CASCADE"),
              nullable=False),
    sa.Column("tier_id", sa.String(40),
              sa.ForeignKey("author_subscription_tiers.id", ondelete="RESTRICT"),
              nullable=False),
    sa.Column("months", sa.SmallInteger, nullable=False),
    sa.Column("amount", sa.Integer, nullable=False),
    sa.Column("currency", sa.String(3), nullable=False),
    sa.Column("gift_message", sa.Text),
    sa.Column("delivery_date", UtcDateTime, nullable=False),
    sa.Column("is_scheduled", sa.Boolean, nullable=False),
    sa.Column("status", enum_column(GiftStatus), nullable=False),
    sa.Column("delivered_at", UtcDateTime),
    sa.Column("claimed_at", UtcDateTime),
    sa.Column("expires_at", UtcDateTime),
    sa.Column("claim_code", sa.String(32), nullable=False, unique=True),
    sa.Column("claim_url", sa.String(2048)),
    sa.Column("checkout_session_id", sa.String(40),
              sa.ForeignKey("checkout_sessions.id", ondelete="SET NULL"), unique=True),
    sa.Column("subscription_id", sa.String(40),
              sa.ForeignKey("reader_subscriptions.id", ondelete="SET NULL")),
    sa.Column("created_at", UtcDateTime, nullable=False),
    sa.Column("updated_at", UtcDateTime, nullable=False),
    sa.Index("ix_gift_subscriptions_giver_created", "giver_id", "created_at"),
    sa.Index("ix_gift_subscriptions_recipient_email", "recipient_email", "created_at"),
    sa.Index("ix_gift_subscriptions_recipient_id", "recipient_id", "created_at"),
    sa.Index("ix_gift_subscriptions_status_delivery", "status", "delivery_date"),
    sa.Index("ix_gift_subscriptions_status_expires", "status", "expires_at"),
)
