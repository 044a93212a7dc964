"""A reader's own subscriptions: list, read, change tier, cancel, resume, pause, unpause and
invoices. Every use case loads the subscription through ``own_subscription`` (someone else's
is 404) under a row lock, so concurrent requests apply one after the other.

An upgrade charges the prorated difference on the saved payment method through the gateway
(a gateway that bills the renewals is moved to the new tier's plan first, and back on a
decline);
the idempotency key names the subscription's version, the tier and the declines so far, so a
retry after a decline is a new attempt while the row lock keeps two clicks from charging twice.
A declined charge changes nothing but a FAILED invoice (402).
"""

from collections.abc import Callable

from ownverso.domain.memberships.invoice import InvoiceKind, InvoiceStatus, SubscriptionInvoice
from ownverso.domain.memberships.subscription import Subscription
from ownverso.domain.memberships.tier import Tier
from ownverso.services.context import Actor
from ownverso.services.errors import PaymentRequired, ValidationFailed, domain_rules
from ownverso.services.memberships.gateway_renewals import Move, put_plan_back, tell_gateway
from ownverso.services.memberships.subscription_checkout import check_room, subscribable_tier
from ownverso.services.memberships.subscription_support import (
    SubscriptionView,
    free_seat,
    gateway_of,
    own_subscription,
    record_invoice,
    take_seat,
    views,
)
from ownverso.services.payments.gateway_router import GatewayRouter
from ownverso.services.payments.recording import record_charge
from ownverso.services.ports import Charge, Clock, IdGenerator, UnitOfWork

NEWEST = ("-created_at", "id")


class MySubscriptionService:
    def __init__(self, *, uow: Callable[[], UnitOfWork], clock: Clock, ids: IdGenerator,
                 gateways: GatewayRouter):
        self.uow, self.clock, self.ids, self.gateways = uow, clock, ids, gateways

    def list_mine(self, *, actor: Actor, status: str | None = None, offset: int = 0,
             limit: int | None = None) -> tuple[list[SubscriptionView], int]:
        filters = {"reader_id": actor.user_id, "status__isnull": False}
        if status:
            filters["status"] = status
        with self.uow() as uow:
            subs = uow.reader_subscriptions.list(order_by=NEWEST, offset=offset, limit=limit,
                                                 **filters)
            return views(uow, subs), uow.reader_subscriptions.count(**filters)

    def get(self, *, actor: Actor, subscription_id: str) -> SubscriptionView:
        with self.uow() as uow:
            return views(uow, [own_subscription(uow, actor.user_id, subscription_id)])[0]

    def invoices(self, *, actor: Actor, subscription_id: str, offset: int = 0,
                 limit: int | None = None) -> tuple[list[SubscriptionInvoice], int]:
        with self.uow() as uow:
            sub = own_subscription(uow, actor.user_id, subscription_id)
            items = uow.subscription_invoices.list(subscription_id=sub.id,
                                                   order_by=NEWEST, offset=offset, limit=limit)
            return items, uow.subscription_invoices.count(subscription_id=sub.id)

    def change_tier(self, *, actor: Actor, subscription_id: str,
                    tier_id: str) -> SubscriptionView:
        """A tier that ranks above moves now, prorated; one below waits for the period end."""
        now = self.clock.now()
        with self.uow() as uow:
            sub = own_subscription(uow, actor.user_id, subscription_id, lock=True)
            current = uow.tiers.get(sub.tier_id)
            target = subscribable_tier(uow, sub.site_id, tier_id, lock=True)
            if sub.billing_cycle not in target.billing_cycles:
                raise ValidationFailed("That tier is not offered on your billing cycle.",
                                       code="cycle_not_offered",
                                       fields={"tier_id": [f"No {sub.billing_cycle} price."]})
            price = target.price_for(sub.billing_cycle)
            if current is None or target.ranks_above(current):
                declined = self._upgrade(uow, sub, current, target, price)
            else:
                declined = None
                with domain_rules():
                    sub.downgrade(tier_id=target.id, price=price, now=now)
                tell_gateway(uow, self.gateways, sub, "change_tier")
            if declined is None:
                uow.commit()
                return views(uow, [sub])[0]
        self._record_decline(subscription_id, *declined)
        raise PaymentRequired("The payment for the upgrade was declined.",
                              code="payment_failed",
                              fields={"payment": [declined[0].failure_code or "declined"]})

    def _upgrade(self, uow: UnitOfWork, sub: Subscription, current: Tier | None,
                 target: Tier, price: int) -> tuple[Charge, int, str] | None:
        """The domain move first (it refuses what is not an upgrade and says what is due),
        then the charge; a decline is returned (and the caller's unit of work dropped). Each
        attempt has its own idempotency key: the version, the tier and the failures so far."""
        now = self.clock.now()
        check_room(uow, target, now)
        attempt = uow.subscription_invoices.count(subscription_id=sub.id,
                                                  kind=InvoiceKind.PRORATION.value,
                                                  status=InvoiceStatus.FAILED.value)
        version = sub.version
        with domain_rules():
            due = sub.upgrade(tier_id=target.id, price=price, now=now)
        tell_gateway(uow, self.gateways, sub, "change_tier")  # before any money moves
        if due > 0:
            gateway = gateway_of(uow, self.gateways, sub)
            charge = gateway.charge(
                customer_ref=sub.reader_id, amount=due, currency=sub.currency,
                description=f"Upgrade to {target.name}",
                metadata={"subscription_id": sub.id, "tier_id": target.id},
                idempotency_key=f"upgrade:{sub.id}:{version}:{target.id}:{attempt}")
            if not charge.succeeded:
                if current is not None:
                    put_plan_back(uow, self.gateways, sub, current.id)
                return charge, due, gateway.name
            record_invoice(uow, self.ids, sub, kind=InvoiceKind.PRORATION, amount=due,
                           now=now, reference=charge.id)
            record_charge(uow, self.ids, sub, charge, gateway=gateway.name,
                          description=f"Upgrade to {target.name}", now=now)
        free_seat(uow.tiers.get_by(id=current.id, for_update=True) if current else None)
        take_seat(target)
        return None

    def _record_decline(self, subscription_id: str, charge: Charge, due: int,
                        gateway: str) -> None:
        with self.uow() as uow:
            sub = uow.reader_subscriptions.get(subscription_id)
            if sub is not None:
                record_invoice(uow, self.ids, sub, kind=InvoiceKind.PRORATION, amount=due,
                               now=self.clock.now(), reference=charge.id,
                               failed=charge.failure_code or "declined")
                record_charge(uow, self.ids, sub, charge, gateway=gateway,
                              description="Subscription upgrade", now=self.clock.now())
                uow.commit()

    def cancel(self, *, actor: Actor, subscription_id: str, reason: str | None = None,
               feedback: str | None = None) -> SubscriptionView:
        """Stop renewing; access lasts to the end of the period."""
        return self._move(actor, subscription_id, "cancel",
                          lambda sub, now: sub.cancel(now=now, reason=reason,
                                                      feedback=feedback))

    def resume(self, *, actor: Actor, subscription_id: str) -> SubscriptionView:
        return self._move(actor, subscription_id, "resume",
                          lambda sub, now: sub.resume(now=now))

    def pause(self, *, actor: Actor, subscription_id: str, months: int) -> SubscriptionView:
        """No access and no billing for 1-3 months (at most twice a year)."""
        return self._move(actor, subscription_id, "pause",
                          lambda sub, now: sub.pause(months=months, now=now))

    def unpause(self, *, actor: Actor, subscription_id: str) -> SubscriptionView:
        return self._move(actor, subscription_id, "unpause",
                          lambda sub, now: sub.unpause(now=now))

    def _move(self, actor: Actor, subscription_id: str, name: Move,
              move: Callable[[Subscription, object], None]) -> SubscriptionView:
        """The move here, then at the gateway when it bills the subscription (a refusal or
        no answer there drops both)."""
        now = self.clock.now()
        with self.uow() as uow:
            sub = own_subscription(uow, actor.user_id, subscription_id, lock=True)
            with domain_rules():
                move(sub, now)
            tell_gateway(uow, self.gateways, sub, name)
            uow.commit()
            return views(uow, [sub])[0]
