"""Subscribing: price the tier (with a discount code), hold a seat, open a checkout; and the
fulfiller that starts the subscription once the checkout is paid.

Capacity: while a checkout is open it holds a seat of a capped tier, counted under a row lock
on the tier, so concurrent sign-ups never pass ``max_subscribers``. One live subscription per
reader and site is held by the subscription's unique ``live_slot``.
"""

from collections.abc import Callable
from datetime import datetime

from ownverso.domain.checkout.session import CheckoutKind, CheckoutSession
from ownverso.domain.memberships.discount_values import Quote, TargetKind
from ownverso.domain.memberships.invoice import InvoiceKind
from ownverso.domain.memberships.subscription import Subscription
from ownverso.domain.memberships.tier import Tier
from ownverso.domain.memberships.values import BillingCycle
from ownverso.services.checkout.fulfilment import Fulfiller
from ownverso.services.checkout.sessions import CheckoutService, open_sessions_for
from ownverso.services.context import Actor
from ownverso.services.errors import Conflict, ValidationFailed
from ownverso.services.memberships.discount_redemptions import reserve_code
from ownverso.services.memberships.gateway_renewals import HAND_OVER_JOB, renewals_by_gateway
from ownverso.services.memberships.subscription_support import (
    check_reader,
    live_subscription,
    record_invoice,
    take_seat,
    tier_unavailable,
    visible_site,
)
from ownverso.services.memberships.tier_access import tier_not_found
from ownverso.services.ports import (
    Clock,
    IdGenerator,
    IntegrityConflict,
    JobQueue,
    UnitOfWork,
)
from ownverso.services.referrals.qualification import record_reader_revenue


def already_subscribed(subscription: Subscription) -> Conflict:
    return Conflict("You already subscribe to this site; change your tier instead.",
                    code="already_subscribed", fields={"subscription_id": [subscription.id]})


def subscribable_tier(uow: UnitOfWork, site_id: str, tier_id: str, *, lock: bool) -> Tier:
    tier = uow.tiers.get_by(id=tier_id, for_update=lock) if tier_id else None
    if tier is None or tier.site_id != site_id:
        raise tier_not_found()
    if not tier.is_active:
        raise tier_unavailable()
    return tier


def check_room(uow: UnitOfWork, tier: Tier, now: datetime) -> None:
    """Live subscribers plus seats held by open checkouts stay within the cap."""
    if tier.max_subscribers is None:
        return
    if tier.current_subscribers + open_sessions_for(uow, tier_id=tier.id, now=now) \
            >= tier.max_subscribers:
        raise Conflict("This tier is full.", code="tier_full", fields={"tier_id": ["Full."]})


def is_new_reader(uow: UnitOfWork, reader_id: str, site_id: str) -> bool:
    """Never subscribed to the site (a tier's trial is for them)."""
    return uow.reader_subscriptions.count(reader_id=reader_id, site_id=site_id,
                                          status__isnull=False) == 0


def apply_quote(session: CheckoutSession, quote: Quote, price: int, *, trial: int) -> None:
    """What a code does to the checkout. Free months and trial days make a trial (nothing
    due now); a price discount lowers this payment, or with a tier's trial the first one
    after it, and the next ``discount_months - 1`` (or all, for ever) at renewals."""
    grants = bool(quote.free_months or quote.extra_trial_days)
    pays_now = not (grants or trial)
    left = None if grants else quote.discount_months
    if pays_now and left is not None:
        left -= 1  # this payment is the first discounted period
    discounted_later = not grants and (left is None or left > 0)
    session.amount = quote.final_amount if pays_now else 0
    session.discount_amount = price - quote.final_amount if not grants else 0
    session.payload.update(
        recurring_price=quote.final_amount if discounted_later else price,
        discount_months=left if discounted_later else None,
        free_months=quote.free_months, trial_days=trial + quote.extra_trial_days)


class SubscribeService:
    def __init__(self, *, uow: Callable[[], UnitOfWork], clock: Clock, ids: IdGenerator,
                 checkout: CheckoutService):
        self.uow, self.clock, self.ids, self.checkout = uow, clock, ids, checkout

    def start(self, *, actor: Actor, site_id: str, tier_id: str,
              billing_cycle: BillingCycle = BillingCycle.MONTHLY,
              discount_code: str | None = None) -> CheckoutSession:
        """A checkout for the tier: COMPLETE at once when nothing is due now (a free tier, a
        code that covers it, free months or trial days), else OPEN with the gateway's URL.
        Asking again for the same thing answers the same open checkout."""
        billing_cycle = BillingCycle(billing_cycle)
        now = self.clock.now()
        self._close_other_checkouts(actor.user_id, site_id, tier_id, billing_cycle,
                                    discount_code)
        with self.uow() as uow:
            same = self._same_open(uow, actor.user_id, site_id, tier_id, billing_cycle,
                                   discount_code, now)
            if same is not None:
                return same
            session = self._open(uow, actor, site_id, tier_id, billing_cycle, discount_code,
                                 now)
            if session.amount == 0:
                self.checkout.settle_free(uow, session)
            try:
                uow.commit()
            except IntegrityConflict:
                raise Conflict("You already subscribe to this site.",
                               code="already_subscribed") from None
        return session if not session.is_open else self.checkout.collect(session.id)

    def _open(self, uow: UnitOfWork, actor: Actor, site_id: str, tier_id: str,
              cycle: BillingCycle, code: str | None, now: datetime) -> CheckoutSession:
        check_reader(uow, actor.user_id)
        site = visible_site(uow, site_id)
        if site.author_id == actor.user_id:
            raise ValidationFailed("Authors do not subscribe to their own site.",
                                   code="own_site", fields={"site_id": ["Your own site."]})
        existing = live_subscription(uow, actor.user_id, site.id)
        if existing is not None:
            raise already_subscribed(existing)
        tier = subscribable_tier(uow, site.id, tier_id, lock=True)
        if cycle not in tier.billing_cycles:
            raise ValidationFailed("This tier is not offered on that billing cycle.",
                                   code="cycle_not_offered",
                                   fields={"billing_cycle": [f"Not offered: {cycle}."]})
        check_room(uow, tier, now)
        price = 0 if tier.is_free else tier.price_for(cycle)
        session = CheckoutSession.open(
            now=now, id=self.ids.new_id("cs"), kind=CheckoutKind.SUBSCRIPTION,
            user_id=actor.user_id, site_id=site.id, tier_id=tier.id, amount=price,
            original_amount=price, currency=tier.currency,
            payload={"billing_cycle": cycle.value, "recurring_price": price,
                     "original_price": price, "discount_months": None, "free_months": 0,
                     "trial_days": 0, "tier_name": tier.name, "site_name": site.name,
                     "discount_code": code})
        trial = tier.trial_days if tier.trial_days and is_new_reader(
            uow, actor.user_id, site.id) else 0
        session.payload["trial_days"] = trial
        if code:
            if tier.is_free:
                raise ValidationFailed("A free tier takes no discount code.",
                                       code="not_applicable",
                                       fields={"discount_code": ["Not for a free tier."]})
            discount, quote, _ = reserve_code(
                uow, site_id=site.id, code=code, reader_id=actor.user_id,
                target_kind=TargetKind.TIER, target_id=tier.id, billing_cycle=cycle,
                amount=price, currency=tier.currency, now=now, checkout_id=session.id)
            session.discount_code_id = discount.id
            apply_quote(session, quote, price, trial=trial)
        elif trial:
            session.amount = 0
        uow.checkout_sessions.add(session)
        return session

    def _same_open(self, uow: UnitOfWork, user_id: str, site_id: str, tier_id: str,
                   cycle: BillingCycle, code: str | None, now: datetime
                   ) -> CheckoutSession | None:
        for session in uow.checkout_sessions.list(user_id=user_id, site_id=site_id,
                                                  kind=CheckoutKind.SUBSCRIPTION,
                                                  status="OPEN"):
            if (session.tier_id, session.payload.get("billing_cycle"),
                    session.payload.get("discount_code")) == (tier_id, cycle.value, code) \
                    and not session.is_stale(now):
                return session
        return None

    def _close_other_checkouts(self, user_id: str, site_id: str, tier_id: str,
                               cycle: BillingCycle, code: str | None) -> None:
        """A new choice replaces the reader's other open checkouts for the site: each is
        closed at the gateway first (one paid meanwhile is fulfilled instead)."""
        with self.uow() as uow:
            others = [s for s in uow.checkout_sessions.list(
                user_id=user_id, site_id=site_id, kind=CheckoutKind.SUBSCRIPTION,
                status="OPEN")
                if (s.tier_id, s.payload.get("billing_cycle"), s.payload.get("discount_code"))
                != (tier_id, cycle.value, code)]
        for session in others:
            if session.gateway_checkout_id:
                self.checkout.expire_at_gateway(session)
                self.checkout.confirm(session.gateway_checkout_id)
            else:
                self.checkout.close(session.id)


class SubscriptionFulfiller(Fulfiller):
    """A paid (or free) subscription checkout becomes an ACTIVE subscription; when the author
    has the gateway bill renewals, a job hands them over once this commits."""

    kind = CheckoutKind.SUBSCRIPTION

    def __init__(self, *, ids: IdGenerator, jobs: JobQueue):
        self.ids, self.jobs = ids, jobs

    def describe(self, session: CheckoutSession) -> str:
        payload = session.payload
        return (f"{payload.get('tier_name')} ({payload.get('billing_cycle', '').lower()}) "
                f"on {payload.get('site_name')}")

    def fulfil(self, uow: UnitOfWork, session: CheckoutSession, now: datetime) -> str:
        assert session.site_id is not None and session.tier_id is not None
        existing = live_subscription(uow, session.user_id, session.site_id)
        if existing is not None:
            raise already_subscribed(existing)
        tier = uow.tiers.get_by(id=session.tier_id, for_update=True)
        if tier is None:
            raise tier_not_found()
        payload = session.payload
        sub = Subscription(
            id=self.ids.new_id("sub"), reader_id=session.user_id, site_id=session.site_id,
            tier_id=tier.id, billing_cycle=BillingCycle(payload["billing_cycle"]),
            price_at_purchase=payload["recurring_price"],
            original_price=payload["original_price"], currency=session.currency,
            gateway=session.gateway or "none", discount_code_id=session.discount_code_id,
            discount_months_remaining=payload.get("discount_months")
            if session.discount_code_id else None)
        sub.start(now=now, trial_days=payload.get("trial_days", 0),
                  free_months=payload.get("free_months", 0))
        take_seat(tier)
        uow.reader_subscriptions.add(sub)
        if session.amount > 0:
            record_invoice(uow, self.ids, sub, kind=InvoiceKind.INITIAL, amount=session.amount,
                           now=now, reference=session.gateway_checkout_id)
            if renewals_by_gateway(uow, sub.site_id):
                uow.after_commit(lambda: self.jobs.enqueue(HAND_OVER_JOB,
                                                           subscription_id=sub.id))
            site = uow.sites.get(session.site_id)
            if site is not None:
                record_reader_revenue(uow, author_id=site.author_id, now=now,
                                      event="reader_subscription")
        return sub.id
