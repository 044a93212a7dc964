"""The periodic side of subscriptions: renewals we bill, expiries, pause ends and reminders.

Each subscription is handled in its own unit of work under a row lock and re-checked there,
so a job that runs twice, or beside a reader's request, changes it once. Renewals are billed
here only for subscriptions the gateway does not bill itself (no ``gateway_subscription_id``:
the sandbox, and free tiers); gateway-billed ones renew from the gateway's events (payments
issue). The charge's idempotency key names the period, so a retried renewal charges once.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from ownverso.domain.memberships.invoice import InvoiceKind
from ownverso.domain.memberships.subscription import Subscription
from ownverso.domain.memberships.values import BillingCycle
from ownverso.services.batches import each_locked
from ownverso.services.emails import EmailSender
from ownverso.services.memberships.subscription_support import (
    free_seat,
    gateway_of,
    record_invoice,
    take_seat,
)
from ownverso.services.payments.gateway_router import GatewayRouter
from ownverso.services.payments.recording import record_charge
from ownverso.services.ports import Clock, IdGenerator, UnitOfWork
from ownverso.services.referrals.qualification import record_reader_revenue

RENEWAL_REMINDER_DAYS, EXPIRY_REMINDER_DAYS = 7, 3


@dataclass
class BillingRun:
    renewed: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    expired: list[str] = field(default_factory=list)
    unpaused: list[str] = field(default_factory=list)
    reminded: list[str] = field(default_factory=list)

    def summary(self) -> dict:
        return {name: len(ids) for name, ids in vars(self).items()}


class SubscriptionBilling:
    def __init__(self, *, uow: Callable[[], UnitOfWork], clock: Clock, ids: IdGenerator,
                 gateways: GatewayRouter, emails: EmailSender, grace_days: int = 3):
        self.uow, self.clock, self.ids = uow, clock, ids
        self.gateways, self.emails, self.grace_days = gateways, emails, grace_days

    def run(self) -> BillingRun:
        """Everything due now, renewals first (a trial that ends is billed, not expired)."""
        run = BillingRun()
        self.renew_due(run)
        self.expire_due(run)
        self.end_pauses(run)
        self.send_reminders(run)
        return run

    # -- the batches ---------------------------------------------------------------------------
    def _each(self, filters: dict, handle: Callable[[UnitOfWork, Subscription], bool],
              done: list[str]) -> None:
        done.extend(each_locked(self.uow, "reader_subscriptions", filters=filters,
                                order_by=("current_period_end", "id"), handle=handle))

    def renew_due(self, run: BillingRun) -> None:
        now = self.clock.now()
        self._each({"status": "ACTIVE", "auto_renew": True, "is_gift": False,
                    "gateway_subscription_id__isnull": True, "current_period_end__lte": now},
                   lambda uow, sub: self._renew(uow, sub, now, run), run.renewed)

    def _renew(self, uow: UnitOfWork, sub: Subscription, now: datetime,
               run: BillingRun) -> bool:
        end = sub.current_period_end
        if (sub.status is None or sub.status.value != "ACTIVE" or not sub.auto_renew
                or end is None or end > now):
            return False
        old_tier = sub.tier_id  # a scheduled downgrade bills the new period at its price
        amount = sub.pending_price if sub.pending_tier_id is not None else sub.price_at_purchase
        assert amount is not None
        if amount <= 0:
            sub.renew(now=now, paid_amount=0)
        else:
            gateway = gateway_of(uow, self.gateways, sub)
            charge = gateway.charge(
                customer_ref=sub.reader_id, amount=amount, currency=sub.currency,
                description="Subscription renewal", metadata={"subscription_id": sub.id},
                idempotency_key=f"renew:{sub.id}:{end.isoformat()}")
            if not charge.succeeded:
                sub.payment_failed(now=now, grace_days=self.grace_days)
                record_invoice(uow, self.ids, sub, kind=InvoiceKind.RENEWAL, amount=amount,
                               now=now, reference=charge.id,
                               failed=charge.failure_code or "declined")
                record_charge(uow, self.ids, sub, charge, gateway=gateway.name,
                              description="Subscription renewal", now=now)
                self._email(uow, sub, "subscription_payment_failed",
                            grace_ends=f"{sub.grace_ends_at:%Y-%m-%d}")
                uow.commit()
                run.failed.append(sub.id)
                return False
            sub.renew(now=now, paid_amount=amount)
            record_invoice(uow, self.ids, sub, kind=InvoiceKind.RENEWAL, amount=amount,
                           now=now, reference=charge.id)
            record_charge(uow, self.ids, sub, charge, gateway=gateway.name,
                          description="Subscription renewal", now=now)
            site = uow.sites.get(sub.site_id)
            if site is not None:
                record_reader_revenue(uow, author_id=site.author_id, now=now,
                                      event="reader_subscription_renewal")
        if sub.tier_id != old_tier:  # a scheduled downgrade took effect
            free_seat(uow.tiers.get_by(id=old_tier, for_update=True))
            new_tier = uow.tiers.get_by(id=sub.tier_id, for_update=True)
            if new_tier is not None:
                take_seat(new_tier)
        return True

    def expire_due(self, run: BillingRun) -> None:
        now = self.clock.now()
        for filters in ({"status": "CANCELLED", "current_period_end__lte": now},
                        {"status": "PAST_DUE", "grace_ends_at__lte": now},
                        {"status": "ACTIVE", "is_gift": True, "current_period_end__lte": now},
                        {"status": "ACTIVE", "auto_renew": False, "is_trialing": True,
                         "trial_ends_at__lte": now}):
            self._each(filters, lambda uow, sub: self._expire(uow, sub, now), run.expired)

    def _expire(self, uow: UnitOfWork, sub: Subscription, now: datetime) -> bool:
        if sub.status is not None and sub.status.value == "ACTIVE" and sub.auto_renew \
                and not sub.is_gift:
            return False  # the renewal bills it (or moves it to PAST_DUE)
        if not sub.expire_if_due(now):
            return False
        free_seat(uow.tiers.get_by(id=sub.tier_id, for_update=True))
        self._email(uow, sub, "subscription_expired")
        return True

    def end_pauses(self, run: BillingRun) -> None:
        now = self.clock.now()
        self._each({"status": "PAUSED", "pause_ends_at__lte": now},
                   lambda uow, sub: sub.end_pause_if_due(now), run.unpaused)

    def send_reminders(self, run: BillingRun) -> None:
        now = self.clock.now()
        self._each({"status": "ACTIVE", "billing_cycle": BillingCycle.ANNUAL.value,
                    "auto_renew": True, "current_period_end__gt": now,
                    "current_period_end__lte": now + timedelta(days=RENEWAL_REMINDER_DAYS)},
                   lambda uow, sub: self._remind_renewal(uow, sub, now), run.reminded)
        self._each({"status": "CANCELLED", "current_period_end__gt": now,
                    "current_period_end__lte": now + timedelta(days=EXPIRY_REMINDER_DAYS)},
                   lambda uow, sub: self._remind_expiry(uow, sub, now), run.reminded)

    def _remind_renewal(self, uow: UnitOfWork, sub: Subscription, now: datetime) -> bool:
        if not sub.needs_renewal_reminder(now, RENEWAL_REMINDER_DAYS):
            return False
        sub.mark_renewal_reminder_sent(now)
        self._email(uow, sub, "subscription_renewal_reminder",
                    amount=f"{sub.price_at_purchase} {sub.currency}")
        return True

    def _remind_expiry(self, uow: UnitOfWork, sub: Subscription, now: datetime) -> bool:
        if not sub.needs_expiry_reminder(now, EXPIRY_REMINDER_DAYS):
            return False
        sub.mark_expiry_reminder_sent(now)
        self._email(uow, sub, "subscription_expiry_reminder")
        return True

    # -- emails ---------------------------------------------------------------------------------
    def _email(self, uow: UnitOfWork, sub: Subscription, template: str, **extra: str) -> None:
        reader, site = uow.users.get(sub.reader_id), uow.sites.get(sub.site_id)
        tier = uow.tiers.get(sub.tier_id)
        if reader is None or site is None:
            return
        end = sub.current_period_end
        self.emails.send_after_commit(
            uow, to=reader.email, template=template,
            name=reader.display_name or reader.username, site=site.name,
            tier=tier.name if tier else "", date=f"{end:%Y-%m-%d}" if end else "", **extra)
