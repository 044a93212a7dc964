"""A subscription tier an author sells on a site, and the rules its fields obey.

Prices are integers in the smallest currency unit; a free tier costs nothing and has no
annual price; a paid tier has a positive monthly price."""

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from ownverso.domain.entity import Entity
from ownverso.domain.errors import InvalidTransition, RuleViolation
from ownverso.domain.memberships.values import BillingCycle

NAME_MAX = 50
EARLY_ACCESS_MAX = 90
TRIAL_MAX = 90
CURRENCY = re.compile(r"^[A-Z]{3}$")
COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")


def _fail(message: str, code: str, field_name: str) -> RuleViolation:
    return RuleViolation(message, code=code, fields={field_name: [message]})


@dataclass(eq=False, kw_only=True)
class Tier(Entity):
    site_id: str
    author_id: str
    name: str
    slug: str
    description: str | None = None
    monthly_price: int = 0
    annual_price: int | None = None
    currency: str = "INR"
    billing_cycles: list = field(default_factory=lambda: [BillingCycle.MONTHLY])
    benefits: list = field(default_factory=list)
    early_access_days: int = 0
    trial_days: int = 0  # a free trial for readers new to the site
    badge_text: str | None = None
    badge_color: str | None = None
    display_order: int = 0
    is_highlighted: bool = False
    highlight_text: str | None = None
    is_active: bool = True
    is_public: bool = True
    is_free: bool = False
    max_subscribers: int | None = None
    current_subscribers: int = 0
    gateway_plan_ids: dict = field(default_factory=dict)
    created_at: datetime | None = None
    updated_at: datetime | None = None

    # -- rules --------------------------------------------------------------------------
    def validate(self) -> None:
        """Every field rule at once (the first broken one is raised)."""
        name = (self.name or "").strip()
        if not name or len(name) > NAME_MAX:
            raise _fail(f"A name of 1 to {NAME_MAX} characters.", "invalid_name", "name")
        self.name = name
        self.validate_prices()
        if not isinstance(self.early_access_days, int) or \
                not 0 <= self.early_access_days <= EARLY_ACCESS_MAX:
            raise _fail(f"Early access is 0 to {EARLY_ACCESS_MAX} days.",
                        "invalid_early_access_days", "early_access_days")
        if not isinstance(self.trial_days, int) or isinstance(self.trial_days, bool) or \
                not 0 <= self.trial_days <= TRIAL_MAX:
            raise _fail(f"A trial is 0 to {TRIAL_MAX} days.", "invalid_trial_days",
                        "trial_days")
        if self.trial_days and self.is_free:
            raise _fail("A free tier has no trial.", "invalid_trial_days", "trial_days")
        if self.badge_color is not None and not COLOR.match(self.badge_color):
            raise _fail("A colour like #aabbcc.", "invalid_badge_color", "badge_color")
        if self.max_subscribers is not None and self.max_subscribers < 1:
            raise _fail("At least 1 (or none for unlimited).", "invalid_max_subscribers",
                        "max_subscribers")
        if any(not isinstance(b, str) or not b.strip() for b in self.benefits):
            raise _fail("Benefits are non-empty texts.", "invalid_benefits", "benefits")

    def validate_prices(self) -> None:
        if not isinstance(self.monthly_price, int) or self.monthly_price < 0:
            raise _fail("A whole amount, 0 or more.", "invalid_price", "monthly_price")
        if self.annual_price is not None and (not isinstance(self.annual_price, int)
                                              or self.annual_price < 0):
            raise _fail("A whole amount, 0 or more.", "invalid_price", "annual_price")
        self.currency = (self.currency or "").upper()
        if not CURRENCY.match(self.currency):
            raise _fail("A three-letter currency code.", "invalid_currency", "currency")
        try:
            cycles = [BillingCycle(c) for c in self.billing_cycles]
        except ValueError:
            cycles = []
        if not cycles or len(set(cycles)) != len(cycles):
            raise _fail("One or more distinct billing cycles.", "invalid_billing_cycles",
                        "billing_cycles")
        self.billing_cycles = cycles
        if self.is_free:
            if self.monthly_price != 0 or self.annual_price not in (None, 0):
                raise _fail("A free tier has no price.", "free_tier_priced", "monthly_price")
            if self.annual_price == 0:
                self.annual_price = None
            return
        if self.monthly_price <= 0:
            raise _fail("A paid tier needs a monthly price above 0.", "paid_tier_unpriced",
                        "monthly_price")
        if BillingCycle.ANNUAL in cycles and not self.annual_price:
            raise _fail("Annual billing needs an annual price.", "annual_price_required",
                        "annual_price")

    def price_for(self, cycle: BillingCycle) -> int:
        return (self.annual_price or 0) if cycle == BillingCycle.ANNUAL else self.monthly_price

    # -- state ----------------------------------------------------------------------------
    def activate(self, *, now: datetime) -> None:
        if self.is_active:
            raise InvalidTransition("The tier is already active.", code="tier_already_active")
        self.is_active, self.updated_at = True, now

    def deactivate(self, *, now: datetime) -> None:
        """No new subscribers; the current ones keep their subscription."""
        if not self.is_active:
            raise InvalidTransition("The tier is already inactive.",
                                    code="tier_already_inactive")
        self.is_active, self.updated_at = False, now

    def check_deletable(self) -> None:
        if self.current_subscribers > 0:
            raise InvalidTransition("The tier has live subscribers.", code="tier_has_subscribers",
                                    fields={"current_subscribers": [str(self.current_subscribers)]})

    def has_room(self) -> bool:
        return self.max_subscribers is None or self.current_subscribers < self.max_subscribers

    def accepts_subscribers(self) -> bool:
        return self.is_active and self.has_room()

    def ranks_above(self, other: "Tier") -> bool:
        """Higher monthly price ranks higher; on a tie, the lower display order does."""
        if self.monthly_price != other.monthly_price:
            return self.monthly_price > other.monthly_price
        return self.display_order < other.display_order


def rank_tiers(tiers: Iterable[Tier]) -> list[Tier]:
    """Highest-ranking first."""
    return sorted(tiers, key=lambda t: (-t.monthly_price, t.display_order))


def check_reorder(current_ids: Iterable[str], new_ids: list[str]) -> None:
    """A reorder names exactly the site's tiers, each once."""
    if len(set(new_ids)) != len(new_ids) or set(new_ids) != set(current_ids):
        raise RuleViolation("List every tier of the site exactly once.",
                            code="invalid_tier_order", fields={"tier_ids": ["Mismatch."]})
