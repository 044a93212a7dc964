"""The read side of a site's subscribers: the list (and the export) as DTOs joined to their
reader and tier, one statement per page and one per total (a port, with SQL and in-memory
adapters that give the same answers)."""

import abc
from dataclasses import dataclass, fields
from datetime import datetime

from ownverso.domain.access.inputs import SubscriptionFacts, SubscriptionStatus
from ownverso.domain.identity.user import User
from ownverso.domain.memberships.subscription import Subscription
from ownverso.domain.memberships.tier import Tier
from ownverso.domain.memberships.values import BillingCycle

# sort name -> order of the subscription fields (``-`` descending); the id breaks ties
SORTS: dict[str, tuple[str, ...]] = {
    "newest": ("-created_at",),
    "oldest": ("created_at",),
    "price_high": ("-price_at_purchase", "-created_at"),
    "price_low": ("price_at_purchase", "-created_at"),
}


@dataclass(frozen=True)
class ReaderCard:
    id: str
    username: str | None
    display_name: str | None
    email: str | None


@dataclass(frozen=True)
class TierRef:
    id: str
    name: str | None


@dataclass(frozen=True)
class SubscriptionRow:
    """The subscription columns a subscriber list shows."""

    id: str
    reader_id: str
    site_id: str
    tier_id: str
    status: SubscriptionStatus
    billing_cycle: BillingCycle
    current_period_start: datetime | None
    current_period_end: datetime | None
    price_at_purchase: int
    original_price: int
    currency: str
    discount_code_id: str | None
    is_trialing: bool
    trial_ends_at: datetime | None
    is_gift: bool
    auto_renew: bool
    cancelled_at: datetime | None
    cancel_reason: str | None
    cancel_feedback: str | None
    expires_at: datetime | None
    grace_ends_at: datetime | None
    paused_at: datetime | None
    pause_ends_at: datetime | None
    pending_tier_id: str | None
    created_at: datetime | None
    updated_at: datetime | None


ROW_FIELDS = tuple(f.name for f in fields(SubscriptionRow))


@dataclass(frozen=True)
class Subscriber(SubscriptionRow):
    """A subscription with its reader and tier; ``is_live`` is set by the service (it follows
    the clock)."""

    reader: ReaderCard
    tier: TierRef
    is_live: bool | None = None

    @classmethod
    def of(cls, sub: Subscription, reader: User | None, tier: Tier | None) -> "Subscriber":
        return cls(**{name: getattr(sub, name) for name in ROW_FIELDS},
                   reader=ReaderCard(id=sub.reader_id,
                                     username=reader.username if reader else None,
                                     display_name=reader.display_name if reader else None,
                                     email=reader.email if reader else None),
                   tier=TierRef(id=sub.tier_id, name=tier.name if tier else None))

    def facts(self) -> SubscriptionFacts:
        return SubscriptionFacts(tier_id=self.tier_id, status=self.status,
                                 is_trialing=self.is_trialing,
                                 current_period_end=self.current_period_end,
                                 grace_ends_at=self.grace_ends_at,
                                 trial_ends_at=self.trial_ends_at, is_gift=self.is_gift)


@dataclass(frozen=True)
class SubscriberFilter:
    """Which subscriptions of a site a list holds; never checkouts not yet paid (no status).

    ``live_at``: only those the access rule calls live at that instant (``is_live``);
    ``search``: part of the reader's username, email or display name, case-insensitive;
    ``created_from`` inclusive, ``created_to`` exclusive."""

    site_id: str
    statuses: tuple[SubscriptionStatus, ...] = ()
    tier_id: str | None = None
    billing_cycle: BillingCycle | None = None
    live_at: datetime | None = None
    is_trialing: bool | None = None
    is_gift: bool | None = None
    search: str | None = None
    created_from: datetime | None = None
    created_to: datetime | None = None


class SubscriberQueries(abc.ABC):
    @abc.abstractmethod
    def subscribers(self, where: SubscriberFilter, *, sort: str = "newest", offset: int = 0,
                    limit: int | None = None) -> tuple[list[Subscriber], int]:
        """A page of subscribers in ``SORTS[sort]`` order (then id), and the total matching:
        one statement each, whatever the page's length."""
