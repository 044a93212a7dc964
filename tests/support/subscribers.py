"""Subscribers made straight through a container's unit of work, for the subscriber list,
stats and churn tests: readers, tiers, subscriptions moved through their state machine at
chosen times, and invoices.

    kit = SubscriberKit(container, site_id=site["id"], author_id=who.user["id"])
    gold = kit.tier("Gold", 900, annual_price=9000)
    sub = kit.subscribe("ann", gold, at=T0)            # ACTIVE, monthly, 900
    kit.move(sub, lambda s: s.cancel(now=T1, reason="price"))
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from ownverso.domain.memberships.invoice import InvoiceKind, InvoiceStatus, SubscriptionInvoice
from ownverso.domain.memberships.subscription import Subscription
from ownverso.domain.memberships.tier import Tier
from ownverso.domain.memberships.values import BillingCycle
from tests.factories.identity import UserFactory


@dataclass
class SubscriberKit:
    container: object
    site_id: str
    author_id: str
    currency: str = "USD"

    def _id(self, prefix: str) -> str:
        return self.container.ids().new_id(prefix)

    def reader(self, username: str, *, email: str | None = None,
               display_name: str | None = None) -> str:
        """A reader (a user row only: no sign-in needed to be a subscriber)."""
        user = UserFactory.build(id=self._id("usr"), username=username,
                                 email=email or f"{username}@example.com",
                                 display_name=display_name or username.title())
        with self.container.uow() as uow:
            uow.users.add(user)
            uow.commit()
        return user.id

    def tier(self, name: str, monthly_price: int, *, annual_price: int | None = None,
             currency: str | None = None) -> str:
        now = self.container.clock().now()
        cycles = [BillingCycle.MONTHLY] + ([BillingCycle.ANNUAL] if annual_price else [])
        tier = Tier(id=self._id("tier"), site_id=self.site_id, author_id=self.author_id,
                    name=name, slug=name.lower().replace(" ", "-"), monthly_price=monthly_price,
                    annual_price=annual_price, currency=currency or self.currency,
                    billing_cycles=cycles, created_at=now, updated_at=now)
        with self.container.uow() as uow:
            uow.tiers.add(tier)
            uow.commit()
        return tier.id

    def subscribe(self, reader: str, tier_id: str, *, at: datetime,
                  cycle: BillingCycle = BillingCycle.MONTHLY, price: int | None = None,
                  currency: str | None = None, trial_days: int = 0,
                  gift_months: int | None = None, **reader_fields) -> str:
        """``reader``: a username (the reader is made) or an existing user id (``usr_…``).
        Started ACTIVE at ``at`` (a trial with ``trial_days``, a gift with ``gift_months``);
        ``price`` defaults to the tier's price for the cycle."""
        reader_id = reader if reader.startswith("usr_") else self.reader(reader, **reader_fields)
        with self.container.uow() as uow:
            tier = uow.tiers.get(tier_id)
            cost = tier.price_for(cycle) if price is None else price
            sub = Subscription(id=self._id("sub"), reader_id=reader_id, site_id=self.site_id,
                               tier_id=tier_id, billing_cycle=cycle, price_at_purchase=cost,
                               original_price=cost, currency=currency or tier.currency)
            if gift_months:
                sub.start_gift(now=at, months=gift_months)
            else:
                sub.start(now=at, trial_days=trial_days)
            sub.events.clear()
            uow.reader_subscriptions.add(sub)
            uow.commit()
            return sub.id

    def move(self, subscription_id: str, change: Callable[[Subscription], object]) -> None:
        """Apply a transition (``lambda s: s.cancel(now=…)``) and store it."""
        with self.container.uow() as uow:
            sub = uow.reader_subscriptions.get(subscription_id)
            change(sub)
            sub.events.clear()
            uow.commit()

    def cancel(self, subscription_id: str, *, at: datetime, reason: str | None = None,
               feedback: str | None = None) -> None:
        self.move(subscription_id, lambda s: s.cancel(now=at, reason=reason, feedback=feedback))

    def expire(self, subscription_id: str, *, at: datetime) -> None:
        """Run the expiry job's rule at ``at`` (it must be due)."""
        def due(sub: Subscription) -> None:
            assert sub.expire_if_due(at), f"{sub.id} is not due to expire at {at}"
        self.move(subscription_id, due)

    def invoice(self, subscription_id: str, amount: int, *, at: datetime,
                status: InvoiceStatus = InvoiceStatus.PAID,
                kind: InvoiceKind = InvoiceKind.RENEWAL) -> str:
        with self.container.uow() as uow:
            sub = uow.reader_subscriptions.get(subscription_id)
            invoice = SubscriptionInvoice(
                id=self._id("inv"), subscription_id=sub.id, reader_id=sub.reader_id,
                site_id=sub.site_id, tier_id=sub.tier_id, kind=kind, status=status,
                amount=amount, original_amount=amount, currency=sub.currency, created_at=at)
            uow.subscription_invoices.add(invoice)
            uow.commit()
            return invoice.id
