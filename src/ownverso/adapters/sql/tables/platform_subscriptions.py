"""Tables of authors' subscriptions to Ownverso: the subscription, its event log, its
invoices and their yearly number counters."""

import sqlalchemy as sa

from ownverso.adapters.sql.tables.base import id_column, metadata, version_column
from ownverso.adapters.sql.types import JsonList, UtcDateTime, enum_column
from ownverso.domain.accounts.tiers import PlatformTier
from ownverso.domain.billing.platform_subscription import (
    HistoryKind,
    InvoiceKind,
    PlanCycle,
    PlatformSubscriptionStatus,
    SubscriptionInvoiceStatus,
)


def _user() -> sa.Column:
    return sa.Column("user_id", sa.String(40), sa.ForeignKey("users.id", ondelete="CASCADE"),
                     nullable=False)


platform_subscriptions = sa.Table(
    "platform_subscriptions", metadata,
    id_column(), version_column(), _user(),
    sa.Column("tier", enum_column(PlatformTier), nullable=False),
    sa.Column("cycle", enum_column(PlanCycle), nullable=False),
    sa.Column("status", enum_column(PlatformSubscriptionStatus), nullable=False),
    sa.Column("price", sa.BigInteger, nullable=False),
    sa.Column("currency", sa.String(3), nullable=False),
    sa.Column("current_period_start", UtcDateTime),
    sa.Column("current_period_end", UtcDateTime),
    sa.Column("anchor_day", sa.Integer),
    sa.Column("pending_tier", enum_column(PlatformTier)),
    sa.Column("pending_cycle", enum_column(PlanCycle)),
    sa.Column("cancelled_at", UtcDateTime),
    sa.Column("grace_ends_at", UtcDateTime),
    sa.Column("created_at", UtcDateTime, nullable=False),
    sa.Column("updated_at", UtcDateTime, nullable=False),
    sa.UniqueConstraint("user_id", name="uq_platform_subscriptions_user_id"),
    sa.Index("ix_platform_subscriptions_status_period_end", "status", "current_period_end"),
)

platform_subscription_events = sa.Table(
    "platform_subscription_events", metadata,
    id_column(), version_column(),
    sa.Column("subscription_id", sa.String(40),
              sa.ForeignKey("platform_subscriptions.id", ondelete="CASCADE"), nullable=False),
    _user(),
    sa.Column("kind", enum_column(HistoryKind), nullable=False),
    sa.Column("at", UtcDateTime, nullable=False),
    sa.Column("from_tier", sa.String(32)),
    sa.Column("to_tier", sa.String(32)),
    sa.Column("from_cycle", sa.String(32)),
    sa.Column("to_cycle", sa.String(32)),
    sa.Column("amount", sa.BigInteger),
    sa.Column("invoice_id", sa.String(40)),
    sa.Column("note", sa.String(255)),
    sa.Index("ix_platform_subscription_events_user_at", "user_id", "at"),
)

platform_subscription_invoices = sa.Table(
    "platform_subscription_invoices", metadata,
    id_column(), version_column(),
    sa.Column("number", sa.String(32), nullable=False),
    sa.Column("key", sa.String(200), nullable=False),
    _user(),
    sa.Column("subscription_id", sa.String(40),
              sa.ForeignKey("platform_subscriptions.id", ondelete="CASCADE"), nullable=False),
    sa.Column("kind", enum_column(InvoiceKind), nullable=False),
    sa.Column("status", enum_column(SubscriptionInvoiceStatus), nullable=False),
    sa.Column("tier", enum_column(PlatformTier), nullable=False),
    sa.Column("cycle", enum_column(PlanCycle), nullable=False),
    sa.Column("currency", sa.String(3), nullable=False),
    sa.Column("period_start", UtcDateTime, nullable=False),
    sa.Column("period_end", UtcDateTime),
    sa.Column("subtotal", sa.BigInteger, nullable=False),
    sa.Column("discount", sa.BigInteger, nullable=False),
    sa.Column("total", sa.BigInteger, nullable=False),
    sa.Column("reward_months", sa.Integer, nullable=False),
    sa.Column("lines", JsonList, nullable=False),
    sa.Column("attempts", sa.Integer, nullable=False),
    sa.Column("gateway", sa.String(32)),
    sa.Column("gateway_charge_id", sa.String(255)),
    sa.Column("gateway_checkout_id", sa.String(255)),
    sa.Column("checkout_url", sa.String(2048)),
    sa.Column("failure_code", sa.String(64)),
    sa.Column("issued_at", UtcDateTime, nullable=False),
    sa.Column("paid_at", UtcDateTime),
    sa.Column("created_at", UtcDateTime, nullable=False),
    sa.Column("updated_at", UtcDateTime, nullable=False),
    sa.UniqueConstraint("number", name="uq_platform_subscription_invoices_number"),
    sa.UniqueConstraint("key", name="uq_platform_subscription_invoices_key"),
    sa.Index("ix_platform_subscription_invoices_user_issued", "user_id", "issued_at"),
    sa.Index("ix_platform_subscription_invoices_checkout", "gateway_checkout_id"),
)

platform_subscription_invoice_counters = sa.Table(
    "platform_subscription_invoice_counters", metadata,
    id_column(), version_column(),
    sa.Column("year", sa.Integer, nullable=False),
    sa.Column("last_number", sa.Integer, nullable=False),
    sa.UniqueConstraint("year", name="uq_platform_subscription_invoice_counters_year"),
)
