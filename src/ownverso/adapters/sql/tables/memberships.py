"""Tables of the memberships module."""

import sqlalchemy as sa

from ownverso.adapters.sql.tables.base import id_column, metadata, version_column
from ownverso.adapters.sql.types import JsonDict, JsonList, UtcDateTime

author_subscription_tiers = sa.Table(
    "author_subscription_tiers", metadata,
    id_column(), version_column(),
    sa.Column("site_id", sa.String(40), sa.ForeignKey("sites.id", ondelete="CASCADE"),
              nullable=False),
    sa.Column("author_id", sa.String(40), sa.ForeignKey("users.id", ondelete="CASCADE"),
              nullable=False),
    sa.Column("name", sa.String(50), nullable=False),
    sa.Column("slug", sa.String(60), nullable=False),
    sa.Column("description", sa.Text),
    sa.Column("monthly_price", sa.Integer, nullable=False),
    sa.Column("annual_price", sa.Integer),
    sa.Column("currency", sa.String(3), nullable=False),
    sa.Column("billing_cycles", JsonList, nullable=False),
    sa.Column("benefits", JsonList, nullable=False),
    sa.Column("early_access_days", sa.SmallInteger, nullable=False),
    sa.Column("badge_text", sa.String(20)),
    sa.Column("badge_color", sa.String(7)),
    sa.Column("display_order", sa.Integer, nullable=False),
    sa.Column("is_highlighted", sa.Boolean, nullable=False),
    sa.Column("highlight_text", sa.String(30)),
    sa.Column("is_active", sa.Boolean, nullable=False),
    sa.Column("is_public", sa.Boolean, nullable=False),
    sa.Column("is_free", sa.Boolean, nullable=False),
    sa.Column("max_subscribers", sa.Integer),
    sa.Column("current_subscribers", sa.Integer, nullable=False),
    sa.Column("gateway_plan_ids", JsonDict, nullable=False),
    sa.Column("created_at", UtcDateTime, nullable=False),
    sa.Column("updated_at", UtcDateTime, nullable=False),
    sa.UniqueConstraint("site_id", "slug"),
    sa.Index("ix_author_subscription_tiers_author", "author_id"),
    sa.Index("ix_author_subscription_tiers_site_order", "site_id", "is_active",
             "display_order"),
)
