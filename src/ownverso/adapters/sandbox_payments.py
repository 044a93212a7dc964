"""A payment gateway that completes checkouts locally: the embedded and test default."""

import threading
from dataclasses import replace
from datetime import UTC, datetime

from ownverso.services.ports import (
    Charge,
    Checkout,
    Clock,
    GatewaySubscription,
    IdGenerator,
    PaymentGateway,
)
from ownverso.services.ports.payments import Refund


class UnknownCheckout(LookupError):
    pass


class SandboxPaymentGateway(PaymentGateway):
    """Checkouts live in ``checkouts``; ``complete(id)`` plays the customer paying.

    Repeating ``create_checkout`` with the same idempotency key returns the first checkout,
    as Stripe does. Gateway-billed subscriptions live in ``subscriptions`` and are never
    charged by the sandbox itself: a customer has a saved card once a checkout naming them
    (``metadata["customer_ref"]``) was completed. ``charge`` still succeeds for anyone. A
    ``first_charge_at`` or ``resume_at`` in the past is refused only when the sandbox was
    given a ``clock`` (tests drive time with ``FixedClock``, often in the past)."""

    name = "sandbox"

    def __init__(self, ids: IdGenerator, *, base_url: str = "/sandbox/checkout",
                 clock: Clock | None = None):
        self.ids, self.base_url, self.clock = ids, base_url.rstrip("/"), clock
        self.checkouts: dict[str, Checkout] = {}
        self._by_key: dict[str, str] = {}
        self.plans: dict[str, dict] = {}  # plan id -> what was last synced
        self._plan_by_key: dict[str, str] = {}
        self.charges: dict[str, Charge] = {}  # idempotency key -> the charge it made
        self.declined: set[str] = set()  # customer refs whose card is declined
        self.schedules: dict[str, datetime] = {}  # subscription ref -> next charge
        self.subscriptions: dict[str, GatewaySubscription] = {}
        self.subscription_metadata: dict[str, dict] = {}  # subscription id -> its metadata
        self._subscription_by_key: dict[str, str] = {}
        self.refunds: dict[str, Refund] = {}  # idempotency key -> the refund it made
        self.refunded: dict[str, int] = {}  # checkout or charge id -> amount given back
        self._lock = threading.Lock()

    def create_checkout(self, *, amount: int, currency: str, description: str,
                        metadata: dict, success_url: str, cancel_url: str,
                        idempotency_key: str) -> Checkout:
        if not isinstance(amount, int) or amount <= 0:
            raise ValueError("amount must be a positive integer in the smallest currency unit")
        with self._lock:
            if idempotency_key in self._by_key:
                return self.checkouts[self._by_key[idempotency_key]]
            checkout_id = self.ids.new_id("cs_sandbox")
            checkout = Checkout(id=checkout_id, amount=amount, currency=currency.upper(),
                                status="open", url=f"{self.base_url}/{checkout_id}",
                                metadata={**metadata, "description": description,
                                          "success_url": success_url,
                                          "cancel_url": cancel_url})
            self.checkouts[checkout_id] = checkout
            self._by_key[idempotency_key] = checkout_id
            return checkout

    def sync_plan(self, *, plan_key: str, name: str, amount: int, currency: str,
                  interval: str) -> str:
        if not isinstance(amount, int) or amount < 0:
            raise ValueError("amount must be a whole number in the smallest currency unit")
        with self._lock:
            plan_id = self._plan_by_key.get(plan_key) or self.ids.new_id("plan_sandbox")
            self._plan_by_key[plan_key] = plan_id
            self.plans[plan_id] = {"plan_key": plan_key, "name": name, "amount": amount,
                                   "currency": currency.upper(), "interval": interval}
            return plan_id

    def charge(self, *, customer_ref: str, amount: int, currency: str, description: str,
               metadata: dict, idempotency_key: str) -> Charge:
        """Succeeds unless ``decline(customer_ref)`` was called."""
        if not isinstance(amount, int) or amount <= 0:
            raise ValueError("amount must be a positive integer in the smallest currency unit")
        with self._lock:
            if idempotency_key in self.charges:
                return self.charges[idempotency_key]
            declined = customer_ref in self.declined
            charge = Charge(id=self.ids.new_id("ch_sandbox"), amount=amount,
                            currency=currency.upper(),
                            status="failed" if declined else "succeeded",
                            failure_code="card_declined" if declined else None)
            self.charges[idempotency_key] = charge
            return charge

    def decline(self, customer_ref: str, declined: bool = True) -> None:
        """Play a customer whose saved card is declined (or accepted again)."""
        with self._lock:
            (self.declined.add if declined else self.declined.discard)(customer_ref)

    def reschedule(self, *, subscription_ref: str, next_charge_at: datetime) -> None:
        """Moves a known subscription's next charge; any other ref is only remembered in
        ``schedules`` (as before subscriptions were kept here)."""
        self._aware(next_charge_at, "next_charge_at")
        with self._lock:
            self.schedules[subscription_ref] = next_charge_at
            found = self.subscriptions.get(subscription_ref)
            if found is not None:
                if found.status == "canceled":
                    raise ValueError("a canceled subscription has no next charge")
                self.subscriptions[subscription_ref] = replace(
                    found, current_period_end=next_charge_at.astimezone(UTC))

    # -- gateway-billed subscriptions -----------------------------------------------------
    def _aware(self, at: datetime, name: str) -> None:
        if not isinstance(at, datetime) or at.tzinfo is None:
            raise ValueError(f"{name} must be an aware datetime")
        if self.clock is not None and at <= self.clock.now():
            raise ValueError(f"{name} must be in the future")

    def _has_card(self, customer_ref: str) -> bool:
        return any(c.status == "complete" and c.metadata.get("customer_ref") == customer_ref
                   for c in self.checkouts.values())

    def start_subscription(self, *, customer_ref: str, plan_id: str, first_charge_at: datetime,
                           metadata: dict, idempotency_key: str) -> GatewaySubscription:
        self._aware(first_charge_at, "first_charge_at")
        with self._lock:
            if idempotency_key in self._subscription_by_key:
                return self.subscriptions[self._subscription_by_key[idempotency_key]]
            if plan_id not in self.plans:
                raise ValueError(f"unknown plan {plan_id}")
            if not self._has_card(customer_ref):
                raise ValueError(f"{customer_ref} has no saved card")
            subscription = GatewaySubscription(
                id=self.ids.new_id("sub_sandbox"), plan_id=plan_id, status="active",
                current_period_end=first_charge_at.astimezone(UTC))
            self.subscriptions[subscription.id] = subscription
            self.subscription_metadata[subscription.id] = {**metadata,
                                                           "customer_ref": customer_ref}
            self.schedules[subscription.id] = subscription.current_period_end
            self._subscription_by_key[idempotency_key] = subscription.id
            return subscription

    def get_subscription(self, subscription_ref: str) -> GatewaySubscription:
        try:
            return self.subscriptions[subscription_ref]
        except KeyError:
            raise LookupError(subscription_ref) from None

    def _live(self, subscription_ref: str) -> GatewaySubscription:
        found = self.get_subscription(subscription_ref)
        if found.status == "canceled":
            raise ValueError("the subscription has ended")
        return found

    def _put(self, subscription: GatewaySubscription) -> GatewaySubscription:
        self.subscriptions[subscription.id] = subscription
        return subscription

    def change_subscription_plan(self, *, subscription_ref: str,
                                 plan_id: str) -> GatewaySubscription:
        with self._lock:
            found = self._live(subscription_ref)
            if plan_id not in self.plans:
                raise ValueError(f"unknown plan {plan_id}")
            return self._put(replace(found, plan_id=plan_id))

    def cancel_subscription(self, *, subscription_ref: str,
                            at_period_end: bool) -> GatewaySubscription:
        with self._lock:
            found = self.get_subscription(subscription_ref)
            if found.status == "canceled":
                return found
            if at_period_end:
                return self._put(replace(found, cancel_at_period_end=True))
            return self._put(replace(found, status="canceled", current_period_end=None,
                                     cancel_at_period_end=False))

    def pause_subscription(self, *, subscription_ref: str,
                           resume_at: datetime) -> GatewaySubscription:
        self._aware(resume_at, "resume_at")
        with self._lock:
            found = self._live(subscription_ref)
            self.schedules[subscription_ref] = resume_at
            return self._put(replace(found, status="paused",
                                     current_period_end=resume_at.astimezone(UTC)))

    def resume_subscription(self, *, subscription_ref: str) -> GatewaySubscription:
        """The next charge stays where it was (a pause's end, the period's end)."""
        with self._lock:
            found = self._live(subscription_ref)
            return self._put(replace(found, status="active", cancel_at_period_end=False))

    def past_due(self, subscription_ref: str) -> GatewaySubscription:
        """Play the gateway failing a renewal charge: the subscription is past due."""
        with self._lock:
            return self._put(replace(self._live(subscription_ref), status="past_due"))

    def refund(self, *, checkout_id: str, amount: int, idempotency_key: str) -> Refund:
        """Succeeds for a paid checkout, up to what it took."""
        if not isinstance(amount, int) or amount <= 0:
            raise ValueError("amount must be a positive integer in the smallest currency unit")
        with self._lock:
            if idempotency_key in self.refunds:
                return self.refunds[idempotency_key]
            checkout = self.get_checkout(checkout_id)
            if checkout.status != "complete":
                raise ValueError("only a paid checkout can be refunded")
            return self._give_back(checkout_id, checkout.amount, amount, idempotency_key)

    def refund_charge(self, *, charge_id: str, amount: int, idempotency_key: str) -> Refund:
        """Succeeds for a succeeded charge, up to what it took."""
        if not isinstance(amount, int) or amount <= 0:
            raise ValueError("amount must be a positive integer in the smallest currency unit")
        with self._lock:
            if idempotency_key in self.refunds:
                return self.refunds[idempotency_key]
            charge = next((c for c in self.charges.values() if c.id == charge_id), None)
            if charge is None:
                raise LookupError(charge_id)
            if not charge.succeeded:
                raise ValueError("only a succeeded charge can be refunded")
            return self._give_back(charge_id, charge.amount, amount, idempotency_key)

    def _give_back(self, paid_id: str, took: int, amount: int, idempotency_key: str) -> Refund:
        """Give back ``amount`` of checkout or charge ``paid_id``, which took ``took``, if that
        much is left; the caller holds the lock."""
        given = self.refunded.get(paid_id, 0)
        if given + amount > took:
            raise ValueError(f"cannot refund {amount}: {took - given} left")
        refund = Refund(id=self.ids.new_id("re_sandbox"), amount=amount, status="succeeded")
        self.refunds[idempotency_key] = refund
        self.refunded[paid_id] = given + amount
        return refund

    def get_refund(self, refund_id: str) -> Refund:
        found = next((r for r in self.refunds.values() if r.id == refund_id), None)
        if found is None:
            raise LookupError(refund_id)
        return found

    def get_checkout(self, checkout_id: str) -> Checkout:
        try:
            return self.checkouts[checkout_id]
        except KeyError:
            raise UnknownCheckout(checkout_id) from None

    def complete(self, checkout_id: str) -> Checkout:
        """Pay an open checkout; completing twice changes nothing."""
        with self._lock:
            checkout = self.get_checkout(checkout_id)
            if checkout.status == "open":
                checkout.status = "complete"
                checkout.payment_ref = self.ids.new_id("pay_sandbox")
            return checkout

    def expire_checkout(self, checkout_id: str) -> Checkout:
        with self._lock:
            checkout = self.get_checkout(checkout_id)
            if checkout.status == "open":
                checkout.status = "expired"
            return checkout
