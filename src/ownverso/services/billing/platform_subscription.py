"""An author's subscription to Ownverso: see it with the plans on offer, change plan, cancel,
read its history (the rules are in ``ownverso.domain.billing.platform_subscription``).

Upgrades take effect at once and charge the difference off-session through the platform's
own gateway (not the author's); a declined charge changes nothing but leaves a FAILED
invoice (402 ``payment_declined``). Downgrades and cancels wait for the period end, where
the renewal job (``platform_subscription_billing``) applies them. A FREE author has no card
saved with the platform, so a paid plan starts with a hosted checkout: GET
/billing/subscription re-reads it from the gateway and starts the plan once it is paid.
The user's ``platform_tier`` follows every change in the same transaction, so the plan's
limits (``tier_limits``) follow at once.
"""

from dataclasses import dataclass, replace
from datetime import datetime

from ownverso.domain.accounts.tiers import PlatformTier
from ownverso.domain.billing.platform_subscription import (
    CURRENCY,
    MONTHLY_PRICES,
    HistoryKind,
    InvoiceKind,
    PlanCycle,
    PlatformSubscription,
    PlatformSubscriptionEvent,
    PlatformSubscriptionInvoice,
    PlatformSubscriptionStatus,
    SubscriptionInvoiceStatus,
    price,
)
from ownverso.domain.errors import InvalidTransition, RuleViolation
from ownverso.services.billing.platform_subscription_support import (
    PlatformBillingBase,
    plan_name,
)
from ownverso.services.context import Actor
from ownverso.services.errors import Conflict, PaymentRequired, ValidationFailed
from ownverso.services.ports import Clock, IdGenerator, UnitOfWork
from ownverso.services.ports.payments import PaymentGateway
from ownverso.services.referrals.qualification import referee_discount_percent

PAID_TIERS = [t for t in PlatformTier if t != PlatformTier.FREE]


@dataclass(frozen=True)
class Plan:
    tier: str
    cycle: str
    price: int
    currency: str
    monthly_price: int  # the tier's monthly price, to compare cycles


@dataclass(frozen=True)
class PendingChange:
    tier: str
    cycle: str
    price: int
    effective_at: datetime | None


@dataclass(frozen=True)
class PendingCheckout:
    invoice_id: str
    tier: str
    cycle: str
    amount: int
    checkout_url: str | None


@dataclass(frozen=True)
class SubscriptionView:
    subscription: PlatformSubscription
    cancel_at_period_end: bool
    pending_change: PendingChange | None
    pending_checkout: PendingCheckout | None
    reward_months_available: int
    available_plans: list[Plan]


@dataclass(frozen=True)
class ChangeResult:
    outcome: str  # upgraded, downgrade_scheduled, change_cancelled, checkout_required
    subscription: SubscriptionView
    invoice: PlatformSubscriptionInvoice | None
    checkout_url: str | None


def available_plans() -> list[Plan]:
    return [Plan(tier=t.value, cycle=c.value, price=price(t, c), currency=CURRENCY,
                 monthly_price=MONTHLY_PRICES[t]) for t in PAID_TIERS for c in PlanCycle]


def _conflict(error: InvalidTransition) -> Conflict:
    return Conflict(error.message, code=error.code, fields=error.fields)


class PlatformSubscriptionService(PlatformBillingBase):
    def __init__(self, *, uow, clock: Clock, ids: IdGenerator, payments: PaymentGateway,
                 public_url: str):
        super().__init__(uow=uow, clock=clock, ids=ids, payments=payments)
        self.public_url = public_url.rstrip("/")

    # -- reading --------------------------------------------------------------------------------
    def get(self, *, actor: Actor) -> SubscriptionView:
        """My subscription, a paid checkout settled first."""
        sub_id = self._ensure(actor.user_id)
        self.settle_checkouts(actor.user_id)
        with self.uow() as uow:
            sub = uow.platform_subscriptions.get(sub_id)
            assert sub is not None
            return self._view(uow, sub)

    def history(self, *, actor: Actor, offset: int = 0, limit: int | None = None
                ) -> tuple[list[PlatformSubscriptionEvent], int]:
        """My subscription's events, newest first."""
        with self.uow() as uow:
            rows = uow.platform_subscription_events.list(
                user_id=actor.user_id, order_by=("-at", "-id"), offset=offset, limit=limit)
            return rows, uow.platform_subscription_events.count(user_id=actor.user_id)

    def _view(self, uow: UnitOfWork, sub: PlatformSubscription) -> SubscriptionView:
        pending = None
        if sub.pending_tier is not None and sub.pending_cycle is not None:
            pending = PendingChange(tier=sub.pending_tier.value, cycle=sub.pending_cycle.value,
                                    price=price(sub.pending_tier, sub.pending_cycle),
                                    effective_at=sub.current_period_end)
        elif sub.status == PlatformSubscriptionStatus.CANCELLED:
            pending = PendingChange(tier=PlatformTier.FREE.value,
                                    cycle=PlanCycle.MONTHLY.value, price=0,
                                    effective_at=sub.current_period_end)
        checkout = uow.platform_subscription_invoices.get_by(
            subscription_id=sub.id, kind=InvoiceKind.CHECKOUT.value,
            status=SubscriptionInvoiceStatus.OPEN.value)
        account = uow.referral_accounts.get_by(user_id=sub.user_id)
        return SubscriptionView(
            subscription=sub,
            cancel_at_period_end=sub.status == PlatformSubscriptionStatus.CANCELLED,
            pending_change=pending,
            pending_checkout=PendingCheckout(
                invoice_id=checkout.id, tier=checkout.tier.value, cycle=checkout.cycle.value,
                amount=checkout.total, checkout_url=checkout.checkout_url) if checkout else None,
            reward_months_available=account.reward_months if account else 0,
            available_plans=available_plans())

    # -- changing -------------------------------------------------------------------------------
    def change(self, *, actor: Actor, tier: PlatformTier, cycle: PlanCycle) -> ChangeResult:
        """Upgrade now (charged), downgrade at period end, or start a paid plan from FREE
        with a checkout. The current plan again drops a pending change or resumes a
        cancelled subscription."""
        sub_id = self._ensure(actor.user_id)
        now = self.clock.now()
        self._ensure_counter(now.year)
        with self.uow() as uow:
            sub = uow.platform_subscriptions.get_by(id=sub_id, for_update=True)
            assert sub is not None
            if not sub.is_paid:
                if tier == PlatformTier.FREE:
                    raise Conflict("You are on the FREE plan already.", code="already_on_plan")
                return self._checkout(uow, sub, tier, cycle, now)
            try:
                quote = sub.quote(tier, cycle, now)
            except InvalidTransition as error:
                raise _conflict(error) from error
            except RuleViolation as error:
                raise ValidationFailed(error.message, code=error.code,
                                       fields=error.fields) from error
            if ((tier, cycle) == sub.plan and sub.pending_tier is None
                    and sub.status == PlatformSubscriptionStatus.ACTIVE):
                raise Conflict("You are on that plan already.", code="already_on_plan")
            if not quote.upgrade:
                had_pending = sub.pending_tier is not None
                sub.schedule_change(tier, cycle, now)
                outcome = "change_cancelled" if (tier, cycle) == sub.plan and had_pending \
                    else "resumed" if (tier, cycle) == sub.plan else "downgrade_scheduled"
                self._save_history(uow, sub)
                self._sync_user(uow, sub, now)
                view = self._view(uow, sub)
                uow.commit()
                return ChangeResult(outcome=outcome, subscription=view, invoice=None,
                                    checkout_url=None)
            invoice = self._charge_upgrade(uow, sub, tier, cycle, quote.amount, now) \
                if quote.amount > 0 else None
            sub.upgrade(tier, cycle, now)
            if invoice is not None:
                invoice.period_start = now
                invoice.period_end = sub.current_period_end
            self._save_history(uow, sub, amount=quote.amount,
                               invoice_id=invoice.id if invoice else None)
            self._sync_user(uow, sub, now)
            view = self._view(uow, sub)
            uow.commit()
            return ChangeResult(outcome="upgraded", subscription=view, invoice=invoice,
                                checkout_url=None)

    def _charge_upgrade(self, uow: UnitOfWork, sub: PlatformSubscription, tier: PlatformTier,
                        cycle: PlanCycle, amount: int, now: datetime
                        ) -> PlatformSubscriptionInvoice:
        """Charge the upgrade's difference; a decline keeps a FAILED invoice, commits it and
        answers 402 payment_declined with the subscription unchanged."""
        invoice = self._new_invoice(
            uow, sub, kind=InvoiceKind.UPGRADE, key=None, tier=tier, cycle=cycle,
            period_start=now, period_end=sub.current_period_end, now=now,
            lines=[{"description": f"Upgrade to {plan_name(tier, cycle)}, prorated",
                    "amount": amount}])
        invoice.attempts = 1
        charge = self.payments.charge(
            customer_ref=sub.user_id, amount=amount, currency=sub.currency,
            description=f"Upgrade to {plan_name(tier, cycle)}",
            metadata={"platform_subscription_id": sub.id, "invoice_id": invoice.id},
            idempotency_key=invoice.key)
        if not charge.succeeded:
            code = charge.failure_code or "declined"
            invoice.failed(now=now, charge_id=charge.id, code=code)
            uow.platform_subscription_events.add(PlatformSubscriptionEvent(
                id=self.ids.new_id("psev"), subscription_id=sub.id, user_id=sub.user_id,
                kind=HistoryKind.PAYMENT_FAILED, at=now, from_tier=sub.tier.value,
                to_tier=tier.value, from_cycle=sub.cycle.value, to_cycle=cycle.value,
                amount=amount, invoice_id=invoice.id, note=f"upgrade declined: {code}"))
            uow.commit()
            raise PaymentRequired("The card on file was declined; nothing was changed.",
                                  code="payment_declined")
        invoice.paid(now=now, charge_id=charge.id)
        return invoice

    def _checkout(self, uow: UnitOfWork, sub: PlatformSubscription, tier: PlatformTier,
                  cycle: PlanCycle, now: datetime) -> ChangeResult:
        """A hosted checkout for the first paid period (less a referee's first-month
        discount); the plan starts when it is paid."""
        self._close_other_checkouts(uow, sub, now)
        if sub.is_paid:  # an earlier checkout turned out paid
            self._save_history(uow, sub)
            uow.commit()
            raise Conflict("An earlier checkout was paid: you are subscribed.",
                           code="already_subscribed")
        full = price(tier, cycle)
        percent = referee_discount_percent(uow, user_id=sub.user_id)
        discount = (2 * MONTHLY_PRICES[tier] * percent + 100) // 200
        lines = [{"description": plan_name(tier, cycle), "amount": full}]
        if discount:
            lines.append({"description": f"Referral: {percent}% off the first month",
                          "amount": -discount})
        invoice = self._new_invoice(uow, sub, kind=InvoiceKind.CHECKOUT, key=None, tier=tier,
                                    cycle=cycle, period_start=now, period_end=None,
                                    lines=lines, now=now)
        checkout = self.payments.create_checkout(
            amount=invoice.total, currency=sub.currency, description=plan_name(tier, cycle),
            metadata={"customer_ref": sub.user_id, "platform_subscription_id": sub.id,
                      "platform_invoice_id": invoice.id},
            success_url=f"{self.public_url}/billing/subscription?invoice={invoice.id}",
            cancel_url=f"{self.public_url}/billing/subscription",
            idempotency_key=invoice.key)
        invoice.gateway_checkout_id, invoice.checkout_url = checkout.id, checkout.url
        view = self._view(uow, sub)
        uow.commit()
        return ChangeResult(outcome="checkout_required", invoice=invoice,
                            checkout_url=checkout.url,
                            subscription=replace(view, pending_checkout=PendingCheckout(
                                invoice_id=invoice.id, tier=tier.value, cycle=cycle.value,
                                amount=invoice.total, checkout_url=checkout.url)))

    def cancel(self, *, actor: Actor) -> SubscriptionView:
        """No renewal: the plan stays until the period ends, then FREE."""
        sub_id = self._ensure(actor.user_id)
        now = self.clock.now()
        with self.uow() as uow:
            sub = uow.platform_subscriptions.get_by(id=sub_id, for_update=True)
            assert sub is not None
            try:
                sub.cancel(now)
            except InvalidTransition as error:
                raise _conflict(error) from error
            self._save_history(uow, sub)
            self._sync_user(uow, sub, now)
            view = self._view(uow, sub)
            uow.commit()
            return view
