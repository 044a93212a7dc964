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
    identity,
    licenses,
    media,
    memberships,
    publishing,
    purchases,
    referrals,
    refund_requests,
    site_content,
    sites,
    tips,
)
from ownverso.adapters.sql.tables.base import metadata

__all__ = ["metadata"]
