"""A site's subscriber numbers and churn, computed from its subscriptions (pure functions).

The service loads the site's started subscriptions once (one query) and the period's paid
invoices once, and hands them here: simpler than SQL aggregates and exactly the access rule's
idea of "live". A site with a very large audience may want SQL aggregates; a benchmark will
tell.

Definitions (every money amount in the smallest currency unit, never summed across currencies):

- live: ``Subscription.is_live(now)``, the access rule's answer (trials and cancelled
  subscriptions before their period ends included; paused and expired ones not).
- subscribed at ``t`` (history, for churn): started by ``t`` (``created_at <= t``) and not ended
  by ``t``; a subscription ends when it EXPIRES, at ``expires_at`` (the moment access ended,
  whenever the expiry job ran). Pauses leave no history: a paused one counts as subscribed.
- new in ``[start, end)``: ``created_at`` in it; churned in ``[start, end)``: EXPIRED with
  ``expires_at`` in it, whatever the reason (cancelled, grace ended, trial ended unpaid, gift
  ended).
- churn rate: churned / subscribed at ``start``, in basis points (1 = 0.01 %), rounded half up;
  ``None`` when nobody was subscribed at ``start``. New subscribers who churn within the same
  period count as churned, so the rate can pass 10000.
- MRR: over live, paid subscriptions (gifts and trials count 0): ``price_at_purchase`` for a
  MONTHLY cycle, ``price_at_purchase // 12`` for ANNUAL (rounded down per subscription, so the
  per-tier amounts add up to the per-currency ones).
"""

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime

from ownverso.domain.access.inputs import SubscriptionStatus
from ownverso.domain.memberships.invoice import InvoiceStatus, SubscriptionInvoice
from ownverso.domain.memberships.subscription import Subscription
from ownverso.domain.memberships.values import BillingCycle

S = SubscriptionStatus
FEEDBACK_LIMIT = 20


# -- the rules, one subscription at a time ---------------------------------------------------
def started(sub: Subscription) -> bool:
    """Past checkout: a subscription not yet paid (no status) is nobody's subscriber."""
    return sub.status is not None and sub.created_at is not None


def ended_at(sub: Subscription) -> datetime | None:
    return sub.expires_at if sub.status == S.EXPIRED else None


def subscribed_at(sub: Subscription, moment: datetime) -> bool:
    if not started(sub) or sub.created_at > moment:  # type: ignore[operator]
        return False
    end = ended_at(sub)
    return end is None or end > moment


def is_new(sub: Subscription, start: datetime, end: datetime) -> bool:
    return started(sub) and start <= sub.created_at < end  # type: ignore[operator]


def churned(sub: Subscription, start: datetime, end: datetime) -> bool:
    moment = ended_at(sub)
    return moment is not None and start <= moment < end


def monthly_value(sub: Subscription) -> int:
    """What the subscription brings per month (0 for gifts and trials)."""
    if sub.is_gift or sub.is_trialing:
        return 0
    if sub.billing_cycle == BillingCycle.ANNUAL:
        return sub.price_at_purchase // 12
    return sub.price_at_purchase


def recurring_revenue(subscriptions: Iterable[Subscription], now: datetime) -> Counter:
    """MRR per currency: the monthly value of the live subscriptions (gifts and trials add
    nothing)."""
    mrr: Counter = Counter()
    for sub in subscriptions:
        value = monthly_value(sub) if sub.is_live(now) else 0
        if value:
            mrr[sub.currency] += value
    return mrr


def churn_rate_bp(churned_count: int, base: int) -> int | None:
    """``churned_count / base`` in basis points, rounded half up; None when ``base`` is 0."""
    if base <= 0:
        return None
    return (churned_count * 20000 + base) // (2 * base)


# -- stats -------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Money:
    currency: str
    amount: int


@dataclass(frozen=True)
class TierMrr:
    tier_id: str
    tier_name: str | None
    currency: str
    amount: int
    subscribers: int  # the live, paying subscriptions counted


@dataclass(frozen=True)
class Revenue:
    currency: str
    amount: int
    invoices: int


@dataclass(frozen=True)
class SubscriberStats:
    period_start: datetime
    period_end: datetime
    active: int  # live now
    trialing: int  # live, in a trial
    gifted: int  # live, on gifted months
    past_due: int  # live, a renewal failed (in its grace)
    cancelling: int  # live, cancelled: access until the period ends
    paused: int
    new: int
    churned: int
    subscribed_at_start: int
    churn_rate_bp: int | None
    mrr: list[Money]
    mrr_by_tier: list[TierMrr]
    revenue: list[Revenue]  # PAID invoices created in the period


def subscriber_stats(subscriptions: Iterable[Subscription],
                     invoices: Iterable[SubscriptionInvoice], *, now: datetime,
                     start: datetime, end: datetime,
                     tier_names: Mapping[str, str] | None = None) -> SubscriberStats:
    subs = [s for s in subscriptions if started(s)]
    names = tier_names or {}
    live = [s for s in subs if s.is_live(now)]
    mrr: Counter = Counter()
    by_tier: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    for sub in live:
        if sub.is_gift or sub.is_trialing:
            continue
        value = monthly_value(sub)
        mrr[sub.currency] += value
        bucket = by_tier[(sub.tier_id, sub.currency)]
        bucket[0] += value
        bucket[1] += 1
    revenue: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for invoice in invoices:
        if invoice.status == InvoiceStatus.PAID and invoice.created_at is not None \
                and start <= invoice.created_at < end:
            revenue[invoice.currency][0] += invoice.amount
            revenue[invoice.currency][1] += 1
    base = sum(1 for s in subs if subscribed_at(s, start))
    lost = sum(1 for s in subs if churned(s, start, end))
    return SubscriberStats(
        period_start=start, period_end=end, active=len(live),
        trialing=sum(1 for s in live if s.is_trialing),
        gifted=sum(1 for s in live if s.is_gift),
        past_due=sum(1 for s in live if s.status == S.PAST_DUE),
        cancelling=sum(1 for s in live if s.status == S.CANCELLED),
        paused=sum(1 for s in subs if s.status == S.PAUSED),
        new=sum(1 for s in subs if is_new(s, start, end)), churned=lost,
        subscribed_at_start=base, churn_rate_bp=churn_rate_bp(lost, base),
        mrr=[Money(currency=c, amount=a) for c, a in sorted(mrr.items())],
        mrr_by_tier=sorted(
            (TierMrr(tier_id=t, tier_name=names.get(t), currency=c, amount=a, subscribers=n)
             for (t, c), (a, n) in by_tier.items()),
            key=lambda m: (m.currency, -m.amount, m.tier_name or "", m.tier_id)),
        revenue=[Revenue(currency=c, amount=a, invoices=n)
                 for c, (a, n) in sorted(revenue.items())])


# -- churn analysis ----------------------------------------------------------------------------
@dataclass(frozen=True)
class ChurnMonth:
    month: str  # "2026-03"
    start: datetime
    end: datetime  # the next month's first instant (the current month: so far)
    subscribed_at_start: int
    new: int
    churned: int
    churn_rate_bp: int | None


@dataclass(frozen=True)
class TierChurn:
    tier_id: str
    tier_name: str | None
    subscribed_at_start: int  # at the window's start
    churned: int  # over the window
    churn_rate_bp: int | None


@dataclass(frozen=True)
class ReasonCount:
    reason: str | None  # None: no reason given
    count: int


@dataclass(frozen=True)
class CancelFeedback:
    """What a reader wrote when cancelling (no reader identity)."""

    feedback: str
    reason: str | None
    tier_id: str
    tier_name: str | None
    cancelled_at: datetime


@dataclass(frozen=True)
class ChurnAnalysis:
    window_start: datetime
    window_end: datetime
    months: list[ChurnMonth]
    by_tier: list[TierChurn]
    cancel_reasons: list[ReasonCount]  # cancellations in the window that still stand
    recent_feedback: list[CancelFeedback]  # newest first


def month_windows(now: datetime, months: int) -> list[tuple[datetime, datetime]]:
    """The last ``months`` calendar months (UTC), the current one included, oldest first."""
    now = now.astimezone(UTC)
    year, month = now.year, now.month
    windows = []
    for _ in range(months):
        start = datetime(year, month, 1, tzinfo=UTC)
        end = datetime(year + month // 12, month % 12 + 1, 1, tzinfo=UTC)
        windows.append((start, end))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return windows[::-1]


def _reason(text: str | None) -> str | None:
    return (text or "").strip() or None


def churn_analysis(subscriptions: Iterable[Subscription], *, now: datetime, months: int = 6,
                   tier_names: Mapping[str, str] | None = None,
                   feedback_limit: int = FEEDBACK_LIMIT) -> ChurnAnalysis:
    """Month by month over the last ``months`` calendar months, then by tier, the reasons
    given and the latest feedback over the whole window. A cancellation later undone
    (resumed) leaves no reason behind."""
    subs = [s for s in subscriptions if started(s)]
    names = tier_names or {}
    windows = month_windows(now, months)
    window_start, window_end = windows[0][0], windows[-1][1]
    rows = []
    for start, end in windows:
        base = sum(1 for s in subs if subscribed_at(s, start))
        lost = sum(1 for s in subs if churned(s, start, end))
        rows.append(ChurnMonth(month=f"{start.year:04d}-{start.month:02d}", start=start, end=end,
                               subscribed_at_start=base,
                               new=sum(1 for s in subs if is_new(s, start, end)), churned=lost,
                               churn_rate_bp=churn_rate_bp(lost, base)))
    tiers: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for sub in subs:
        if subscribed_at(sub, window_start):
            tiers[sub.tier_id][0] += 1
        if churned(sub, window_start, window_end):
            tiers[sub.tier_id][1] += 1
    by_tier = sorted((TierChurn(tier_id=t, tier_name=names.get(t), subscribed_at_start=b,
                                churned=c, churn_rate_bp=churn_rate_bp(c, b))
                      for t, (b, c) in tiers.items()),
                     key=lambda t: (-t.churned, t.tier_name or "", t.tier_id))
    cancelled = [s for s in subs if s.cancelled_at is not None
                 and window_start <= s.cancelled_at < window_end]
    reasons = Counter(_reason(s.cancel_reason) for s in cancelled)
    feedback = sorted((s for s in cancelled if _reason(s.cancel_feedback)),
                      key=lambda s: (s.cancelled_at, s.id), reverse=True)[:feedback_limit]
    return ChurnAnalysis(
        window_start=window_start, window_end=window_end, months=rows, by_tier=by_tier,
        cancel_reasons=[ReasonCount(reason=r, count=n) for r, n in sorted(
            reasons.items(), key=lambda i: (-i[1], i[0] is None, i[0] or ""))],
        recent_feedback=[CancelFeedback(
            feedback=(s.cancel_feedback or "").strip(), reason=_reason(s.cancel_reason),
            tier_id=s.tier_id, tier_name=names.get(s.tier_id),
            cancelled_at=s.cancelled_at) for s in feedback])  # type: ignore[arg-type]
