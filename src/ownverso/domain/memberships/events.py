"""What happened to a reader subscription: facts recorded by the entity, published later."""

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True, kw_only=True)
class SubscriptionEvent:
    subscription_id: str
    at: datetime


@dataclass(frozen=True, kw_only=True)
class SubscriptionStarted(SubscriptionEvent):
    tier_id: str
    is_trialing: bool
    period_end: datetime


@dataclass(frozen=True, kw_only=True)
class Renewed(SubscriptionEvent):
    paid_amount: int
    period_end: datetime


@dataclass(frozen=True, kw_only=True)
class Upgraded(SubscriptionEvent):
    from_tier_id: str
    to_tier_id: str
    charged: int


@dataclass(frozen=True, kw_only=True)
class DowngradeScheduled(SubscriptionEvent):
    to_tier_id: str
    effective_at: datetime


@dataclass(frozen=True, kw_only=True)
class DowngradeApplied(SubscriptionEvent):
    from_tier_id: str
    to_tier_id: str


@dataclass(frozen=True, kw_only=True)
class Cancelled(SubscriptionEvent):
    reason: str | None
    access_until: datetime


@dataclass(frozen=True, kw_only=True)
class Resumed(SubscriptionEvent):
    pass


@dataclass(frozen=True, kw_only=True)
class Paused(SubscriptionEvent):
    until: datetime


@dataclass(frozen=True, kw_only=True)
class Unpaused(SubscriptionEvent):
    period_end: datetime


@dataclass(frozen=True, kw_only=True)
class PaymentFailed(SubscriptionEvent):
    grace_ends_at: datetime


@dataclass(frozen=True, kw_only=True)
class Expired(SubscriptionEvent):
    reason: str  # CANCELLED, GRACE_ENDED or TRIAL_ENDED


@dataclass(frozen=True, kw_only=True)
class Extended(SubscriptionEvent):
    months: int
    period_end: datetime
