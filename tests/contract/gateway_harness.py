"""Every ``PaymentGateway`` adapter under one contract: a ``Harness`` is the adapter under
test plus what the tests need to play the customer and to read back what the gateway holds.

A new adapter registers a factory in ``HARNESSES`` (it receives pytest's ``request``, to
reach its stand-in server's session fixture in ``tests/contract/conftest.py``), and every
contract test in ``test_payment_*.py`` runs on it."""

from __future__ import annotations

import abc
from collections.abc import Callable
from datetime import UTC, datetime

import pytest
import stripe

from ownverso.adapters.ids import SequentialIds
from ownverso.adapters.sandbox_payments import SandboxPaymentGateway
from ownverso.adapters.stripe_payments import StripePaymentGateway
from ownverso.services.ports.payments import PaymentGateway
from tests.support.standins.stripe_server import StripeStandIn


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
        self.gateway = self.sandbox = SandboxPaymentGateway(SequentialIds())

    def pay(self, checkout_id: str) -> None:
        self.sandbox.complete(checkout_id)

    def decline(self, customer_ref: str, on: bool = True) -> None:
        self.sandbox.decline(customer_ref, on)

    def plan(self, plan_id: str) -> dict:
        return self.sandbox.plans[plan_id]

    def subscription(self, customer_ref: str, plan_id: str) -> str:
        return f"sub_sandbox_{customer_ref}"  # the sandbox keeps schedules for any ref

    def next_charge_at(self, subscription_ref: str) -> datetime:
        return self.sandbox.schedules[subscription_ref]


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


def stripe_harness(request: pytest.FixtureRequest) -> Harness:
    standin: StripeStandIn = request.getfixturevalue("stripe_standin")
    standin.reset()
    return StripeHarness(standin)


HARNESSES: dict[str, Callable[[pytest.FixtureRequest], Harness]] = {
    "sandbox": lambda request: SandboxHarness(),
    "stripe": stripe_harness,
}
