"""Reference rows every installation has: the SQL migrations insert them, and the in-memory
suite gets them from here when it starts."""

from collections.abc import Callable

from ownverso.domain.accounts.tier_catalog import default_tier_limits
from ownverso.domain.accounts.tiers import PlatformTier, TierLimits
from ownverso.domain.publishing.warnings import ContentWarning, catalog_rows
from ownverso.services.ports import UnitOfWork


def seed_reference_data(uow_factory: Callable[[], UnitOfWork]) -> None:
    """Insert what is missing; rows already there are left as they are."""
    with uow_factory() as uow:
        for row in default_tier_limits():
            if uow.tier_limits.get_by(tier=row["tier"]) is None:
                uow.tier_limits.add(TierLimits(**{**row, "tier": PlatformTier(row["tier"])}))
        for row in catalog_rows():
            if uow.content_warnings.get_by(slug=row["slug"]) is None:
                uow.content_warnings.add(ContentWarning(**row))
        uow.commit()
