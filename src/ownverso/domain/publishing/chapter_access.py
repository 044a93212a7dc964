"""Who may read a chapter, as the author sets it: validated here, enforced by the paywall."""

import re
from dataclasses import dataclass, replace
from datetime import datetime

from ownverso.domain.errors import RuleViolation
from ownverso.domain.publishing.values import ChapterAccessLevel

CURRENCY = re.compile(r"^[A-Z]{3}$")
MAX_PREVIEW_PARAGRAPHS = 50
MAX_PAYWALL_MESSAGE = 2000
MAX_PRICE = 100_000_000  # smallest currency unit
MAX_COINS = 100_000  # a chapter's coin price
TIERED = frozenset({ChapterAccessLevel.SPECIFIC_TIER, ChapterAccessLevel.SCHEDULED_FREE})


@dataclass(frozen=True)
class AccessSettings:
    access_level: ChapterAccessLevel = ChapterAccessLevel.FREE
    minimum_tier_id: str | None = None
    price: int | None = None  # one-time purchase, smallest currency unit
    currency: str = "INR"
    coin_price: int | None = None  # coins that unlock it for good
    preview_paragraphs: int | None = None  # None: the series' default
    paywall_message: str | None = None

    def problems(self, *, free_at: datetime | None) -> dict[str, list[str]]:
        found: dict[str, list[str]] = {}
        level = self.access_level
        if level == ChapterAccessLevel.SPECIFIC_TIER and not self.minimum_tier_id:
            found["minimum_tier_id"] = ["Required for the SPECIFIC_TIER access level."]
        if level == ChapterAccessLevel.SCHEDULED_FREE and free_at is None:
            found["free_at"] = ["SCHEDULED_FREE needs a free date: schedule it first "
                                "(schedule-free)."]
        if self.price is not None:
            if type(self.price) is not int or not 0 <= self.price <= MAX_PRICE:
                found["price"] = [f"A whole number from 0 to {MAX_PRICE} (smallest unit)."]
            elif level == ChapterAccessLevel.FREE:
                found["price"] = ["A free chapter has no price."]
        if self.coin_price is not None:
            if type(self.coin_price) is not int or not 0 <= self.coin_price <= MAX_COINS:
                found["coin_price"] = [f"A whole number of coins from 0 to {MAX_COINS}."]
            elif level == ChapterAccessLevel.FREE and self.coin_price:
                found["coin_price"] = ["A free chapter has no coin price."]
        if not CURRENCY.match(self.currency or ""):
            found["currency"] = ["Three upper-case letters (ISO 4217)."]
        if self.preview_paragraphs is not None and not (
                type(self.preview_paragraphs) is int
                and 0 <= self.preview_paragraphs <= MAX_PREVIEW_PARAGRAPHS):
            found["preview_paragraphs"] = [f"From 0 to {MAX_PREVIEW_PARAGRAPHS}."]
        if self.paywall_message and len(self.paywall_message) > MAX_PAYWALL_MESSAGE:
            found["paywall_message"] = [f"At most {MAX_PAYWALL_MESSAGE} characters."]
        return found

    def checked(self, *, free_at: datetime | None) -> "AccessSettings":
        """These settings, or a ``RuleViolation`` naming every field at fault. A tier counts
        for SPECIFIC_TIER and for SCHEDULED_FREE (gated like SPECIFIC_TIER until the free
        date); any other level drops it."""
        problems = self.problems(free_at=free_at)
        if problems:
            raise RuleViolation("These access settings are not valid.",
                                code="invalid_access_settings", fields=problems)
        if self.access_level not in TIERED and self.minimum_tier_id:
            return replace(self, minimum_tier_id=None)
        return self
