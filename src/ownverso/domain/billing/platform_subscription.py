"""An author's subscription to Ownverso itself (their platform tier): prices, the state
machine, its event log and its invoices.

Prices (INR, smallest unit; the seeds give none, so they are ours): a month of STARTER costs
499_00, GROWTH 1499_00, PROFESSIONAL 3999_00, ENTERPRISE 9999_00; a year costs 10 months
(two free) and LIFETIME is paid once at 30 months. FREE costs nothing.

    FREE --checkout paid--> paid tier, ACTIVE, period [now, now + cycle)
    ACTIVE --upgrade (higher tier, or a longer cycle)--> ACTIVE  now; the difference charged
    ACTIVE --downgrade (lower tier or shorter cycle)--> ACTIVE with a pending change, applied
        at period end (changing back to the current plan drops it)
    ACTIVE --cancel--> CANCELLED: the plan stays until period end, then FREE
    CANCELLED --change again--> ACTIVE (resumed)
    ACTIVE --renew at period end--> ACTIVE (next period; a pending change applied)
    ACTIVE --renewal declined--> PAST_DUE --paid within grace--> ACTIVE
    PAST_DUE past grace --expire--> FREE
A change is an upgrade when neither the tier gets lower nor the cycle shorter; any other
change waits for the period end. Upgrading within the same cycle keeps the period and costs
``prorate(old, new)`` of what is left of it; a longer cycle starts a new period now and
costs the new price less the unused part of the old one. A LIFETIME plan has no period: it
only moves up to a higher LIFETIME tier and cannot be cancelled.
TRIAL and SUSPENDED are the seed's other statuses; nothing sets them yet.
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum

from ownverso.domain.accounts.tiers import PlatformTier
from ownverso.domain.entity import Entity
from ownverso.domain.errors import InvalidTransition, RuleViolation
from ownverso.domain.memberships.proration import add_months, prorate, remaining_fraction

T = PlatformTier
CURRENCY = "INR"
MONTHLY_PRICES = {T.FREE: 0, T.STARTER: 499_00, T.GROWTH: 1499_00,
                  T.PROFESSIONAL: 3999_00, T.ENTERPRISE: 9999_00}
TIER_RANK = {tier: rank for rank, tier in enumerate(MONTHLY_PRICES)}
GRACE_DAYS = 3
NUMBER_PREFIX = "OVS"


class PlanCycle(StrEnum):
    MONTHLY = "MONTHLY"
    ANNUAL = "ANNUAL"
    LIFETIME = "LIFETIME"

    @property
    def months(self) -> int | None:
        """Calendar months of one period; None: no period (paid once)."""
        return {"MONTHLY": 1, "ANNUAL": 12}.get(self.value)

    @property
    def price_months(self) -> int:
        """How many monthly prices one period costs."""
        return {"MONTHLY": 1, "ANNUAL": 10, "LIFETIME": 30}[self.value]

    @property
    def rank(self) -> int:
        return list(PlanCycle).index(self)


class PlatformSubscriptionStatus(StrEnum):
    ACTIVE = "ACTIVE"
    PAST_DUE = "PAST_DUE"
    CANCELLED = "CANCELLED"
    SUSPENDED = "SUSPENDED"
    TRIAL = "TRIAL"


class HistoryKind(StrEnum):
    CREATED = "created"
    UPGRADED = "upgraded"
    DOWNGRADE_SCHEDULED = "downgrade_scheduled"
    CHANGE_CANCELLED = "change_cancelled"
    DOWNGRADED = "downgraded"
    CANCELLED = "cancelled"
    RESUMED = "resumed"
    RENEWED = "renewed"
    PAYMENT_FAILED = "payment_failed"
    PAST_DUE = "past_due"
    RECOVERED = "recovered"
    EXPIRED = "expired"
    REWARD_APPLIED = "reward_applied"


def price(tier: PlatformTier, cycle: PlanCycle) -> int:
    """One period of ``tier`` on ``cycle``, in the smallest unit of ``CURRENCY``."""
    return MONTHLY_PRICES[tier] * cycle.price_months


def is_upgrade(old: tuple[PlatformTier, PlanCycle], new: tuple[PlatformTier, PlanCycle]
               ) -> bool:
    (old_tier, old_cycle), (new_tier, new_cycle) = old, new
    return (new != old and TIER_RANK[new_tier] >= TIER_RANK[old_tier]
            and new_cycle.rank >= old_cycle.rank)


def reward_discount(months: int, tier: PlatformTier, amount: int) -> tuple[int, int]:
    """What ``months`` free months of ``tier`` take off a renewal of ``amount``: (discount,
    months used). Each month is worth one monthly price; a month is used whole."""
    monthly = MONTHLY_PRICES[tier]
    if months <= 0 or monthly <= 0 or amount <= 0:
        return 0, 0
    used = min(months, -(-amount // monthly))
    return min(used * monthly, amount), used


@dataclass(frozen=True)
class HistoryEntry:
    """One line of the event log, recorded by a transition (the service stores it)."""

    kind: HistoryKind
    at: datetime
    from_tier: str | None = None
    to_tier: str | None = None
    from_cycle: str | None = None
    to_cycle: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class Quote:
    """What a change does: ``upgrade`` now for ``amount``, or waits for the period end."""

    upgrade: bool
    amount: int
    new_period: bool  # an upgrade to a longer cycle starts a new period now


def _refuse(action: str, why: str, code: str | None = None) -> InvalidTransition:
    return InvalidTransition(f"Cannot {action}: {why}.", code=code or f"cannot_{action}")


@dataclass(eq=False, kw_only=True)
class PlatformSubscription(Entity):
    user_id: str
    tier: PlatformTier = T.FREE
    cycle: PlanCycle = PlanCycle.MONTHLY
    status: PlatformSubscriptionStatus = PlatformSubscriptionStatus.ACTIVE
    price: int = 0  # what one period of the current plan costs
    currency: str = CURRENCY
    current_period_start: datetime | None = None
    current_period_end: datetime | None = None  # None: FREE or LIFETIME
    anchor_day: int | None = None
    pending_tier: PlatformTier | None = None
    pending_cycle: PlanCycle | None = None
    cancelled_at: datetime | None = None
    grace_ends_at: datetime | None = None
    created_at: datetime
    updated_at: datetime
    history: list[HistoryEntry] = field(default_factory=list)  # not stored: new entries

    @classmethod
    def new(cls, *, id: str, user_id: str, now: datetime) -> "PlatformSubscription":
        sub = cls(id=id, user_id=user_id, created_at=now, updated_at=now)
        sub._log(HistoryKind.CREATED, now, to_tier=T.FREE, to_cycle=sub.cycle)
        return sub

    # -- reading ------------------------------------------------------------------------------
    @property
    def plan(self) -> tuple[PlatformTier, PlanCycle]:
        return self.tier, self.cycle

    @property
    def is_paid(self) -> bool:
        return self.tier != T.FREE

    def renewal_due(self, now: datetime) -> bool:
        return (self.status in (PlatformSubscriptionStatus.ACTIVE,
                                PlatformSubscriptionStatus.CANCELLED)
                and self.current_period_end is not None and self.current_period_end <= now)

    def _log(self, kind: HistoryKind, now: datetime, *, from_tier: str | None = None,
             to_tier: str | None = None, from_cycle: str | None = None,
             to_cycle: str | None = None, note: str | None = None) -> None:
        self.history.append(HistoryEntry(kind=kind, at=now, from_tier=from_tier,
                                         to_tier=to_tier, from_cycle=from_cycle,
                                         to_cycle=to_cycle, note=note))
        self.updated_at = now

    def _start_period(self, now: datetime) -> None:
        months = self.cycle.months
        self.current_period_start, self.anchor_day = now, now.day
        self.current_period_end = add_months(now, months) if months else None

    # -- changing plan ------------------------------------------------------------------------
    def quote(self, tier: PlatformTier, cycle: PlanCycle, now: datetime) -> Quote:
        """What moving to ``tier`` on ``cycle`` does and costs now; refusals raise."""
        if self.status == PlatformSubscriptionStatus.PAST_DUE:
            raise _refuse("change", "pay the failed renewal first", "subscription_past_due")
        if tier == T.FREE and cycle != PlanCycle.MONTHLY:
            raise RuleViolation("FREE has no billing cycle.", code="invalid_plan",
                                fields={"cycle": ["FREE is MONTHLY."]})
        if not self.is_paid:
            return Quote(upgrade=True, amount=price(tier, cycle), new_period=True)
        if self.cycle == PlanCycle.LIFETIME and (tier, cycle) != self.plan and not (
                cycle == PlanCycle.LIFETIME and TIER_RANK[tier] > TIER_RANK[self.tier]):
            raise _refuse("change", "a LIFETIME plan only moves up to a higher LIFETIME tier",
                          "lifetime_plan")
        if not is_upgrade(self.plan, (tier, cycle)):
            return Quote(upgrade=False, amount=0, new_period=False)
        new_price = price(tier, cycle)
        if cycle == self.cycle and self.current_period_end is not None:
            assert self.current_period_start is not None
            return Quote(upgrade=True, new_period=False, amount=prorate(
                self.price, new_price, self.current_period_start, self.current_period_end,
                now))
        if self.current_period_end is None:  # LIFETIME up: the difference, once
            return Quote(upgrade=True, amount=max(new_price - self.price, 0), new_period=False)
        assert self.current_period_start is not None
        left, total = remaining_fraction(self.current_period_start, self.current_period_end,
                                         now)
        unused = (2 * self.price * left + total) // (2 * total)
        return Quote(upgrade=True, amount=max(new_price - unused, 0), new_period=True)

    def start_paid(self, tier: PlatformTier, cycle: PlanCycle, now: datetime) -> None:
        """A FREE author paid the checkout of ``tier`` on ``cycle``: it starts now."""
        if self.is_paid:
            raise _refuse("start", "already on a paid plan", "already_subscribed")
        self._log(HistoryKind.UPGRADED, now, from_tier=self.tier, to_tier=tier,
                  from_cycle=self.cycle, to_cycle=cycle)
        self.tier, self.cycle, self.price = tier, cycle, price(tier, cycle)
        self.status, self.cancelled_at, self.grace_ends_at = \
            PlatformSubscriptionStatus.ACTIVE, None, None
        self.pending_tier = self.pending_cycle = None
        self._start_period(now)

    def upgrade(self, tier: PlatformTier, cycle: PlanCycle, now: datetime) -> Quote:
        """Move up now (the caller charged ``quote.amount``); a pending change or a cancel
        is dropped."""
        quote = self.quote(tier, cycle, now)
        if not quote.upgrade or not self.is_paid:
            raise _refuse("upgrade", "that is not an upgrade of a paid plan", "not_an_upgrade")
        self._log(HistoryKind.UPGRADED, now, from_tier=self.tier, to_tier=tier,
                  from_cycle=self.cycle, to_cycle=cycle)
        self.tier, self.cycle, self.price = tier, cycle, price(tier, cycle)
        self.status, self.cancelled_at = PlatformSubscriptionStatus.ACTIVE, None
        self.pending_tier = self.pending_cycle = None
        if quote.new_period:
            self._start_period(now)
        return quote

    def schedule_change(self, tier: PlatformTier, cycle: PlanCycle, now: datetime) -> None:
        """Move down at period end; the current plan again drops a pending change (and
        resumes a cancelled subscription)."""
        quote = self.quote(tier, cycle, now)
        if quote.upgrade or not self.is_paid:
            raise _refuse("downgrade", "that is not a downgrade", "not_a_downgrade")
        if self.status == PlatformSubscriptionStatus.CANCELLED:
            self.status, self.cancelled_at = PlatformSubscriptionStatus.ACTIVE, None
            self._log(HistoryKind.RESUMED, now, to_tier=self.tier, to_cycle=self.cycle)
        if (tier, cycle) == self.plan:
            if self.pending_tier is not None:
                self._log(HistoryKind.CHANGE_CANCELLED, now, from_tier=self.pending_tier,
                          to_tier=self.tier, from_cycle=self.pending_cycle,
                          to_cycle=self.cycle)
            self.pending_tier = self.pending_cycle = None
            return
        self.pending_tier, self.pending_cycle = tier, cycle
        self._log(HistoryKind.DOWNGRADE_SCHEDULED, now, from_tier=self.tier, to_tier=tier,
                  from_cycle=self.cycle, to_cycle=cycle,
                  note=f"{self.current_period_end:%Y-%m-%d}" if self.current_period_end
                  else None)

    def cancel(self, now: datetime) -> None:
        """No renewal: the plan stays until the period ends, then FREE."""
        if not self.is_paid:
            raise _refuse("cancel", "the FREE plan has nothing to cancel", "nothing_to_cancel")
        if self.cycle == PlanCycle.LIFETIME:
            raise _refuse("cancel", "a LIFETIME plan is paid once", "lifetime_plan")
        if self.status != PlatformSubscriptionStatus.ACTIVE:
            raise _refuse("cancel", f"the subscription is {self.status.value}",
                          "subscription_not_active")
        self.status, self.cancelled_at = PlatformSubscriptionStatus.CANCELLED, now
        self.pending_tier = self.pending_cycle = None
        self._log(HistoryKind.CANCELLED, now, from_tier=self.tier, to_tier=T.FREE,
                  note=f"{self.current_period_end:%Y-%m-%d}" if self.current_period_end
                  else None)

    # -- the period end -----------------------------------------------------------------------
    def next_plan(self) -> tuple[PlatformTier, PlanCycle]:
        """The plan the next period is on: FREE after a cancel, else the pending change."""
        if self.status == PlatformSubscriptionStatus.CANCELLED:
            return T.FREE, PlanCycle.MONTHLY
        if self.pending_tier is not None and self.pending_cycle is not None:
            return self.pending_tier, self.pending_cycle
        return self.plan

    def renew(self, now: datetime, *, reward_months: int = 0) -> None:
        """The next period was paid (or is free): it starts where the last one ended, on
        ``next_plan``. Never for a move to FREE (``end``)."""
        if not self.renewal_due(now) and self.status != PlatformSubscriptionStatus.PAST_DUE:
            raise _refuse("renew", "the period has not ended", "renewal_not_due")
        tier, cycle = self.next_plan()
        if tier == T.FREE:
            raise _refuse("renew", "the next plan is FREE", "renewal_not_due")
        start = self.current_period_end
        assert start is not None and cycle.months is not None
        if (tier, cycle) != self.plan:
            self._log(HistoryKind.DOWNGRADED, now, from_tier=self.tier, to_tier=tier,
                      from_cycle=self.cycle, to_cycle=cycle)
        if self.status == PlatformSubscriptionStatus.PAST_DUE:
            self._log(HistoryKind.RECOVERED, now, to_tier=tier, to_cycle=cycle)
        self.tier, self.cycle, self.price = tier, cycle, price(tier, cycle)
        self.status, self.grace_ends_at = PlatformSubscriptionStatus.ACTIVE, None
        self.pending_tier = self.pending_cycle = None
        self.current_period_start = start
        self.current_period_end = add_months(start, cycle.months, anchor_day=self.anchor_day)
        if reward_months:
            self._log(HistoryKind.REWARD_APPLIED, now, to_tier=tier, to_cycle=cycle,
                      note=f"{reward_months} free month(s)")
        self._log(HistoryKind.RENEWED, now, to_tier=tier, to_cycle=cycle,
                  note=f"{self.current_period_end:%Y-%m-%d}")

    def payment_failed(self, now: datetime, *, grace_days: int = GRACE_DAYS) -> None:
        """The renewal was declined: PAST_DUE with the plan kept for ``grace_days``."""
        if not self.renewal_due(now):
            raise _refuse("fail", "no renewal is due", "renewal_not_due")
        self.status = PlatformSubscriptionStatus.PAST_DUE
        self.grace_ends_at = now + timedelta(days=grace_days)
        self._log(HistoryKind.PAYMENT_FAILED, now, to_tier=self.tier, to_cycle=self.cycle)
        self._log(HistoryKind.PAST_DUE, now, note=f"{self.grace_ends_at:%Y-%m-%d}")

    def end(self, now: datetime) -> None:
        """Back to FREE: a cancel or a move to FREE at period end, or the grace ran out."""
        past_due = self.status == PlatformSubscriptionStatus.PAST_DUE
        if past_due and (self.grace_ends_at is None or self.grace_ends_at > now):
            raise _refuse("end", "the grace period has not ended", "grace_not_over")
        if not past_due and (not self.renewal_due(now) or self.next_plan()[0] != T.FREE):
            raise _refuse("end", "the plan has not ended", "plan_not_ended")
        kind = HistoryKind.EXPIRED if past_due or self.status == \
            PlatformSubscriptionStatus.CANCELLED else HistoryKind.DOWNGRADED
        self._log(kind, now, from_tier=self.tier, to_tier=T.FREE, from_cycle=self.cycle,
                  to_cycle=PlanCycle.MONTHLY)
        self.tier, self.cycle, self.price = T.FREE, PlanCycle.MONTHLY, 0
        self.status, self.grace_ends_at = PlatformSubscriptionStatus.ACTIVE, None
        self.pending_tier = self.pending_cycle = None
        self.current_period_start = self.current_period_end = self.anchor_day = None


# -- invoices -----------------------------------------------------------------------------------
class InvoiceKind(StrEnum):
    CHECKOUT = "CHECKOUT"  # the first payment of a paid plan, through a hosted checkout
    UPGRADE = "UPGRADE"  # the prorated difference of an upgrade, charged off-session
    RENEWAL = "RENEWAL"  # a period's renewal, charged off-session by the job


class SubscriptionInvoiceStatus(StrEnum):
    OPEN = "OPEN"  # awaiting payment (a checkout not paid yet)
    PAID = "PAID"
    FAILED = "FAILED"  # the charge was declined; a renewal's may be paid again
    VOID = "VOID"  # will never be paid (a checkout that expired, a renewal past grace)


@dataclass(eq=False, kw_only=True)
class SubscriptionInvoiceCounter(Entity):
    """The last subscription invoice number given out in a year."""

    year: int
    last_number: int = 0

    def take(self) -> str:
        self.last_number += 1
        return f"{NUMBER_PREFIX}-{self.year}-{self.last_number:06d}"


@dataclass(eq=False, kw_only=True)
class PlatformSubscriptionInvoice(Entity):
    """One charge or attempt of the platform subscription. ``key`` names the operation
    (and is the gateway charge's idempotency key), so an operation makes one invoice."""

    number: str
    key: str
    user_id: str
    subscription_id: str
    kind: InvoiceKind
    status: SubscriptionInvoiceStatus = SubscriptionInvoiceStatus.OPEN
    tier: PlatformTier
    cycle: PlanCycle
    currency: str = CURRENCY
    period_start: datetime
    period_end: datetime | None = None
    subtotal: int
    discount: int = 0
    total: int
    reward_months: int = 0  # referral months this invoice used
    lines: list = field(default_factory=list)  # [{"description", "amount"}]
    attempts: int = 0
    gateway: str | None = None
    gateway_charge_id: str | None = None
    gateway_checkout_id: str | None = None
    checkout_url: str | None = None
    failure_code: str | None = None
    issued_at: datetime
    paid_at: datetime | None = None
    created_at: datetime
    updated_at: datetime

    @property
    def payable(self) -> bool:
        """A checkout still open, or a renewal whose charge was declined."""
        return (self.status == SubscriptionInvoiceStatus.OPEN
                or (self.status == SubscriptionInvoiceStatus.FAILED
                    and self.kind == InvoiceKind.RENEWAL))

    def paid(self, *, now: datetime, charge_id: str | None) -> None:
        if self.status == SubscriptionInvoiceStatus.PAID:
            raise InvalidTransition("This invoice is already paid.",
                                    code="invoice_already_paid")
        self.status, self.paid_at, self.updated_at = SubscriptionInvoiceStatus.PAID, now, now
        self.gateway_charge_id, self.failure_code = charge_id or self.gateway_charge_id, None

    def failed(self, *, now: datetime, charge_id: str | None, code: str) -> None:
        self.status, self.updated_at = SubscriptionInvoiceStatus.FAILED, now
        self.gateway_charge_id, self.failure_code = charge_id, code

    def void(self, now: datetime) -> None:
        self.status, self.updated_at = SubscriptionInvoiceStatus.VOID, now


@dataclass(eq=False, kw_only=True)
class PlatformSubscriptionEvent(Entity):
    """A stored line of the subscription's history (append-only)."""

    subscription_id: str
    user_id: str
    kind: HistoryKind
    at: datetime
    from_tier: str | None = None
    to_tier: str | None = None
    from_cycle: str | None = None
    to_cycle: str | None = None
    amount: int | None = None  # what was charged with it, when anything was
    invoice_id: str | None = None
    note: str | None = None
