"""Reference rows every installation has: the SQL migrations insert them, and the in-memory
suite gets them from here when it starts."""

from collections.abc import Callable

from ownverso.domain.accounts.tier_catalog import default_tier_limits, later_features
from ownverso.domain.accounts.tiers import PlatformTier, TierLimits
from ownverso.domain.publishing.taxonomy import Genre, Tag
from ownverso.domain.publishing.taxonomy_catalog import genre_rows, tag_rows
from ownverso.domain.publishing.warnings import ContentWarning, catalog_rows
from ownverso.domain.sites.theme import Theme, theme_catalog_rows
from ownverso.services.ports import UnitOfWork


def seed_reference_data(uow_factory: Callable[[], UnitOfWork]) -> None:
    """Insert what is missing; rows already there are left as they are."""
    with uow_factory() as uow:
        for row in default_tier_limits():
            if uow.tier_limits.get_by(tier=row["tier"]) is None:
                uow.tier_limits.add(TierLimits(**{**row, **later_features(row["tier"]),
                                                  "tier": PlatformTier(row["tier"])}))
        for row in catalog_rows():
            if uow.content_warnings.get_by(slug=row["slug"]) is None:
                uow.content_warnings.add(ContentWarning(**row))
        seed_taxonomy(uow)
        for row in theme_catalog_rows():
            if uow.themes.get_by(slug=row["slug"]) is None:
                uow.themes.add(Theme(**row))
        uow.commit()


def seed_taxonomy(uow: UnitOfWork) -> None:
    """The genre tree and the starting tags (the blocked ones included)."""
    for row in genre_rows():
        if uow.genres.get(row["id"]) is None:
            uow.genres.add(Genre(**row))
    for row in tag_rows():
        if uow.tags.get(row["id"]) is None:
            uow.tags.add(Tag(**row))
