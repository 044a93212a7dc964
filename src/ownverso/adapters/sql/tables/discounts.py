"""Tables of discount codes and their redemptions (memberships module).

Codes are stored normalised (upper case), so the unique (site_id, code) makes them unique per
site case-insensitively. Targets (tiers, products, chapters) and what a redemption produced
(subscription, purchase, gift) are plain ids: no foreign keys to those modules."""

import sqlalchemy as sa

from ownverso.adapters.sql.tables.base import id_column, metadata, version_column
from ownverso.adapters.sql.types import JsonList, UtcDateTime, enum_column
from ownverso.domain.memberships.discount_values import (
    AppliesTo,
    DiscountDuration,
    DiscountKind,
    TargetKind,
)
from ownverso.domain.memberships.redemption import RedemptionStatus

discount_codes = sa.Table(
    "discount_codes", metadata,
    id_column(), version_column(),
    sa.Column("site_id", sa.String(40), sa.ForeignKey("sites.id", ondelete="CASCADE"),
              nullable=False),
    sa.Column("code", sa.String(32), nullable=False),
    sa.Column("kind", enum_column(DiscountKind), nullable=False),
    sa.Column("value", sa.Integer, nullable=False),
    sa.Column("currency", sa.String(3)),
    sa.Column("applies_to", enum_column(AppliesTo), nullable=False),
    sa.Column("target_ids", JsonList, nullable=False),
    sa.Column("billing_cycles", JsonList, nullable=False),
    sa.Column("duration", enum_column(DiscountDuration), nullable=False),
    sa.Column("duration_months", sa.SmallInteger),
    sa.Column("max_redemptions", sa.Integer),
    sa.Column("per_reader_limit", sa.Integer),
    sa.Column("redemption_count", sa.Integer, nullable=False),
    sa.Column("valid_from", UtcDateTime),
    sa.Column("valid_until", UtcDateTime),
    sa.Column("first_time_only", sa.Boolean, nullable=False),
    sa.Column("minimum_amount", sa.Integer),
    sa.Column("is_active", sa.Boolean, nullable=False),
    sa.Column("created_at", UtcDateTime, nullable=False),
    sa.Column("updated_at", UtcDateTime, nullable=False),
    sa.UniqueConstraint("site_id", "code"),
    sa.Index("ix_discount_codes_site_created", "site_id", "created_at"),
)

discount_redemptions = sa.Table(
    "discount_redemptions", metadata,
    id_column(), version_column(),
    sa.Column("code_id", sa.String(40), sa.ForeignKey("discount_codes.id", ondelete="CASCADE"),
              nullable=False),
    sa.Column("site_id", sa.String(40), sa.ForeignKey("sites.id", ondelete="CASCADE"),
              nullable=False),
    sa.Column("reader_id", sa.String(40), sa.ForeignKey("users.id", ondelete="CASCADE"),
              nullable=False),
    sa.Column("checkout_id", sa.String(40), unique=True),
    sa.Column("status", enum_column(RedemptionStatus), nullable=False),
    sa.Column("amount_before", sa.Integer, nullable=False),
    sa.Column("discount_amount", sa.Integer, nullable=False),
    sa.Column("currency", sa.String(3), nullable=False),
    sa.Column("target_kind", enum_column(TargetKind), nullable=False),
    sa.Column("target_id", sa.String(40), nullable=False),
    sa.Column("subscription_id", sa.String(40)),
    sa.Column("purchase_id", sa.String(40)),
    sa.Column("gift_id", sa.String(40)),
    sa.Column("created_at", UtcDateTime, nullable=False),
    sa.Column("confirmed_at", UtcDateTime),
    sa.Column("released_at", UtcDateTime),
    sa.Index("ix_discount_redemptions_code_status", "code_id", "status"),
    sa.Index("ix_discount_redemptions_code_created", "code_id", "created_at"),
    sa.Index("ix_discount_redemptions_reader_code", "reader_id", "code_id"),
)
