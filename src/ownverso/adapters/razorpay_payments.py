"""The payment gateway on Razorpay, through the razorpay SDK.

Each adapter holds its own ``razorpay.Client`` (its key pair, its base URL, its own
``requests`` session), never shared state, so two authors' accounts never mix. Razorpay has
no idempotency header on these endpoints: idempotency keys become the ``reference_id`` of a
Payment Link, the ``receipt`` of an Order and a refund's notes, and a retry finds the object
they name before creating another. The mapping:

- ``create_checkout``: a Payment Link (``POST /v1/payment_links``) with the amount, currency,
  description, our metadata as ``notes`` (at most 15, values as strings), the success URL as
  ``callback_url`` (a Payment Link has no cancel URL) and ``reference_id`` derived from the
  idempotency key. Razorpay refuses a second link with that reference: the adapter then
  answers the existing one (``GET /v1/payment_links?reference_id=``). With
  ``metadata["customer_ref"]`` the link's checkout options name that reader's Razorpay
  Customer and ask to save the card for recurring use (``options.checkout`` with
  ``customer_id``, ``save`` and ``recurring``), which creates the token ``charge`` uses.
  The Customer carries ``customer_ref`` in its notes and is found by listing customers;
  Razorpay's ``fail_existing=0`` only deduplicates on email and contact, which we do not
  send, so two concurrent first checkouts may create two customers: the oldest one wins.
- Link statuses: ``created``/``partially_paid`` are ``open``, ``paid`` is ``complete``,
  ``expired``/``cancelled`` are ``expired``; a paid link's ``payment_ref`` is its captured
  payment. ``expire_checkout`` cancels a ``created`` link; a paid one answers as it is.
- ``sync_plan``: Razorpay plans are immutable, so each change of name, amount, currency or
  interval creates a new plan whose notes carry the plan key, a ``plan_ref`` derived from it
  and a version; the current plan is the highest version found by listing plans. The answer
  is the ``plan_ref``, the same for a plan key whatever its plans (like Stripe's Product).
- ``charge``: an Order (``POST /v1/orders``, ``receipt`` derived from the idempotency key,
  auto-capture) paid by ``POST /v1/payments/create/recurring`` on the customer's confirmed
  recurring token. A retry finds the order by its receipt and answers its first payment; an
  order without any payment attempt (an answer lost before Razorpay created the payment) is
  paid then. A decline is a ``failed`` Charge with the payment's ``error_reason`` (or
  ``error_code``); no token is a ``failed`` Charge (``no_payment_method``) on the order.
- ``reschedule``: ``PATCH /v1/subscriptions/{id}`` with ``start_at``. Razorpay moves only a
  subscription that has not started charging (``created`` or ``authenticated``): it offers
  no way to move an active subscription's next charge, and refuses (``ValueError``).
- ``start_subscription``: ``POST /v1/subscriptions`` on the plan key's current plan, for the
  reader's Customer (``customer_id``), ``start_at`` the first charge, ``total_count`` from
  ``TOTAL_COUNTS`` (about ten years), ``customer_notify=0``, our metadata, ``customer_ref``,
  our plan id (``plan_ref``) and the idempotency key in its notes. Razorpay has no
  idempotency header: the subscriptions are listed first and the one whose notes carry the
  key answered (serialised per adapter instance, as refunds are). No Customer or no
  confirmed recurring token, an unknown plan or a naive/past date: ``ValueError``.
  Razorpay cannot attach an existing token to a new subscription: it stays ``created``
  until the reader authenticates it on its ``short_url``. Statuses:
  ``created``/``authenticated``/``active`` are ``active``, ``pending``/``halted``
  ``past_due``, ``paused`` ``paused``, ``cancelled``/``completed``/``expired`` ``canceled``.
  ``current_period_end`` is ``charge_at`` (``start_at`` before it is set).
- ``change_subscription_plan``: ``PATCH /v1/subscriptions/{id}`` with the other plan key's
  current plan, ``schedule_change_at=cycle_end`` once charging (``now`` before: nothing to
  prorate), and the new ``plan_ref`` in the notes.
- Marks Razorpay has no field for are kept in the subscription's notes, rewritten whole by
  ``PATCH``: ``ov_paused_until`` (Razorpay's pause has no end date) and
  ``ov_cancel_at_period_end``/``ov_period_end``. ``pause_subscription`` moves ``start_at``
  to the pause's end before the subscription charges, else ``POST /pause`` (``pause_at=now``);
  it reads ``paused`` with ``current_period_end`` the pause's end until then, and someone
  (Ownverso's job) must call ``resume_subscription`` then: ``POST /resume``
  (``resume_at=now``) for one Razorpay paused. ``cancel_subscription`` at period end marks
  the notes and, once charging, ``POST /cancel`` with ``cancel_at_cycle_end=1``, which
  Razorpay never undoes: resuming it is then a ``ValueError`` (before it charges, the mark
  alone holds and resuming clears it). A cancel now is ``POST /cancel``
  (``cancel_at_cycle_end=0``).
- ``refund``: ``POST /v1/payments/{id}/refund`` on the link's captured payment, the key in the
  refund's ``notes`` and ``receipt``. Before creating, the payment's refunds are listed and
  the one carrying the key is answered. Refunds through one adapter instance are serialised;
  two processes refunding with the same key at the same instant could both create a refund
  (never more than the payment has left). ``processed`` is ``succeeded``, ``pending`` is
  ``pending``, ``failed`` is ``failed``; ``get_refund`` reads one back the same way.
- ``refund_charge``: the same refund of the charge's payment; Razorpay refuses one not captured,
  and a failed charge without a token (its id an order's) is refused before asking.

Errors: no answer, a timeout, a refused key (401), a rate limit (429) or a 5xx raise
``GatewayUnavailable``. The SDK keeps only Razorpay's error code, not the HTTP status, so the
adapter's session (a ``requests.Session`` given to the client, which also adds the timeout
the SDK never sets) raises those from a response hook before the SDK reads them. An id
Razorpay does not know is ``LookupError``; any other refusal (``BAD_REQUEST_ERROR``: more than
is left to refund, an amount under the minimum) is ``ValueError``."""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

import razorpay
import requests
from razorpay.errors import BadRequestError, GatewayError, ServerError

from ownverso.adapters.gateway_times import future_timestamp
from ownverso.services.ports.payments import (
    Charge,
    Checkout,
    GatewaySubscription,
    GatewayUnavailable,
    PaymentGateway,
    Refund,
)

BASE_URL = "https://api.razorpay.com"
CUSTOMER_REF = "customer_ref"  # notes naming our reader on Razorpay customers and orders
IDEMPOTENCY_KEY = "idempotency_key"  # notes naming our operation on refunds
MAX_NOTES = 15  # Razorpay's limit on notes per object
PAGE = 100  # Razorpay's largest page (``count``)
PERIODS = {"day": "daily", "week": "weekly", "month": "monthly", "year": "yearly"}
LINK_STATUSES = {"created": "open", "partially_paid": "open", "paid": "complete",
                 "expired": "expired", "cancelled": "expired"}
SUBSCRIPTION_STATUSES = {"created": "active", "authenticated": "active", "active": "active",
                         "pending": "past_due", "halted": "past_due", "paused": "paused",
                         "cancelled": "canceled", "completed": "canceled",
                         "expired": "canceled"}
NOT_CHARGING = ("created", "authenticated")  # Razorpay statuses before the first charge
TOTAL_COUNTS = {"daily": 3650, "weekly": 520, "monthly": 120, "yearly": 10}
PAUSED_UNTIL, ENDING, PERIOD_END = "ov_paused_until", "ov_cancel_at_period_end", "ov_period_end"
REFUND_STATUSES = {"processed": "succeeded", "pending": "pending", "failed": "failed"}
_UNKNOWN = ("does not exist", "is not a valid id")  # Razorpay's words for an unknown id


def _positive(amount: object) -> int:
    if not isinstance(amount, int) or isinstance(amount, bool) or amount <= 0:
        raise ValueError("amount must be a positive integer in the smallest currency unit")
    return amount


def reference(idempotency_key: str) -> str:
    """A ``reference_id``/``receipt`` (Razorpay allows 40 characters) for our key: the key
    itself when it fits, else a digest of it."""
    if 0 < len(idempotency_key) <= 40:
        return idempotency_key
    return "ov_" + hashlib.sha256(idempotency_key.encode()).hexdigest()[:37]


def plan_ref(plan_key: str) -> str:
    """The stable answer of ``sync_plan`` for a plan key, kept in its plans' notes."""
    return "ovplan_" + hashlib.sha256(plan_key.encode()).hexdigest()[:24]


def _notes(metadata: dict) -> dict[str, str]:
    if len(metadata) > MAX_NOTES:
        raise ValueError(f"Razorpay keeps at most {MAX_NOTES} notes")
    return {str(key): str(value) for key, value in metadata.items()}


def _moment(value: object) -> datetime | None:
    """A Unix timestamp (a number, or one kept as a string in notes) as an aware datetime."""
    if value in (None, "", 0):
        return None
    return datetime.fromtimestamp(int(str(value)), UTC)


def _read_notes(obj: dict) -> dict:
    notes = obj.get("notes")
    return dict(notes) if isinstance(notes, dict) else {}  # Razorpay answers [] for none


class _Session(requests.Session):
    """The client's HTTP session: a timeout on every request, and Razorpay's refusals of the
    key, rate limits and 5xx raised as ``GatewayUnavailable`` from the response."""

    def __init__(self, timeout: float):
        super().__init__()
        self.timeout = timeout
        self.hooks["response"].append(self._unavailable)

    def request(self, method: str | bytes, url: str | bytes, *args: Any,
                **kwargs: Any) -> requests.Response:
        kwargs.setdefault("timeout", self.timeout)
        return super().request(method, url, *args, **kwargs)

    @staticmethod
    def _unavailable(response: requests.Response, *args: Any, **kwargs: Any) -> None:
        if response.status_code in (401, 429) or response.status_code >= 500:
            raise GatewayUnavailable(f"Razorpay did not answer: HTTP {response.status_code}")


@contextmanager
def _razorpay_errors() -> Iterator[None]:
    """Razorpay's errors as the port's: unavailable, unknown or refused."""
    try:
        yield
    except (ServerError, GatewayError, requests.RequestException) as error:
        raise GatewayUnavailable(f"Razorpay did not answer: {type(error).__name__}") \
            from error
    except BadRequestError as error:
        message = str(error)
        if any(words in message for words in _UNKNOWN):
            raise LookupError(message) from error
        raise ValueError(f"Razorpay refused the request: {message}") from error


class RazorpayPaymentGateway(PaymentGateway):
    name = "razorpay"
    renews_saved_cards = False  # a subscription waits for the customer at its short_url

    def __init__(self, *, key_id: str, key_secret: str, base_url: str = BASE_URL,
                 timeout: float = 20.0):
        self._client = razorpay.Client(session=_Session(timeout), auth=(key_id, key_secret),
                                       base_url=base_url.rstrip("/"))
        self._refunding = threading.Lock()
        self._subscribing = threading.Lock()

    def __repr__(self) -> str:
        return f"{type(self).__name__}()"  # never the key secret

    # -- checkouts ------------------------------------------------------------------------
    def create_checkout(self, *, amount: int, currency: str, description: str,
                        metadata: dict, success_url: str, cancel_url: str,
                        idempotency_key: str) -> Checkout:
        _positive(amount)
        ref = reference(idempotency_key)
        params: dict[str, Any] = {
            "amount": amount, "currency": currency.upper(), "description": description,
            "reference_id": ref, "notes": _notes(metadata), "callback_url": success_url,
            "callback_method": "get"}
        with _razorpay_errors():
            if metadata.get(CUSTOMER_REF):
                customer_ref = str(metadata[CUSTOMER_REF])
                customer = self._customer(customer_ref) or self._client.customer.create(
                    {"notes": {CUSTOMER_REF: customer_ref}, "fail_existing": "0"})
                params["options"] = {"checkout": {
                    "customer_id": customer["id"], "save": "1", "recurring": "1"}}
            try:
                link = self._client.payment_link.create(params)
            except BadRequestError:
                found = self._client.payment_link.all({"reference_id": ref})
                existing = found.get("payment_links") or []
                if not existing:
                    raise
                link = existing[0]
                if (link["amount"], link["currency"]) != (amount, currency.upper()):
                    raise ValueError("this idempotency key was used for another checkout") \
                        from None
        return self._checkout(link)

    def get_checkout(self, checkout_id: str) -> Checkout:
        with _razorpay_errors():
            return self._checkout(self._client.payment_link.fetch(checkout_id))

    def expire_checkout(self, checkout_id: str) -> Checkout:
        with _razorpay_errors():
            link = self._client.payment_link.fetch(checkout_id)
            if link["status"] != "created":
                return self._checkout(link)
            try:
                link = self._client.payment_link.cancel(checkout_id)
            except BadRequestError:  # paid meanwhile
                link = self._client.payment_link.fetch(checkout_id)
        return self._checkout(link)

    @staticmethod
    def _checkout(link: dict) -> Checkout:
        status = LINK_STATUSES.get(link["status"], "open")
        paid = next((p["payment_id"] for p in link.get("payments") or []
                     if p.get("status") == "captured"), None)
        return Checkout(id=link["id"], amount=link["amount"],
                        currency=link["currency"].upper(), status=status,
                        url=link.get("short_url") or "", metadata=_read_notes(link),
                        payment_ref=paid if status == "complete" else None)

    def _customer(self, customer_ref: str) -> dict | None:
        """The oldest Razorpay Customer carrying ``customer_ref`` in its notes."""
        found = [c for c in self._pages(self._client.customer.all)
                 if _read_notes(c).get(CUSTOMER_REF) == customer_ref]
        return min(found, key=lambda c: (c.get("created_at", 0), c["id"]), default=None)

    @staticmethod
    def _pages(list_page: Callable[[dict], dict], **params: Any) -> Iterator[dict]:
        """Every item of a Razorpay collection, a page (``count``/``skip``) at a time."""
        skip = 0
        while True:
            items = list_page({**params, "count": PAGE, "skip": skip}).get("items") or []
            yield from items
            if len(items) < PAGE:
                return
            skip += PAGE

    # -- plans ----------------------------------------------------------------------------
    def sync_plan(self, *, plan_key: str, name: str, amount: int, currency: str,
                  interval: str) -> str:
        if not isinstance(amount, int) or isinstance(amount, bool) or amount < 0:
            raise ValueError("amount must be a whole number in the smallest currency unit")
        if interval not in PERIODS:
            raise ValueError(f"Razorpay plans recur by {', '.join(PERIODS)}, not {interval}")
        ref = plan_ref(plan_key)
        with _razorpay_errors():
            current = self.current_plan(ref)
            wanted = (name, amount, currency.upper(), PERIODS[interval], 1)
            if current is not None:
                item = current["item"]
                if (item["name"], item["amount"], item["currency"], current["period"],
                        current["interval"]) == wanted:
                    return ref
            version = int(_read_notes(current)["version"]) + 1 if current else 1
            self._client.plan.create({
                "period": PERIODS[interval], "interval": 1,
                "item": {"name": name, "amount": amount, "currency": currency.upper()},
                "notes": {"plan_key": plan_key, "plan_ref": ref, "version": str(version)}})
        return ref

    def current_plan(self, ref: str) -> dict | None:
        """The Razorpay plan a subscription to ``ref`` (a ``sync_plan`` answer) uses now."""
        with _razorpay_errors():
            plans = [p for p in self._pages(self._client.plan.all)
                     if _read_notes(p).get("plan_ref") == ref]
        return max(plans, key=lambda p: (int(_read_notes(p).get("version", 0)),
                                         p.get("created_at", 0), p["id"]), default=None)

    # -- off-session charges --------------------------------------------------------------
    def charge(self, *, customer_ref: str, amount: int, currency: str, description: str,
               metadata: dict, idempotency_key: str) -> Charge:
        _positive(amount)
        receipt = reference(idempotency_key)
        notes = _notes({**metadata, CUSTOMER_REF: customer_ref})
        with _razorpay_errors():
            orders = self._client.order.all({"receipt": receipt}).get("items") or []
            if orders:
                order = min(orders, key=lambda o: (o.get("created_at", 0), o["id"]))
                if ((order["amount"], order["currency"]) != (amount, currency.upper())
                        or _read_notes(order).get(CUSTOMER_REF) != customer_ref):
                    raise ValueError("this idempotency key was used for another charge")
            else:
                order = self._client.order.create({
                    "amount": amount, "currency": currency.upper(), "receipt": receipt,
                    "payment_capture": 1, "notes": notes})
            attempts = self._client.order.payments(order["id"]).get("items") or []
            if attempts:
                return self._charge(attempts)
            customer = self._customer(customer_ref)
            token = self._token(customer["id"]) if customer else None
            if customer is None or token is None:
                return Charge(id=order["id"], amount=amount, currency=currency.upper(),
                              status="failed", failure_code="no_payment_method")
            try:
                self._client.payment.createRecurring({
                    **{field: customer[field] for field in ("email", "contact")
                       if customer.get(field)},
                    "amount": amount, "currency": currency.upper(), "order_id": order["id"],
                    "customer_id": customer["id"], "token": token["id"], "recurring": "1",
                    "description": description, "notes": notes})
            except (BadRequestError, GatewayError):
                # a decline leaves a failed payment on the order; anything else, none
                attempts = self._client.order.payments(order["id"]).get("items") or []
                if not attempts:
                    raise
                return self._charge(attempts)
            return self._charge(self._client.order.payments(order["id"]).get("items") or [])

    def _token(self, customer_id: str) -> dict | None:
        """The customer's latest confirmed recurring token."""
        tokens = [t for t in self._client.token.all(customer_id).get("items") or []
                  if t.get("recurring") and (t.get("recurring_details") or {}).get(
                      "status") == "confirmed"]
        return max(tokens, key=lambda t: (t.get("created_at", 0), t["id"]), default=None)

    @staticmethod
    def _charge(attempts: list[dict]) -> Charge:
        """The order's captured payment, else its first attempt, as a Charge."""
        if not attempts:
            raise GatewayUnavailable("Razorpay answered a recurring payment it does not list")
        captured = [p for p in attempts if p["status"] == "captured"]
        payment = captured[0] if captured else min(
            attempts, key=lambda p: (p.get("created_at", 0), p["id"]))
        succeeded = payment["status"] == "captured"
        return Charge(id=payment["id"], amount=payment["amount"],
                      currency=payment["currency"].upper(),
                      status="succeeded" if succeeded else "failed",
                      failure_code=None if succeeded else (
                          payment.get("error_reason") or payment.get("error_code")
                          or payment["status"]))

    def reschedule(self, *, subscription_ref: str, next_charge_at: datetime) -> None:
        if next_charge_at.tzinfo is None:
            raise ValueError("next_charge_at must be an aware datetime")
        with _razorpay_errors():
            self._client.subscription.edit(subscription_ref,
                                           {"start_at": int(next_charge_at.timestamp())})

    # -- gateway-billed subscriptions -----------------------------------------------------
    def start_subscription(self, *, customer_ref: str, plan_id: str, first_charge_at: datetime,
                           metadata: dict, idempotency_key: str) -> GatewaySubscription:
        first = future_timestamp(first_charge_at, "first_charge_at")
        key = reference(idempotency_key)
        notes = _notes({**metadata, CUSTOMER_REF: customer_ref, "plan_ref": plan_id,
                        IDEMPOTENCY_KEY: key})
        with _razorpay_errors(), self._subscribing:
            done = next((s for s in self._pages(self._client.subscription.all)
                         if _read_notes(s).get(IDEMPOTENCY_KEY) == key), None)
            if done is not None:
                return self._subscription(done)
            plan = self.current_plan(plan_id)
            if plan is None:
                raise ValueError(f"unknown plan {plan_id}")
            customer = self._customer(customer_ref)
            if customer is None or self._token(customer["id"]) is None:
                raise ValueError(f"{customer_ref} has no saved card")
            return self._subscription(self._client.subscription.create({
                "plan_id": plan["id"], "total_count": TOTAL_COUNTS.get(plan["period"], 120),
                "quantity": 1, "start_at": first, "customer_notify": 0,
                "customer_id": customer["id"], "notes": notes}))

    def get_subscription(self, subscription_ref: str) -> GatewaySubscription:
        with _razorpay_errors():
            return self._subscription(self._client.subscription.fetch(subscription_ref))

    def change_subscription_plan(self, *, subscription_ref: str,
                                 plan_id: str) -> GatewaySubscription:
        with _razorpay_errors():
            subscription = self._live(subscription_ref)
            plan = self.current_plan(plan_id)
            if plan is None:
                raise ValueError(f"unknown plan {plan_id}")
            return self._subscription(self._client.subscription.edit(subscription_ref, {
                "plan_id": plan["id"], "customer_notify": 0,
                "schedule_change_at": "now" if subscription["status"] in NOT_CHARGING
                else "cycle_end",
                "notes": {**_read_notes(subscription), "plan_ref": plan_id}}))

    def cancel_subscription(self, *, subscription_ref: str,
                            at_period_end: bool) -> GatewaySubscription:
        with _razorpay_errors():
            subscription = self._client.subscription.fetch(subscription_ref)
            now = self._subscription(subscription)
            if now.status == "canceled" or (at_period_end and now.cancel_at_period_end):
                return now
            if not at_period_end:
                return self._subscription(self._client.subscription.cancel(
                    subscription_ref, {"cancel_at_cycle_end": 0}))
            end = now.current_period_end
            subscription = self._mark(subscription, **{
                ENDING: "true", PERIOD_END: str(int(end.timestamp())) if end else "",
                PAUSED_UNTIL: ""})
            if subscription["status"] != "created":  # one that charges (or will)
                subscription = self._client.subscription.cancel(
                    subscription_ref, {"cancel_at_cycle_end": 1})
            return self._subscription(subscription)

    def pause_subscription(self, *, subscription_ref: str,
                           resume_at: datetime) -> GatewaySubscription:
        until = future_timestamp(resume_at, "resume_at")
        with _razorpay_errors():
            subscription = self._live(subscription_ref)
            marks = {PAUSED_UNTIL: str(until), ENDING: "", PERIOD_END: ""}
            if subscription["status"] in NOT_CHARGING:
                return self._subscription(self._client.subscription.edit(subscription_ref, {
                    "start_at": until, "notes": {**_read_notes(subscription), **marks}}))
            subscription = self._mark(subscription, **marks)
            if subscription["status"] != "paused":
                subscription = self._client.subscription.pause(subscription_ref,
                                                               {"pause_at": "now"})
            return self._subscription(subscription)

    def resume_subscription(self, *, subscription_ref: str) -> GatewaySubscription:
        with _razorpay_errors():
            subscription = self._live(subscription_ref)
            notes = _read_notes(subscription)
            if notes.get(ENDING) == "true" and subscription["status"] != "created":
                raise ValueError("Razorpay cannot undo a cancellation at the cycle's end")
            if subscription["status"] == "paused":
                subscription = self._client.subscription.resume(subscription_ref,
                                                                {"resume_at": "now"})
            if notes.get(ENDING) or notes.get(PAUSED_UNTIL):
                subscription = self._mark(subscription, **{
                    ENDING: "", PERIOD_END: "", PAUSED_UNTIL: ""})
            return self._subscription(subscription)

    def _live(self, subscription_ref: str) -> dict:
        """The subscription, refused (``ValueError``) once it has ended; inside
        ``_razorpay_errors``."""
        subscription = self._client.subscription.fetch(subscription_ref)
        if self._subscription(subscription).status == "canceled":
            raise ValueError("the subscription has ended")
        return subscription

    def _mark(self, subscription: dict, **marks: str) -> dict:
        """The subscription's notes with ``marks`` set, written whole."""
        return self._client.subscription.edit(subscription["id"], {
            "notes": {**_read_notes(subscription), **marks}})

    @staticmethod
    def _subscription(subscription: dict) -> GatewaySubscription:
        notes = _read_notes(subscription)
        status = SUBSCRIPTION_STATUSES.get(subscription["status"], "past_due")
        ending = notes.get(ENDING) == "true"
        paused_until = _moment(notes.get(PAUSED_UNTIL))
        now = datetime.now(UTC)
        if status == "canceled":
            end = None
        elif ending:
            end = _moment(notes.get(PERIOD_END))
            if end is None or end <= now:
                status, end = "canceled", None
        elif paused_until is not None and (status == "paused" or paused_until > now):
            status, end = "paused", paused_until
        else:
            end = _moment(subscription.get("charge_at") or subscription.get("start_at"))
        return GatewaySubscription(
            id=subscription["id"], plan_id=notes.get("plan_ref") or subscription["plan_id"],
            status=status, current_period_end=end,
            cancel_at_period_end=ending and status != "canceled")

    # -- refunds --------------------------------------------------------------------------
    def refund(self, *, checkout_id: str, amount: int, idempotency_key: str) -> Refund:
        _positive(amount)
        with _razorpay_errors():
            payment_id = self._checkout(self._client.payment_link.fetch(checkout_id)).payment_ref
            if payment_id is None:
                raise ValueError("only a paid checkout can be refunded")
            return self._refund_payment(payment_id, amount, idempotency_key,
                                        checkout_id=checkout_id)

    def refund_charge(self, *, charge_id: str, amount: int, idempotency_key: str) -> Refund:
        _positive(amount)
        with _razorpay_errors():
            if charge_id.startswith("order_"):  # a failed charge: no token, no payment
                self._client.order.fetch(charge_id)  # (LookupError if unknown)
                raise ValueError("only a succeeded charge can be refunded")
            return self._refund_payment(charge_id, amount, idempotency_key, charge_id=charge_id)

    def _refund_payment(self, payment_id: str, amount: int, idempotency_key: str,
                        **about: str) -> Refund:
        """Refund ``amount`` of a payment once per key (``about`` goes in the refund's notes);
        called inside ``_razorpay_errors``."""
        key = reference(idempotency_key)
        with self._refunding:
            done = next((r for r in self._pages(
                lambda page: self._client.payment.fetch_multiple_refund(payment_id, page))
                if _read_notes(r).get(IDEMPOTENCY_KEY) == key), None)
            if done is not None:
                if done["amount"] != amount:
                    raise ValueError("this idempotency key was used for another refund")
                return self._refund(done)
            return self._refund(self._client.payment.refund(payment_id, {
                "amount": amount, "speed": "normal", "receipt": key,
                "notes": {IDEMPOTENCY_KEY: key, **about}}))

    def get_refund(self, refund_id: str) -> Refund:
        with _razorpay_errors():
            return self._refund(self._client.refund.fetch(refund_id))

    @staticmethod
    def _refund(refund: dict) -> Refund:
        return Refund(id=refund["id"], amount=refund["amount"],
                      status=REFUND_STATUSES.get(refund.get("status") or "", "pending"))
