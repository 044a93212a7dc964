"""The payment gateway on Stripe, through the stripe SDK.

Each adapter holds its own ``StripeClient`` (its secret key, its base URL), never the SDK's
module-level configuration, so two authors' accounts never share state. The mapping:

- ``create_checkout``: a Checkout Session (``mode=payment``) with one inline ``price_data``
  line, our metadata on the session and its PaymentIntent, and
  ``setup_future_usage=off_session`` so the card is saved for renewals and upgrades. With
  ``metadata["customer_ref"]`` the session is bound to that reader's Stripe Customer (found
  by its ``customer_ref`` metadata, created once otherwise); without it Stripe creates one.
- ``get_checkout``: ``complete`` once Stripe says the session is complete *and* paid (one
  still waiting for an asynchronous payment is ``open``), ``open`` or ``expired`` as Stripe
  says; a session Stripe does not know is ``LookupError``.
- ``expire_checkout``: expires an open session; a paid one answers as it is.
- ``sync_plan``: a Product whose id is derived from the plan key, holding a recurring Price
  with ``lookup_key=plan_key``. Prices are immutable: a changed amount, currency or interval
  creates a new Price that takes the lookup key over, and the old one is deactivated. The
  answer is the Product id, which stays the same for a plan key whatever its prices.
- ``charge``: a PaymentIntent confirmed off-session on the customer's latest saved card. A
  card error is a ``failed`` Charge with Stripe's code (``card_declined``,
  ``authentication_required``…) and the PaymentIntent's id; a customer without a saved card
  gets a ``failed`` Charge (``no_payment_method``) on an unconfirmed PaymentIntent. Any other
  final status than ``succeeded`` is ``failed`` with that status as its code.
- ``reschedule``: a Stripe-billed Subscription's ``trial_end`` moves to the date with
  ``proration_behavior=none``, Stripe's way to push the next invoice without charging.
  (Subscriptions our own job bills have no gateway subscription and are never rescheduled.)
- ``start_subscription``: a Subscription (``POST /v1/subscriptions``) of the plan's current
  Price for the reader's Customer, ``default_payment_method`` their latest saved card,
  ``trial_end`` the first charge (as ``reschedule`` does: nothing is charged before it),
  ``proration_behavior=none``, ``off_session``, our metadata, the idempotency key as
  Stripe's. No Customer or no saved card, an unknown plan or a naive/past date:
  ``ValueError``. Statuses: ``trialing``/``active`` are ``active``; ``past_due``,
  ``unpaid``, ``incomplete`` are ``past_due``; ``paused`` or any subscription with
  ``pause_collection`` set is ``paused``; ``canceled``/``incomplete_expired`` are
  ``canceled``. ``current_period_end``: a pause's ``resumes_at``, else ``trial_end`` while
  trialing, else the first item's ``current_period_end``; None once canceled. The plan id
  read back is the item's Price's Product (``sync_plan``'s answer).
- ``change_subscription_plan``: the first item's price becomes the plan's current Price,
  ``proration_behavior=none`` (Ownverso charges an upgrade's difference itself).
- ``cancel_subscription``: at period end ``cancel_at_period_end=true``, else
  ``DELETE /v1/subscriptions/{id}``; a canceled one answers as it is.
- ``pause_subscription``: ``pause_collection={behavior: void, resumes_at}`` and
  ``trial_end=resumes_at`` (so the next invoice is at the pause's end);
  ``resume_subscription`` clears ``pause_collection`` and ``cancel_at_period_end``.
- ``refund``: a Refund on the paid session's PaymentIntent; Stripe's ``pending`` and
  ``requires_action`` are ``pending``, ``failed`` and ``canceled`` are ``failed``;
  ``get_refund`` reads one back the same way.
- ``refund_charge``: a Refund on the charge's PaymentIntent; Stripe refuses one not succeeded.
- A paid checkout's ``payment_ref`` is its PaymentIntent, which refunds and disputes name.

Errors: no answer, a timeout, a rate limit, a 5xx or a refused secret key raise
``GatewayUnavailable`` (the SDK has already retried with the same idempotency key); an
object Stripe does not know is ``LookupError``; a request Stripe refuses (more than is left
to refund, an idempotency key reused with other arguments) is ``ValueError``."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

import stripe

from ownverso.adapters.gateway_times import future_timestamp
from ownverso.services.ports.payments import (
    Charge,
    Checkout,
    GatewaySubscription,
    GatewayUnavailable,
    PaymentGateway,
    Refund,
)

CUSTOMER_REF = "customer_ref"  # metadata naming our reader on checkouts and Stripe customers
SUBSCRIPTION_STATUSES = {"trialing": "active", "active": "active", "past_due": "past_due",
                         "unpaid": "past_due", "incomplete": "past_due", "paused": "paused",
                         "canceled": "canceled", "incomplete_expired": "canceled"}
REFUND_STATUSES = {"succeeded": "succeeded", "pending": "pending",
                   "requires_action": "pending", "failed": "failed", "canceled": "failed"}


def _positive(amount: object) -> int:
    if not isinstance(amount, int) or isinstance(amount, bool) or amount <= 0:
        raise ValueError("amount must be a positive integer in the smallest currency unit")
    return amount


@contextmanager
def _stripe_errors() -> Iterator[None]:
    """Stripe's errors as the port's: unavailable, unknown or refused."""
    try:
        yield
    except (stripe.APIConnectionError, stripe.RateLimitError, stripe.APIError) as error:
        raise GatewayUnavailable(f"Stripe did not answer: {type(error).__name__}") from error
    except stripe.AuthenticationError:
        raise GatewayUnavailable("Stripe refused the secret key") from None
    except stripe.IdempotencyError as error:
        raise ValueError(f"Stripe refused a reused idempotency key: {error.user_message}") \
            from error
    except stripe.InvalidRequestError as error:
        if error.code == "resource_missing":
            raise LookupError(error.user_message) from error
        raise ValueError(f"Stripe refused the request: {error.user_message}") from error


class StripePaymentGateway(PaymentGateway):
    name = "stripe"

    def __init__(self, *, secret_key: str, base_url: str = stripe.DEFAULT_API_BASE,
                 timeout: float = 20.0, max_network_retries: int = 2):
        self._stripe = stripe.StripeClient(
            secret_key, base_addresses={"api": base_url.rstrip("/")},
            max_network_retries=max_network_retries,
            http_client=stripe.RequestsClient(timeout=timeout)).v1

    def __repr__(self) -> str:
        return f"{type(self).__name__}()"  # never the secret key

    # -- checkouts ------------------------------------------------------------------------
    def create_checkout(self, *, amount: int, currency: str, description: str,
                        metadata: dict, success_url: str, cancel_url: str,
                        idempotency_key: str) -> Checkout:
        _positive(amount)
        params: dict[str, Any] = {
            "mode": "payment", "success_url": success_url, "cancel_url": cancel_url,
            "line_items": [{"quantity": 1, "price_data": {
                "currency": currency.lower(), "unit_amount": amount,
                "product_data": {"name": description}}}],
            "metadata": metadata,
            "payment_intent_data": {"setup_future_usage": "off_session",
                                    "description": description, "metadata": metadata}}
        with _stripe_errors():
            if metadata.get(CUSTOMER_REF):
                params["customer"] = self._customer(str(metadata[CUSTOMER_REF]), create=True)
            else:
                params["customer_creation"] = "always"
            session = self._stripe.checkout.sessions.create(
                params, {"idempotency_key": idempotency_key})
        return self._checkout(session.to_dict())

    def get_checkout(self, checkout_id: str) -> Checkout:
        with _stripe_errors():
            return self._checkout(self._session(checkout_id))

    def expire_checkout(self, checkout_id: str) -> Checkout:
        with _stripe_errors():
            session = self._session(checkout_id)
            if session["status"] != "open":
                return self._checkout(session)
            try:
                session = self._stripe.checkout.sessions.expire(checkout_id).to_dict()
            except stripe.InvalidRequestError:  # completed meanwhile
                session = self._session(checkout_id)
        return self._checkout(session)

    def _session(self, checkout_id: str) -> dict:
        return self._stripe.checkout.sessions.retrieve(checkout_id).to_dict()

    @staticmethod
    def _checkout(session: dict) -> Checkout:
        status = session["status"]
        if status == "complete" and session["payment_status"] == "unpaid":
            status = "open"  # an asynchronous payment not yet arrived
        intent = session.get("payment_intent")
        return Checkout(id=session["id"], amount=session["amount_total"],
                        currency=session["currency"].upper(), status=status,
                        url=session.get("url") or "", metadata=dict(session["metadata"] or {}),
                        payment_ref=(intent.get("id") if isinstance(intent, dict) else intent)
                        if status == "complete" else None)

    def _customer(self, customer_ref: str, *, create: bool) -> str | None:
        """The Stripe Customer carrying ``customer_ref`` in its metadata. Stripe's search is
        eventually consistent (about a minute); a charge comes long after the checkout that
        created the customer."""
        quoted = customer_ref.replace("\\", "\\\\").replace("'", "\\'")
        found = self._stripe.customers.search(
            {"query": f"metadata['{CUSTOMER_REF}']:'{quoted}'", "limit": 1})
        if found.data:
            return found.data[0].id
        if not create:
            return None
        return self._stripe.customers.create(
            {"metadata": {CUSTOMER_REF: customer_ref}},
            {"idempotency_key": f"customer:{customer_ref}"}).id

    # -- plans ----------------------------------------------------------------------------
    def sync_plan(self, *, plan_key: str, name: str, amount: int, currency: str,
                  interval: str) -> str:
        if not isinstance(amount, int) or isinstance(amount, bool) or amount < 0:
            raise ValueError("amount must be a whole number in the smallest currency unit")
        product_id = "prod_ov_" + hashlib.sha256(plan_key.encode()).hexdigest()[:24]
        with _stripe_errors():
            self._product(product_id, plan_key=plan_key, name=name)
            current = self._stripe.prices.list(
                {"lookup_keys": [plan_key], "active": True, "limit": 1}).data
            price = current[0].to_dict() if current else None
            if price is not None and (price["unit_amount"], price["currency"],
                                      price["recurring"]["interval"]) == (
                                          amount, currency.lower(), interval):
                return product_id
            self._stripe.prices.create({
                "product": product_id, "unit_amount": amount, "currency": currency.lower(),
                "recurring": {"interval": interval}, "lookup_key": plan_key,
                "transfer_lookup_key": True, "metadata": {"plan_key": plan_key}})
            if price is not None:
                self._stripe.prices.update(price["id"], {"active": False})
        return product_id

    def _product(self, product_id: str, *, plan_key: str, name: str) -> None:
        """The plan's Product, created once (a concurrent sync may create it first)."""
        try:
            product = self._stripe.products.retrieve(product_id)
        except stripe.InvalidRequestError as error:
            if error.code != "resource_missing":
                raise
            try:
                self._stripe.products.create(
                    {"id": product_id, "name": name, "metadata": {"plan_key": plan_key}})
                return
            except stripe.InvalidRequestError as race:
                if race.code != "resource_already_exists":
                    raise
                product = self._stripe.products.retrieve(product_id)
        if product.name != name:
            self._stripe.products.update(product_id, {"name": name})

    # -- off-session charges --------------------------------------------------------------
    def charge(self, *, customer_ref: str, amount: int, currency: str, description: str,
               metadata: dict, idempotency_key: str) -> Charge:
        _positive(amount)
        with _stripe_errors():
            customer = self._customer(customer_ref, create=False)
            cards = (self._stripe.customers.payment_methods.list(
                customer, {"type": "card", "limit": 1}).data if customer else [])
            params: dict[str, Any] = {
                "amount": amount, "currency": currency.lower(), "description": description,
                "metadata": {**metadata, CUSTOMER_REF: customer_ref}}
            if customer:
                params["customer"] = customer
            if cards:
                params.update(payment_method=cards[0].id, off_session=True, confirm=True)
            try:
                intent = self._stripe.payment_intents.create(
                    params, {"idempotency_key": idempotency_key}).to_dict()
            except stripe.CardError as error:
                declined = error.json_body["error"]["payment_intent"]
                return Charge(id=declined["id"], amount=amount, currency=currency.upper(),
                              status="failed", failure_code=error.code or "card_error")
        succeeded = intent["status"] == "succeeded"
        return Charge(id=intent["id"], amount=intent["amount"],
                      currency=intent["currency"].upper(),
                      status="succeeded" if succeeded else "failed",
                      failure_code=None if succeeded else (
                          "no_payment_method" if not cards else intent["status"]))

    def reschedule(self, *, subscription_ref: str, next_charge_at: datetime) -> None:
        if next_charge_at.tzinfo is None:
            raise ValueError("next_charge_at must be an aware datetime")
        with _stripe_errors():
            self._stripe.subscriptions.update(subscription_ref, {
                "trial_end": int(next_charge_at.timestamp()), "proration_behavior": "none"})

    # -- gateway-billed subscriptions -----------------------------------------------------
    def start_subscription(self, *, customer_ref: str, plan_id: str, first_charge_at: datetime,
                           metadata: dict, idempotency_key: str) -> GatewaySubscription:
        first = future_timestamp(first_charge_at, "first_charge_at")
        with _stripe_errors():
            customer = self._customer(customer_ref, create=False)
            cards = (self._stripe.customers.payment_methods.list(
                customer, {"type": "card", "limit": 1}).data if customer else [])
            if not customer or not cards:
                raise ValueError(f"{customer_ref} has no saved card")
            subscription = self._stripe.subscriptions.create({
                "customer": customer, "items": [{"price": self._plan_price(plan_id)}],
                "default_payment_method": cards[0].id, "trial_end": first,
                "proration_behavior": "none", "off_session": True,
                "metadata": {**metadata, CUSTOMER_REF: customer_ref}},
                {"idempotency_key": idempotency_key})
        return self._subscription(subscription.to_dict())

    def get_subscription(self, subscription_ref: str) -> GatewaySubscription:
        with _stripe_errors():
            return self._subscription(self._stripe_subscription(subscription_ref))

    def change_subscription_plan(self, *, subscription_ref: str,
                                 plan_id: str) -> GatewaySubscription:
        with _stripe_errors():
            subscription = self._live(subscription_ref)
            item = subscription["items"]["data"][0]["id"]
            return self._update(subscription_ref, {
                "items": [{"id": item, "price": self._plan_price(plan_id)}],
                "proration_behavior": "none"})

    def cancel_subscription(self, *, subscription_ref: str,
                            at_period_end: bool) -> GatewaySubscription:
        with _stripe_errors():
            subscription = self._stripe_subscription(subscription_ref)
            if SUBSCRIPTION_STATUSES.get(subscription["status"]) == "canceled":
                return self._subscription(subscription)
            if at_period_end:
                return self._update(subscription_ref, {"cancel_at_period_end": True})
            return self._subscription(
                self._stripe.subscriptions.cancel(subscription_ref).to_dict())

    def pause_subscription(self, *, subscription_ref: str,
                           resume_at: datetime) -> GatewaySubscription:
        until = future_timestamp(resume_at, "resume_at")
        with _stripe_errors():
            self._live(subscription_ref)
            return self._update(subscription_ref, {
                "pause_collection": {"behavior": "void", "resumes_at": until},
                "trial_end": until, "proration_behavior": "none"})

    def resume_subscription(self, *, subscription_ref: str) -> GatewaySubscription:
        with _stripe_errors():
            self._live(subscription_ref)
            return self._update(subscription_ref, {"pause_collection": "",
                                                   "cancel_at_period_end": False})

    def _stripe_subscription(self, subscription_ref: str) -> dict:
        return self._stripe.subscriptions.retrieve(subscription_ref).to_dict()

    def _live(self, subscription_ref: str) -> dict:
        """The subscription, refused (``ValueError``) once it has ended."""
        subscription = self._stripe_subscription(subscription_ref)
        if SUBSCRIPTION_STATUSES.get(subscription["status"]) == "canceled":
            raise ValueError("the subscription has ended")
        return subscription

    def _update(self, subscription_ref: str, params: dict) -> GatewaySubscription:
        return self._subscription(
            self._stripe.subscriptions.update(subscription_ref, params).to_dict())

    def _plan_price(self, plan_id: str) -> str:
        """The current Price of a ``sync_plan`` answer (a Product); ``ValueError`` if none."""
        try:
            product = self._stripe.products.retrieve(plan_id)
        except stripe.InvalidRequestError as error:
            if error.code == "resource_missing":
                raise ValueError(f"unknown plan {plan_id}") from error
            raise
        plan_key = (product.to_dict().get("metadata") or {}).get("plan_key")
        prices = self._stripe.prices.list(
            {"lookup_keys": [plan_key], "active": True, "limit": 1}).data if plan_key else []
        if not prices:
            raise ValueError(f"plan {plan_id} has no active price")
        return prices[0].id

    @staticmethod
    def _subscription(subscription: dict) -> GatewaySubscription:
        status = SUBSCRIPTION_STATUSES.get(subscription["status"], "past_due")
        pause = subscription.get("pause_collection") or None
        if pause and status != "canceled":
            status = "paused"
        item = subscription["items"]["data"][0]
        price = item["price"]
        product = price["product"]
        if status == "canceled":
            end = None
        elif pause and pause.get("resumes_at"):
            end = pause["resumes_at"]
        elif subscription["status"] == "trialing" and subscription.get("trial_end"):
            end = subscription["trial_end"]
        else:
            end = subscription.get("current_period_end") or item.get("current_period_end")
        return GatewaySubscription(
            id=subscription["id"],
            plan_id=product["id"] if isinstance(product, dict) else product, status=status,
            current_period_end=datetime.fromtimestamp(end, UTC) if end else None,
            cancel_at_period_end=bool(subscription.get("cancel_at_period_end"))
            and status != "canceled")

    # -- refunds --------------------------------------------------------------------------
    def refund(self, *, checkout_id: str, amount: int, idempotency_key: str) -> Refund:
        _positive(amount)
        with _stripe_errors():
            session = self._session(checkout_id)
            if session["payment_status"] != "paid" or not session["payment_intent"]:
                raise ValueError("only a paid checkout can be refunded")
            refund = self._stripe.refunds.create(
                {"payment_intent": session["payment_intent"], "amount": amount,
                 "metadata": {"checkout_id": checkout_id}},
                {"idempotency_key": idempotency_key})
        return self._refund(refund.to_dict())

    def refund_charge(self, *, charge_id: str, amount: int, idempotency_key: str) -> Refund:
        _positive(amount)
        with _stripe_errors():
            refund = self._stripe.refunds.create(
                {"payment_intent": charge_id, "amount": amount,
                 "metadata": {"charge_id": charge_id}},
                {"idempotency_key": idempotency_key})
        return self._refund(refund.to_dict())

    def get_refund(self, refund_id: str) -> Refund:
        with _stripe_errors():
            return self._refund(self._stripe.refunds.retrieve(refund_id).to_dict())

    @staticmethod
    def _refund(refund: dict) -> Refund:
        return Refund(id=refund["id"], amount=refund["amount"],
                      status=REFUND_STATUSES.get(refund.get("status") or "", "pending"))
