"""A payment gateway that completes checkouts locally: the embedded and test default."""

import threading
from datetime import datetime

from ownverso.services.ports import Charge, Checkout, IdGenerator, PaymentGateway
from ownverso.services.ports.payments import Refund


class UnknownCheckout(LookupError):
    pass


class SandboxPaymentGateway(PaymentGateway):
    """Checkouts live in ``checkouts``; ``complete(id)`` plays the customer paying.

    Repeating ``create_checkout`` with the same idempotency key returns the first checkout,
    as Stripe does."""

    name = "sandbox"

    def __init__(self, ids: IdGenerator, *, base_url: str = "/sandbox/checkout"):
        self.ids, self.base_url = ids, base_url.rstrip("/")
        self.checkouts: dict[str, Checkout] = {}
        self._by_key: dict[str, str] = {}
        self.plans: dict[str, dict] = {}  # plan id -> what was last synced
        self._plan_by_key: dict[str, str] = {}
        self.charges: dict[str, Charge] = {}  # idempotency key -> the charge it made
        self.declined: set[str] = set()  # customer refs whose card is declined
        self.schedules: dict[str, datetime] = {}  # subscription ref -> next charge
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
        with self._lock:
            self.schedules[subscription_ref] = next_charge_at

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
