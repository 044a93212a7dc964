"""The platform subscription's money: the periodic renewal job and the author's invoices
(list, one, PDF, paying a declined renewal again).

The job handles each due subscription in its own unit of work under its row lock and
decides again there, so repeated or concurrent runs renew a period once; the charge's
idempotency key (``platform-renewal:{subscription}:{period start}``) and the invoice's
unique key make a retried renewal charge once too. At period end a cancel (or a move to
FREE) returns the author to FREE; a pending downgrade renews at its price. Referral reward
months pay for renewals first: each is worth a month of the tier's monthly price (a monthly
renewal with one becomes a 100% discount) and is taken off the referral account in the
renewal's transaction. A declined renewal makes the subscription PAST_DUE for 3 days (the
plan kept); paying its invoice then renews it, otherwise the job moves it to FREE, voids the
invoice and gives back the reward months it held.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from ownverso.domain.billing.platform_subscription import (
    GRACE_DAYS,
    InvoiceKind,
    PlatformSubscription,
    PlatformSubscriptionInvoice,
    PlatformSubscriptionStatus,
    SubscriptionInvoiceStatus,
    price,
    reward_discount,
)
from ownverso.domain.errors import InvalidTransition
from ownverso.domain.memberships.proration import add_months
from ownverso.services.batches import each_locked
from ownverso.services.billing.platform_invoices import InvoiceFile, invoice_not_found
from ownverso.services.billing.platform_subscription_support import (
    PlatformBillingBase,
    plan_name,
)
from ownverso.services.context import Actor
from ownverso.services.errors import Conflict, PaymentRequired
from ownverso.services.ports import Clock, IdGenerator, UnitOfWork
from ownverso.services.ports.invoices import InvoiceDocument, InvoiceLine, InvoiceRenderer
from ownverso.services.ports.payments import PaymentGateway

SELLER = "Ownverso"
NEWEST = ("-issued_at", "-number")


@dataclass
class PlatformBillingRun:
    renewed: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    ended: list[str] = field(default_factory=list)  # back to FREE

    def summary(self) -> dict:
        return {name: len(ids) for name, ids in vars(self).items()}


class PlatformSubscriptionBilling(PlatformBillingBase):
    def __init__(self, *, uow: Callable[[], UnitOfWork], clock: Clock, ids: IdGenerator,
                 payments: PaymentGateway, renderer: InvoiceRenderer,
                 grace_days: int = GRACE_DAYS):
        super().__init__(uow=uow, clock=clock, ids=ids, payments=payments)
        self.renderer, self.grace_days = renderer, grace_days

    # -- the periodic job -----------------------------------------------------------------------
    def run(self) -> PlatformBillingRun:
        run = PlatformBillingRun()
        now = self.clock.now()
        self._ensure_counter(now.year)
        each_locked(self.uow, "platform_subscriptions",
                    filters={"status__in": [PlatformSubscriptionStatus.ACTIVE.value,
                                            PlatformSubscriptionStatus.CANCELLED.value],
                             "current_period_end__lte": now},
                    order_by=("current_period_end", "id"),
                    handle=lambda uow, sub: self._period_end(uow, sub, now, run))
        run.ended.extend(each_locked(
            self.uow, "platform_subscriptions",
            filters={"status": PlatformSubscriptionStatus.PAST_DUE.value,
                     "grace_ends_at__lte": now},
            order_by=("grace_ends_at", "id"), handle=lambda uow, sub: self._expire(uow, sub, now)))
        return run

    def _period_end(self, uow: UnitOfWork, sub: PlatformSubscription, now: datetime,
                    run: PlatformBillingRun) -> bool:
        if not sub.renewal_due(now):
            return False  # another run got here first
        tier, cycle = sub.next_plan()
        if not price(tier, cycle):
            sub.end(now)
            self._save_history(uow, sub)
            self._sync_user(uow, sub, now)
            run.ended.append(sub.id)
            return True
        start = sub.current_period_end
        assert start is not None and cycle.months is not None
        key = f"platform-renewal:{sub.id}:{start.isoformat()}"
        if uow.platform_subscription_invoices.get_by(key=key) is not None:
            return False
        amount = price(tier, cycle)
        account = uow.referral_accounts.get_by(user_id=sub.user_id, for_update=True)
        discount, months = reward_discount(account.reward_months if account else 0, tier,
                                           amount)
        lines = [{"description": plan_name(tier, cycle), "amount": amount}]
        if account is not None and months:
            off = "100% off" if discount == amount else f"{discount} off"
            lines.append({"description": f"Referral reward: {months} free month(s), {off}",
                          "amount": -discount})
            account.reward_months -= months
            account.updated_at = now
        invoice = self._new_invoice(
            uow, sub, kind=InvoiceKind.RENEWAL, key=key, tier=tier, cycle=cycle,
            period_start=start, period_end=add_months(start, cycle.months,
                                                      anchor_day=sub.anchor_day),
            lines=lines, now=now, reward_months=months)
        if invoice.total > 0:
            invoice.attempts = 1
            charge = self.payments.charge(
                customer_ref=sub.user_id, amount=invoice.total, currency=invoice.currency,
                description=f"Renewal of {plan_name(tier, cycle)}",
                metadata={"platform_subscription_id": sub.id, "invoice_id": invoice.id},
                idempotency_key=key)
            if not charge.succeeded:
                invoice.failed(now=now, charge_id=charge.id,
                               code=charge.failure_code or "declined")
                sub.payment_failed(now, grace_days=self.grace_days)
                self._save_history(uow, sub, amount=invoice.total, invoice_id=invoice.id)
                self._sync_user(uow, sub, now)
                uow.commit()
                run.failed.append(sub.id)
                return False
            invoice.paid(now=now, charge_id=charge.id)
        else:
            invoice.paid(now=now, charge_id=None)
        sub.renew(now, reward_months=months)
        self._save_history(uow, sub, amount=invoice.total, invoice_id=invoice.id)
        self._sync_user(uow, sub, now)
        run.renewed.append(sub.id)
        return True

    def _expire(self, uow: UnitOfWork, sub: PlatformSubscription, now: datetime) -> bool:
        """Grace over: FREE, the declined renewal voided and its reward months returned."""
        try:
            sub.end(now)
        except InvalidTransition:
            return False
        for invoice in uow.platform_subscription_invoices.list(
                subscription_id=sub.id, kind=InvoiceKind.RENEWAL.value,
                status=SubscriptionInvoiceStatus.FAILED.value, for_update=True):
            invoice.void(now)
            if invoice.reward_months:
                account = uow.referral_accounts.get_by(user_id=sub.user_id, for_update=True)
                if account is not None:
                    account.credit_month(now=now, months=invoice.reward_months)
        self._save_history(uow, sub)
        self._sync_user(uow, sub, now)
        return True

    # -- the author's invoices ------------------------------------------------------------------
    def mine(self, *, actor: Actor, offset: int = 0, limit: int | None = None,
             status: SubscriptionInvoiceStatus | None = None
             ) -> tuple[list[PlatformSubscriptionInvoice], int]:
        """My subscription invoices, newest first (a checkout is re-read first)."""
        self.settle_checkouts(actor.user_id)
        where = {"user_id": actor.user_id, **({"status": status.value} if status else {})}
        with self.uow() as uow:
            page = uow.platform_subscription_invoices.list(order_by=NEWEST, offset=offset,
                                                           limit=limit, **where)
            return page, uow.platform_subscription_invoices.count(**where)

    def one(self, *, actor: Actor, invoice_id: str) -> PlatformSubscriptionInvoice:
        with self.uow() as uow:
            return self._mine(uow, actor, invoice_id)

    @staticmethod
    def _mine(uow: UnitOfWork, actor: Actor, invoice_id: str, *, lock: bool = False
              ) -> PlatformSubscriptionInvoice:
        invoice = uow.platform_subscription_invoices.get_by(
            id=invoice_id, user_id=actor.user_id, for_update=lock)
        if invoice is None:
            raise invoice_not_found()
        return invoice

    def pdf(self, *, actor: Actor, invoice_id: str) -> InvoiceFile:
        with self.uow() as uow:
            invoice = self._mine(uow, actor, invoice_id)
            user = uow.users.get(actor.user_id)
        data = self.renderer.render(InvoiceDocument(
            number=invoice.number, seller=SELLER,
            buyer=(user.display_name or user.username) if user else invoice.user_id,
            buyer_email=user.email if user else "", issued_at=invoice.issued_at,
            period_start=invoice.period_start,
            # a LIFETIME plan has no period: the PDF shows its first day
            period_end=invoice.period_end or invoice.period_start + timedelta(days=1),
            due_date=invoice.issued_at, currency=invoice.currency,
            gross_revenue=invoice.subtotal,
            lines=tuple(InvoiceLine(line["description"], line["amount"])
                        for line in invoice.lines),
            total_amount=invoice.total, status=invoice.status.value, paid_at=invoice.paid_at))
        return InvoiceFile(filename=f"{invoice.number}.{self.renderer.extension}", data=data,
                           content_type=self.renderer.content_type)

    def pay(self, *, actor: Actor, invoice_id: str) -> PlatformSubscriptionInvoice:
        """Pay an invoice now: an open checkout is re-read from the gateway; a declined
        renewal of a PAST_DUE subscription is charged again (402 payment_declined) and, once
        paid, renews it. Anything else: 409 invoice_already_paid or invoice_not_payable."""
        with self.uow() as uow:
            seen = self._mine(uow, actor, invoice_id)
        if seen.kind == InvoiceKind.CHECKOUT and seen.status == SubscriptionInvoiceStatus.OPEN:
            self._settle(seen.id)
            with self.uow() as uow:
                return self._mine(uow, actor, invoice_id)
        now = self.clock.now()
        with self.uow() as uow:
            sub = uow.platform_subscriptions.get_by(id=seen.subscription_id, for_update=True)
            invoice = self._mine(uow, actor, invoice_id, lock=True)
            if invoice.status == SubscriptionInvoiceStatus.PAID:
                raise Conflict("This invoice is already paid.", code="invoice_already_paid")
            if (not invoice.payable or invoice.kind != InvoiceKind.RENEWAL or sub is None
                    or sub.status != PlatformSubscriptionStatus.PAST_DUE
                    or sub.current_period_end != invoice.period_start):
                raise Conflict("This invoice cannot be paid: change the plan again for a "
                               "fresh price.", code="invoice_not_payable")
            invoice.attempts += 1
            charge = self.payments.charge(
                customer_ref=sub.user_id, amount=invoice.total, currency=invoice.currency,
                description=f"Renewal of {plan_name(invoice.tier, invoice.cycle)}",
                metadata={"platform_subscription_id": sub.id, "invoice_id": invoice.id},
                idempotency_key=f"{invoice.key}:attempt:{invoice.attempts}")
            if not charge.succeeded:
                invoice.failed(now=now, charge_id=charge.id,
                               code=charge.failure_code or "declined")
                uow.commit()
                raise PaymentRequired("The card on file was declined.",
                                      code="payment_declined")
            invoice.paid(now=now, charge_id=charge.id)
            sub.renew(now, reward_months=invoice.reward_months)
            self._save_history(uow, sub, amount=invoice.total, invoice_id=invoice.id)
            self._sync_user(uow, sub, now)
            uow.commit()
            return invoice
