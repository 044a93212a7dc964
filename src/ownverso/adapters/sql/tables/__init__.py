"""Every table of the platform, on one ``MetaData`` (alembic's target)."""

from ownverso.adapters.sql.tables import (  # noqa: F401  (register the tables)
    access,
    accounts,
    chapter_io,
    checkout,
    coins,
    commerce,
    discounts,
    downloads,
    gifts,
    idempotency,
    identity,
    licenses,
    media,
    memberships,
    payment_gateways,
    payment_refunds,
    payments,
    payouts,
    platform_invoices,
    platform_subscriptions,
    publishing,
    purchases,
    referrals,
    refund_requests,
    site_content,
    sites,
    tips,
    webhook_events,
)
from ownverso.adapters.sql.tables.base import metadata

__all__ = ["metadata"]
