"""A user's referral account (their code and the free months earned) and a click on a code."""

from dataclasses import dataclass
from datetime import datetime

from ownverso.domain.entity import Entity


@dataclass(eq=False, kw_only=True)
class ReferralAccount(Entity):
    """One per user, made on first use. ``reward_months`` is the balance of free months of the
    platform tier earned by rewarded referrals; platform billing spends it."""

    user_id: str
    code: str
    reward_months: int = 0
    created_at: datetime
    updated_at: datetime
    regenerated_at: datetime | None = None

    def regenerate(self, code: str, *, now: datetime) -> None:
        """A new code replaces the old one, which stops working at once."""
        self.code, self.regenerated_at, self.updated_at = code, now, now

    def credit_month(self, *, now: datetime, months: int = 1) -> None:
        self.reward_months += months
        self.updated_at = now


@dataclass(eq=False, kw_only=True)
class ReferralClick(Entity):
    """A visit through a referral link, before anyone signs up (counted in the stats; an
    application that names it takes its time and attribution)."""

    referrer_id: str
    code: str
    clicked_at: datetime
    landing_page: str | None = None
    utm_source: str | None = None
    utm_medium: str | None = None
    utm_campaign: str | None = None
    referrer_url: str | None = None
