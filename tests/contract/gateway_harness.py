"""Every ``PaymentGateway`` adapter under one contract: a ``Harness`` is the adapter under
test plus what the tests need to play the customer and to read back what the gateway holds.

A new adapter registers a factory in ``HARNESSES`` (it receives pytest's ``request``, to
reach its stand-in server's session fixture in ``tests/contract/conftest.py``), and every
contract test in ``test_payment_*.py`` runs on it."""

from __future__ import annotations

import abc
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
import razorpay
import requests
import stripe

from ownverso.adapters.clock import SystemClock
from ownverso.adapters.ids import SequentialIds
from ownverso.adapters.razorpay_payments import PERIODS, RazorpayPaymentGateway
from ownverso.adapters.sandbox_payments import SandboxPaymentGateway
from ownverso.adapters.stripe_payments import StripePaymentGateway
from ownverso.adapters.xendit_payments import XenditPaymentGateway, from_xendit
from ownverso.services.ports.payments import PaymentGateway
from tests.support.standins.razorpay_server import RazorpayStandIn
from tests.support.standins.stripe_server import StripeStandIn
from tests.support.standins.xendit_server import XenditStandIn


class Harness(abc.ABC):
    gateway: PaymentGateway

    @property
    def name(self) -> str:
        return self.gateway.name

    @abc.abstractmethod
    def pay(self, checkout_id: str) -> None:
        """The customer pays an open checkout and saves the card for off-session use."""

    @abc.abstractmethod
    def decline(self, customer_ref: str, on: bool = True) -> None:
        """The customer's saved card declines from now on (or is accepted again)."""

    @abc.abstractmethod
    def plan(self, plan_id: str) -> dict:
        """The plan as the gateway holds it: plan_key, name, amount, currency, interval."""

    @abc.abstractmethod
    def subscription(self, customer_ref: str, plan_id: str) -> str:
        """A subscription the gateway bills itself, for ``reschedule``; its ref."""

    @abc.abstractmethod
    def next_charge_at(self, subscription_ref: str) -> datetime:
        """When the gateway will next charge a subscription it bills."""

    @abc.abstractmethod
    def payments_taken(self) -> int:
        """How many payments the gateway has taken so far (checkouts and charges)."""

    def without_card(self, customer_ref: str) -> None:
        """A customer who never saved a card: nothing to do on a real gateway."""
        return None


def saved_card(harness: Harness, customer_ref: str, amount: int = 100) -> str:
    """A customer who paid a checkout with a card saved for renewals; the checkout's id."""
    checkout = harness.gateway.create_checkout(
        amount=amount, currency="inr", description="First month",
        metadata={"customer_ref": customer_ref}, success_url="https://x/ok",
        cancel_url="https://x/no", idempotency_key=f"first:{customer_ref}")
    harness.pay(checkout.id)
    return checkout.id


# -- sandbox ------------------------------------------------------------------------------
class SandboxHarness(Harness):
    def __init__(self) -> None:
        self.gateway = self.sandbox = SandboxPaymentGateway(SequentialIds(),
                                                            clock=SystemClock())

    def pay(self, checkout_id: str) -> None:
        self.sandbox.complete(checkout_id)

    def decline(self, customer_ref: str, on: bool = True) -> None:
        self.sandbox.decline(customer_ref, on)

    def plan(self, plan_id: str) -> dict:
        return self.sandbox.plans[plan_id]

    def subscription(self, customer_ref: str, plan_id: str) -> str:
        return self.sandbox.start_subscription(
            customer_ref=customer_ref, plan_id=plan_id,
            first_charge_at=datetime.now(UTC) + timedelta(days=30), metadata={},
            idempotency_key=f"harness:{customer_ref}:{plan_id}").id

    def next_charge_at(self, subscription_ref: str) -> datetime:
        return self.sandbox.schedules[subscription_ref]

    def payments_taken(self) -> int:
        return sum(c.status == "complete" for c in self.sandbox.checkouts.values()) + sum(
            c.succeeded for c in self.sandbox.charges.values())

    def without_card(self, customer_ref: str) -> None:
        """The sandbox charges anyone: a customer without a card is played as a decline."""
        self.sandbox.decline(customer_ref)


# -- stripe -------------------------------------------------------------------------------
class StripeHarness(Harness):
    """The adapter on the local stand-in; the harness reads back through its own client."""

    def __init__(self, standin: StripeStandIn) -> None:
        self.standin = standin
        self.gateway = StripePaymentGateway(secret_key=standin.secret_key,
                                            base_url=standin.url)
        self.api = stripe.StripeClient(standin.secret_key,
                                       base_addresses={"api": standin.url}).v1

    def pay(self, checkout_id: str) -> None:
        self.standin.control(f"checkout/sessions/{checkout_id}/pay")

    def _customer(self, customer_ref: str) -> str:
        found = self.api.customers.search(
            {"query": f"metadata['customer_ref']:'{customer_ref}'"}).data
        if not found:
            raise LookupError(f"no Stripe customer for {customer_ref}")
        return found[0].id

    def decline(self, customer_ref: str, on: bool = True) -> None:
        self.standin.control(f"customers/{self._customer(customer_ref)}/decline",
                             on=str(on).lower())

    def _price(self, plan_id: str) -> tuple[stripe.Product, stripe.Price]:
        product = self.api.products.retrieve(plan_id)
        [price] = self.api.prices.list(
            {"lookup_keys": [product.metadata["plan_key"]], "active": True}).data
        return product, price

    def plan(self, plan_id: str) -> dict:
        product, price = self._price(plan_id)
        assert price.product == plan_id
        return {"plan_key": price.lookup_key, "name": product.name,
                "amount": price.unit_amount, "currency": price.currency.upper(),
                "interval": price.recurring.interval}

    def subscription(self, customer_ref: str, plan_id: str) -> str:
        return self.api.subscriptions.create({
            "customer": self._customer(customer_ref),
            "items": [{"price": self._price(plan_id)[1].id}]}).id

    def next_charge_at(self, subscription_ref: str) -> datetime:
        subscription = self.api.subscriptions.retrieve(subscription_ref)
        at = subscription.trial_end or subscription["items"].data[0].current_period_end
        return datetime.fromtimestamp(at, UTC)

    def payments_taken(self) -> int:
        return sum(o["object"] == "payment_intent" and o["status"] == "succeeded"
                   for o in self.standin.objects.values())


def stripe_harness(request: pytest.FixtureRequest) -> Harness:
    standin: StripeStandIn = request.getfixturevalue("stripe_standin")
    standin.reset()
    return StripeHarness(standin)


# -- razorpay -----------------------------------------------------------------------------
class RazorpayHarness(Harness):
    """The adapter on the local stand-in; the harness reads back through its own client."""

    def __init__(self, standin: RazorpayStandIn) -> None:
        self.standin = standin
        self.gateway = RazorpayPaymentGateway(key_id=standin.key_id,
                                              key_secret=standin.key_secret,
                                              base_url=standin.url)
        self.api = razorpay.Client(auth=(standin.key_id, standin.key_secret),
                                   base_url=standin.url)

    def pay(self, checkout_id: str) -> None:
        self.standin.control(f"payment_links/{checkout_id}/pay")

    def decline(self, customer_ref: str, on: bool = True) -> None:
        [customer] = [c for c in self.api.customer.all({"count": 100})["items"]
                      if c["notes"] and c["notes"].get("customer_ref") == customer_ref]
        self.standin.control(f"customers/{customer['id']}/decline", on=on)

    def _plan(self, plan_id: str) -> dict:
        plans = [p for p in self.api.plan.all({"count": 100})["items"]
                 if p["notes"] and p["notes"].get("plan_ref") == plan_id]
        return max(plans, key=lambda p: int(p["notes"]["version"]))

    def plan(self, plan_id: str) -> dict:
        plan = self._plan(plan_id)
        assert plan["interval"] == 1
        return {"plan_key": plan["notes"]["plan_key"], "name": plan["item"]["name"],
                "amount": plan["item"]["amount"], "currency": plan["item"]["currency"],
                "interval": {period: name for name, period in PERIODS.items()}[plan["period"]]}

    def subscription(self, customer_ref: str, plan_id: str) -> str:
        return self.api.subscription.create({
            "plan_id": self._plan(plan_id)["id"], "total_count": 12, "customer_notify": 0,
            "notes": {"customer_ref": customer_ref}})["id"]

    def next_charge_at(self, subscription_ref: str) -> datetime:
        return datetime.fromtimestamp(
            self.api.subscription.fetch(subscription_ref)["charge_at"], UTC)

    def payments_taken(self) -> int:
        return sum(p["status"] == "captured" for p in self.standin.of("payment"))


def razorpay_harness(request: pytest.FixtureRequest) -> Harness:
    standin: RazorpayStandIn = request.getfixturevalue("razorpay_standin")
    standin.reset()
    return RazorpayHarness(standin)


# -- xendit -------------------------------------------------------------------------------
class XenditHarness(Harness):
    """The adapter on the local stand-in; the harness reads back what the stand-in holds."""

    INTERVALS = {("DAY", 1): "day", ("WEEK", 1): "week", ("MONTH", 1): "month",
                 ("MONTH", 12): "year"}

    def __init__(self, standin: XenditStandIn) -> None:
        self.standin = standin
        self.gateway = XenditPaymentGateway(secret_key=standin.secret_key,
                                            base_url=standin.url)

    def pay(self, checkout_id: str) -> None:
        self.standin.control(f"invoices/{checkout_id}/pay")

    def decline(self, customer_ref: str, on: bool = True) -> None:
        self.standin.control(f"customers/{customer_ref}/decline", on=str(on).lower())

    def _customer(self, reference_id: str) -> dict:
        [customer] = [c for c in self.standin.of_kind("customer")
                      if c["reference_id"] == reference_id]
        return customer

    def _current(self, plan_id: str) -> dict:
        return self.standin.objects[self._customer(plan_id)["metadata"]["plan_id"]]

    def plan(self, plan_id: str) -> dict:
        plan = self._current(plan_id)
        assert plan["reference_id"] == plan_id and plan["status"] != "INACTIVE"
        schedule = plan["schedule"]
        return {"plan_key": plan["metadata"]["plan_key"], "name": plan["description"],
                "amount": from_xendit(plan["amount"], plan["currency"]),
                "currency": plan["currency"],
                "interval": self.INTERVALS[schedule["interval"], schedule["interval_count"]]}

    def subscription(self, customer_ref: str, plan_id: str) -> str:
        """The reader's own Recurring Plan on the catalogue plan's terms and saved card."""
        template, customer = self._current(plan_id), self._customer(customer_ref)
        [method] = [m for m in self.standin.of_kind("payment_method")
                    if m["customer_id"] == customer["id"]]
        answer = requests.post(f"{self.standin.url}/recurring/plans",
                               auth=(self.standin.secret_key, ""), timeout=10, json={
            "reference_id": f"{plan_id}:{customer_ref}", "customer_id": customer["id"],
            "recurring_action": "PAYMENT", "currency": template["currency"],
            "amount": float(template["amount"]),
            "schedule": {k: template["schedule"][k] for k in ("interval", "interval_count")},
            "payment_methods": [{"payment_method_id": method["id"], "rank": 1}]})
        answer.raise_for_status()
        return answer.json()["id"]

    def next_charge_at(self, subscription_ref: str) -> datetime:
        [cycle] = [c for c in self.standin.of_kind("cycle")
                   if c["plan_id"] == subscription_ref and c["status"] == "SCHEDULED"]
        return datetime.fromisoformat(cycle["scheduled_timestamp"])

    def payments_taken(self) -> int:
        return sum(o["status"] in ("PAID", "SETTLED", "SUCCEEDED") for o in
                   self.standin.of_kind("invoice") + self.standin.of_kind("payment_request"))


def xendit_harness(request: pytest.FixtureRequest) -> Harness:
    standin: XenditStandIn = request.getfixturevalue("xendit_standin")
    standin.reset()
    return XenditHarness(standin)


HARNESSES: dict[str, Callable[[pytest.FixtureRequest], Harness]] = {
    "sandbox": lambda request: SandboxHarness(),
    "stripe": stripe_harness,
    "xendit": xendit_harness,
    "razorpay": razorpay_harness,
}
