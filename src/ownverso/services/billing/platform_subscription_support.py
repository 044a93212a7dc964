"""What the platform subscription's services share: the subscription row (made on first
use), invoice numbers, the history log, the user's tier kept in step, and settling the hosted
checkout of a FREE author's first paid plan.

Lock order, everywhere: the subscription row first, then its invoices or the referral
account, the invoice counter last (nothing is locked after it); so concurrent use cases and
job runs take turns without deadlocks.
"""

import contextlib
import logging
from collections.abc import Callable
from datetime import datetime

from ownverso.domain.accounts.tiers import PlatformTier
from ownverso.domain.billing.platform_subscription import (
    InvoiceKind,
    PlanCycle,
    PlatformSubscription,
    PlatformSubscriptionEvent,
    PlatformSubscriptionInvoice,
    SubscriptionInvoiceCounter,
    SubscriptionInvoiceStatus,
    price,
)
from ownverso.domain.memberships.proration import add_months
from ownverso.services.billing.platform_invoices import ensure_year_counter
from ownverso.services.errors import NotFound
from ownverso.services.ports import Clock, IdGenerator, IntegrityConflict, UnitOfWork
from ownverso.services.ports.payments import PaymentGateway
from ownverso.services.referrals.qualification import record_platform_subscription

log = logging.getLogger("ownverso.billing")


def plan_name(tier: PlatformTier, cycle: PlanCycle) -> str:
    return f"Ownverso {tier.value.title()} ({cycle.value.lower()})"


class PlatformBillingBase:
    def __init__(self, *, uow: Callable[[], UnitOfWork], clock: Clock, ids: IdGenerator,
                 payments: PaymentGateway):
        self.uow, self.clock, self.ids, self.payments = uow, clock, ids, payments

    # -- the subscription row -------------------------------------------------------------------
    def _ensure(self, user_id: str) -> str:
        """The user's subscription id, made on first use: FREE, or, for a user whose tier was
        set before subscriptions existed, that tier monthly from now."""
        now = self.clock.now()
        with self.uow() as uow:
            found = uow.platform_subscriptions.get_by(user_id=user_id)
            if found is not None:
                return found.id
            user = uow.users.get(user_id)
            if user is None:
                raise NotFound("No such user.", code="user_not_found")
            sub = PlatformSubscription.new(id=self.ids.new_id("psub"), user_id=user_id,
                                           now=now)
            tier = PlatformTier(user.platform_tier)
            if tier != PlatformTier.FREE:
                sub.tier, sub.price = tier, price(tier, PlanCycle.MONTHLY)
                sub.current_period_start, sub.anchor_day = now, now.day
                sub.current_period_end = add_months(now, 1)
            uow.platform_subscriptions.add(sub)
            self._save_history(uow, sub)
            with contextlib.suppress(IntegrityConflict):  # a concurrent first use made it
                uow.commit()
        with self.uow() as uow:
            made = uow.platform_subscriptions.get_by(user_id=user_id)
            assert made is not None
            return made.id

    def _ensure_counter(self, year: int) -> None:
        ensure_year_counter(self.uow, "platform_subscription_invoice_counters",
                            SubscriptionInvoiceCounter(id=self.ids.new_id("psic"), year=year))

    # -- writing --------------------------------------------------------------------------------
    def _new_invoice(self, uow: UnitOfWork, sub: PlatformSubscription, *, kind: InvoiceKind,
                     key: str | None, tier: PlatformTier, cycle: PlanCycle,
                     period_start: datetime, period_end: datetime | None, lines: list[dict],
                     now: datetime, reward_months: int = 0) -> PlatformSubscriptionInvoice:
        """An OPEN invoice numbered from the year's counter (locked; ``_ensure_counter``
        first). ``key`` defaults to one naming the invoice itself."""
        counter = uow.platform_subscription_invoice_counters.get_by(year=now.year,
                                                                    for_update=True)
        assert counter is not None, "call _ensure_counter first"
        invoice_id = self.ids.new_id("psin")
        subtotal = sum(line["amount"] for line in lines if line["amount"] > 0)
        discount = -sum(line["amount"] for line in lines if line["amount"] < 0)
        invoice = PlatformSubscriptionInvoice(
            id=invoice_id, number=counter.take(),
            key=key or f"platform-{kind.value.lower()}:{sub.id}:{invoice_id}",
            user_id=sub.user_id, subscription_id=sub.id, kind=kind, tier=tier, cycle=cycle,
            currency=sub.currency, period_start=period_start, period_end=period_end,
            subtotal=subtotal, discount=discount, total=subtotal - discount,
            reward_months=reward_months, lines=lines, gateway=self.payments.name,
            issued_at=now, created_at=now, updated_at=now)
        uow.platform_subscription_invoices.add(invoice)
        return invoice

    def _save_history(self, uow: UnitOfWork, sub: PlatformSubscription, *,
                      amount: int | None = None, invoice_id: str | None = None) -> None:
        """Store the entries the subscription's transitions recorded (once each)."""
        for entry in sub.history:
            uow.platform_subscription_events.add(PlatformSubscriptionEvent(
                id=self.ids.new_id("psev"), subscription_id=sub.id, user_id=sub.user_id,
                kind=entry.kind, at=entry.at, from_tier=entry.from_tier,
                to_tier=entry.to_tier, from_cycle=entry.from_cycle, to_cycle=entry.to_cycle,
                amount=amount, invoice_id=invoice_id, note=entry.note))
        sub.history.clear()

    @staticmethod
    def _sync_user(uow: UnitOfWork, sub: PlatformSubscription, now: datetime) -> None:
        """The user's tier follows the subscription at once, so the plan's limits do."""
        user = uow.users.get(sub.user_id)
        if user is None:
            return
        if user.platform_tier != sub.tier.value:
            user.platform_tier, user.platform_tier_started_at = sub.tier.value, now
        user.platform_tier_status = sub.status.value
        user.platform_tier_expires_at = sub.current_period_end
        user.updated_at = now

    # -- the first paid plan's checkout -------------------------------------------------------
    def settle_checkouts(self, user_id: str) -> None:
        """Bring the user's OPEN checkout invoices in line with the gateway's checkouts:
        paid -> the plan starts (once); expired or unknown -> VOID; open -> unchanged."""
        with self.uow() as uow:
            open_ids = [i.id for i in uow.platform_subscription_invoices.list(
                user_id=user_id, kind=InvoiceKind.CHECKOUT.value,
                status=SubscriptionInvoiceStatus.OPEN.value)]
        for invoice_id in open_ids:
            self._settle(invoice_id)

    def settle_gateway_checkout(self, gateway_checkout_id: str) -> bool:
        """The platform account's webhook about a checkout: settled here when it pays for a
        platform plan (False: it is not one of these checkouts)."""
        with self.uow() as uow:
            invoice = uow.platform_subscription_invoices.get_by(
                gateway_checkout_id=gateway_checkout_id, kind=InvoiceKind.CHECKOUT.value)
        if invoice is None:
            return False
        self._settle(invoice.id)
        return True

    def _settle(self, invoice_id: str) -> None:
        now = self.clock.now()
        with self.uow() as uow:
            seen = uow.platform_subscription_invoices.get(invoice_id)
            if seen is None or seen.gateway_checkout_id is None:
                return
            sub = uow.platform_subscriptions.get_by(id=seen.subscription_id, for_update=True)
            invoice = uow.platform_subscription_invoices.get_by(id=invoice_id, for_update=True)
            if sub is None or invoice is None or invoice.status != SubscriptionInvoiceStatus.OPEN:
                return
            try:
                checkout = self.payments.get_checkout(invoice.gateway_checkout_id or "")
            except LookupError:
                invoice.failure_code = "checkout_unknown"
                invoice.void(now)
                uow.commit()
                return
            outcome = checkout.outcome(invoice.total, invoice.currency)
            if outcome == "open":
                return
            if outcome != "paid":
                invoice.failure_code = "checkout_expired" if outcome == "expired" else outcome
                invoice.void(now)
            elif sub.is_paid:  # a second checkout paid before the first was closed
                invoice.paid(now=now, charge_id=checkout.payment_ref)
                log.warning("platform checkout paid on a paid plan",
                            extra={"invoice": invoice.id, "subscription": sub.id})
            else:
                self._start_paid(uow, sub, invoice, checkout.payment_ref, now)
            uow.commit()

    def _start_paid(self, uow: UnitOfWork, sub: PlatformSubscription,
                    invoice: PlatformSubscriptionInvoice, payment_ref: str | None,
                    now: datetime) -> None:
        """A paid checkout's plan starts: the invoice PAID for its first period."""
        invoice.paid(now=now, charge_id=payment_ref)
        sub.start_paid(invoice.tier, invoice.cycle, now)
        invoice.period_start = sub.current_period_start or now
        invoice.period_end = sub.current_period_end
        record_platform_subscription(uow, user_id=sub.user_id, now=now)
        self._save_history(uow, sub, amount=invoice.total, invoice_id=invoice.id)
        self._sync_user(uow, sub, now)

    def _close_other_checkouts(self, uow: UnitOfWork, sub: PlatformSubscription,
                               now: datetime) -> None:
        """Before a new checkout, the open ones are closed at the gateway (one paid plan
        at a time); one paid meanwhile is settled instead."""
        for invoice in uow.platform_subscription_invoices.list(
                subscription_id=sub.id, kind=InvoiceKind.CHECKOUT.value,
                status=SubscriptionInvoiceStatus.OPEN.value, for_update=True):
            try:
                checkout = self.payments.expire_checkout(invoice.gateway_checkout_id or "")
            except LookupError:
                invoice.void(now)
                continue
            if not sub.is_paid and checkout.outcome(invoice.total, invoice.currency) == "paid":
                self._start_paid(uow, sub, invoice, checkout.payment_ref, now)
            else:
                invoice.failure_code = "checkout_replaced"
                invoice.void(now)

