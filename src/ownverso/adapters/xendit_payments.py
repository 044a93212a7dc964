"""The payment gateway on Xendit, over its REST API with ``requests``.

Not the xendit-python SDK: it is a generated client configured per process, with no easy
base URL or key per instance. Each adapter holds its own ``requests.Session``: Basic auth
with the secret API key as the user name and an empty password, a timeout on every call and
urllib3 retries of connection errors and 5xx answers. Retrying a POST is safe because every
POST that creates something carries an ``Idempotency-key`` (Xendit answers the same object
for the same key, and an error for a key reused with another body).

Amounts: the port counts in the smallest unit; Xendit takes major units. Currencies Xendit
bills without decimals (IDR, VND, JPY, KRW) go as they are: 15000 IDR is ``15000``.
Every other currency (PHP, THB, MYR, SGD, USD, INR…) has two decimals: 499 PHP is ``4.99``,
converted with ``Decimal`` both ways and refused when an answer is not a whole number of
minor units.

The mapping:

- ``create_checkout``: an Invoice (``POST /v2/invoices``), ``external_id`` derived from our
  idempotency key, our metadata, the redirect URLs, and ``customer.reference_id`` when
  ``metadata["customer_ref"]`` names our reader. PENDING is ``open``, PAID and SETTLED are
  ``complete`` (``payment_ref`` is the invoice's ``payment_id``), EXPIRED is ``expired``.
- ``expire_checkout``: ``POST /invoices/{id}/expire!`` on a pending invoice; a paid one
  answers as it is.
- ``sync_plan``: Xendit has no catalogue plans: a Recurring Plan belongs to a customer. The
  plan key gets a stable id (``ovplan_…``, the answer) and a Customer with that
  ``reference_id`` owning the plan's current Recurring Plan (no payment method, so Xendit
  never charges it) whose id the customer's metadata keeps (Xendit lists no plans). A
  changed amount, currency or interval creates a new Recurring Plan and deactivates the old
  one; a new name only updates the description. A year is 12 months.
- ``charge``: a Payment Request (``POST /payment_requests``) on the reader's latest active
  reusable payment method (the Customer whose ``reference_id`` is our reader). FAILED is a
  ``failed`` Charge with Xendit's failure code in lower case (``card_declined``); any status
  but SUCCEEDED (a PENDING one included) is ``failed``. With no saved method nothing is sent:
  the failed Charge (``no_payment_method``) carries the reference a request would have had.
- ``reschedule``: the subscription is a reader's Recurring Plan; its next SCHEDULED cycle's
  ``scheduled_timestamp`` moves (``PATCH /recurring/plans/{id}/cycles/{cycle}``), the
  closest Xendit has to pushing one charge: the schedule itself (its anchor) is untouched.
- ``start_subscription``: the reader's own Recurring Plan (``POST /recurring/plans``, our
  idempotency key as Xendit's, ``reference_id`` derived from it) on the catalogue plan's
  amount, currency and schedule, the reader's latest active reusable payment method
  (``payment_methods`` rank 1) and ``schedule.anchor_date`` = the first charge, with no
  immediate action (nothing charged now). Our metadata, ``customer_ref`` and our plan id
  go in its metadata. No saved method, an unknown plan or a naive/past date: ValueError.
  Statuses: ACTIVE is ``active``, REQUIRES_ACTION and PENDING are ``past_due``, INACTIVE is
  ``canceled``; ``current_period_end`` is the earliest SCHEDULED cycle's timestamp.
- Xendit can neither pause a plan nor schedule its deactivation, so both are emulated on
  the next SCHEDULED cycle and the plan's metadata (rewritten whole on every change):
  ``pause_subscription`` moves the cycle to ``resume_at`` and records ``ov_paused_until``
  (``paused`` until then); ``cancel_subscription(at_period_end=True)`` records
  ``ov_cancel_at_period_end`` and ``ov_period_end`` and parks the cycle at ``PARKED`` (far
  ahead, so nothing is charged at the period's end); read back it is ``active`` with
  ``cancel_at_period_end`` until ``ov_period_end``, ``canceled`` after.
  ``resume_subscription`` clears both marks and puts a parked cycle back at
  ``ov_period_end``. A cancel now (or a cancel of a plan whose period end passed) is
  ``POST /recurring/plans/{id}/deactivate``.
- ``change_subscription_plan``: ``PATCH /recurring/plans/{id}`` with the other plan's
  amount and currency, and the same on the next SCHEDULED cycle (its timestamp kept).
  Another interval would need the schedule changed: refused (``ValueError``).
- ``refund``: ``POST /refunds`` on the invoice, reason REQUESTED_BY_CUSTOMER; SUCCEEDED is
  ``succeeded``, PENDING ``pending``, FAILED and CANCELLED ``failed``.
- ``refund_charge``: the same ``POST /refunds`` on a SUCCEEDED payment request (read first).

Errors: no answer, a timeout, a 5xx, a rate limit or a refused API key raise
``GatewayUnavailable``; an object Xendit does not know (404, ``*_NOT_FOUND``) is
``LookupError``; any other refusal (more than is left to refund, an idempotency key reused
with another body) is ``ValueError`` with Xendit's ``error_code``."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any
from urllib.parse import quote

import requests
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

from ownverso.adapters.gateway_times import future_timestamp
from ownverso.services.ports.payments import (
    Charge,
    Checkout,
    GatewaySubscription,
    GatewayUnavailable,
    PaymentGateway,
    Refund,
)

CUSTOMER_REF = "customer_ref"
ZERO_DECIMAL = frozenset({"IDR", "VND", "JPY", "KRW"})  # billed by Xendit in whole units
CHECKOUT_STATUSES = {"PENDING": "open", "PAID": "complete", "SETTLED": "complete",
                     "EXPIRED": "expired"}
REFUND_STATUSES = {"SUCCEEDED": "succeeded", "PENDING": "pending", "FAILED": "failed",
                   "CANCELLED": "failed"}
SCHEDULES = {"day": ("DAY", 1), "week": ("WEEK", 1), "month": ("MONTH", 1),
             "year": ("MONTH", 12)}
UNAVAILABLE_CODES = frozenset({"INVALID_API_KEY", "REQUEST_FORBIDDEN_ERROR",
                               "RATE_LIMIT_EXCEEDED", "SERVER_ERROR"})
PLAN_STATUSES = {"ACTIVE": "active", "REQUIRES_ACTION": "past_due", "PENDING": "past_due",
                 "INACTIVE": "canceled"}
PARKED = datetime(2099, 12, 1, tzinfo=UTC)  # where a cycle waits when nothing is to charge
NO_METHOD = "nopm_"  # the id of a failed Charge nothing was sent for (no saved method)
MAX_REFERENCE = 255  # Xendit's limit on external_id and reference_id


def to_xendit(amount: int, currency: str) -> int | float:
    """The smallest unit as Xendit's amount: whole units for zero-decimal currencies, a
    two-decimal major amount otherwise (a float prints back exactly: ``4.99``)."""
    if currency.upper() in ZERO_DECIMAL:
        return amount
    return float(Decimal(amount).scaleb(-2))


def from_xendit(value: Any, currency: str) -> int:
    """Xendit's amount back in the smallest unit; ``ValueError`` if it is not whole."""
    units = Decimal(str(value))
    if currency.upper() not in ZERO_DECIMAL:
        units = units.scaleb(2)
    if units != units.to_integral_value():
        raise ValueError(f"Xendit answered an amount finer than the currency: {value}")
    return int(units)


def _positive(amount: object) -> int:
    if not isinstance(amount, int) or isinstance(amount, bool) or amount <= 0:
        raise ValueError("amount must be a positive integer in the smallest currency unit")
    return amount


def _reference(key: str) -> str:
    """Our idempotency key as Xendit's external_id/reference_id (a digest when too long)."""
    return key if len(key) <= MAX_REFERENCE else "sha256:" + hashlib.sha256(
        key.encode()).hexdigest()


def _path(*parts: str) -> str:
    return "/".join(quote(part, safe="") for part in parts)


def _instant(value: object) -> datetime | None:
    """One of Xendit's ISO 8601 timestamps (``…Z``) as an aware datetime; None for none."""
    if not value or not isinstance(value, str):
        return None
    return datetime.fromisoformat(value.replace("Z", "+00:00")).astimezone(UTC)


def timestamp(at: datetime) -> str:
    """An aware datetime as Xendit writes them: ``2027-03-01T00:00:00.000Z``."""
    return at.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


class XenditPaymentGateway(PaymentGateway):
    name = "xendit"

    def __init__(self, *, secret_key: str, base_url: str = "https://api.xendit.co",
                 timeout: float = 20.0, max_retries: int = 2):
        self._base, self._timeout = base_url.rstrip("/"), timeout
        self._http = requests.Session()
        self._http.auth = (secret_key, "")
        # every method is retried: creating POSTs carry an idempotency key, the rest
        # (reads, PATCHes to a value, expire!, deactivate) are idempotent themselves
        retry = Retry(total=max_retries, connect=max_retries, read=max_retries,
                      status=max_retries, other=0, allowed_methods=None,
                      status_forcelist=(500, 502, 503, 504), backoff_factor=0.25,
                      raise_on_status=False)
        adapter = HTTPAdapter(max_retries=retry, pool_maxsize=16)
        self._http.mount("http://", adapter)
        self._http.mount("https://", adapter)

    def __repr__(self) -> str:
        return f"{type(self).__name__}()"  # never the secret key

    # -- HTTP -----------------------------------------------------------------------------
    def _call(self, method: str, path: str, *, body: dict | None = None,
              params: dict | None = None, key: str | None = None) -> dict:
        headers = {"Idempotency-key": key} if key else {}
        if body is not None:
            headers["Content-Type"] = "application/json"
        try:
            response = self._http.request(
                method, self._base + path, params=params, headers=headers,
                # amounts read back from Xendit are Decimals: sent as floats again
                data=None if body is None else json.dumps(body, default=float),
                timeout=self._timeout)
        except requests.RequestException as error:
            raise GatewayUnavailable(f"Xendit did not answer: {type(error).__name__}") \
                from error
        try:
            answer = response.json(parse_float=Decimal)
        except ValueError:
            answer = None
        status = response.status_code
        if status < 400 and isinstance(answer, dict):
            return answer
        error = answer if isinstance(answer, dict) else {}
        code = str(error.get("error_code") or "")
        message = f"{status} {code}: {error.get('message', '')}".strip()
        if status >= 500 or status in (401, 429) or code in UNAVAILABLE_CODES or \
                status < 400:  # (a success without a JSON object is no answer either)
            raise GatewayUnavailable(f"Xendit failed: {message}")
        if status == 404 or code.endswith(("NOT_FOUND", "NOT_FOUND_ERROR")):
            raise LookupError(f"Xendit knows no such object: {message}")
        raise ValueError(f"Xendit refused the request: {message}")

    # -- checkouts ------------------------------------------------------------------------
    def create_checkout(self, *, amount: int, currency: str, description: str,
                        metadata: dict, success_url: str, cancel_url: str,
                        idempotency_key: str) -> Checkout:
        _positive(amount)
        body: dict[str, Any] = {
            "external_id": _reference(idempotency_key), "amount": to_xendit(amount, currency),
            "currency": currency.upper(), "description": description, "metadata": metadata,
            "success_redirect_url": success_url, "failure_redirect_url": cancel_url}
        if metadata.get(CUSTOMER_REF):
            body["customer"] = {"reference_id": str(metadata[CUSTOMER_REF])}
        return self._checkout(self._call("POST", "/v2/invoices", body=body,
                                         key=idempotency_key))

    def get_checkout(self, checkout_id: str) -> Checkout:
        return self._checkout(self._invoice(checkout_id))

    def expire_checkout(self, checkout_id: str) -> Checkout:
        invoice = self._invoice(checkout_id)
        if invoice["status"] != "PENDING":
            return self._checkout(invoice)
        try:
            invoice = self._call("POST", f"/invoices/{_path(checkout_id)}/expire!")
        except (LookupError, ValueError):  # paid meanwhile: Xendit expires pending ones only
            invoice = self._invoice(checkout_id)
        return self._checkout(invoice)

    def _invoice(self, invoice_id: str) -> dict:
        return self._call("GET", f"/v2/invoices/{_path(invoice_id)}")

    @staticmethod
    def _checkout(invoice: dict) -> Checkout:
        status = CHECKOUT_STATUSES.get(invoice["status"], "open")
        currency = invoice["currency"]
        return Checkout(id=invoice["id"], amount=from_xendit(invoice["amount"], currency),
                        currency=currency.upper(), status=status,
                        url=invoice.get("invoice_url") or "",
                        metadata=dict(invoice.get("metadata") or {}),
                        payment_ref=invoice.get("payment_id") if status == "complete"
                        else None)

    # -- plans ----------------------------------------------------------------------------
    def sync_plan(self, *, plan_key: str, name: str, amount: int, currency: str,
                  interval: str) -> str:
        if not isinstance(amount, int) or isinstance(amount, bool) or amount < 0:
            raise ValueError("amount must be a whole number in the smallest currency unit")
        if interval not in SCHEDULES:
            raise ValueError(f"unsupported interval: {interval}")
        plan_id = "ovplan_" + hashlib.sha256(plan_key.encode()).hexdigest()[:24]
        owner = self._plan_owner(plan_id, plan_key)
        current_id = (owner.get("metadata") or {}).get("plan_id")
        current = self._call("GET", f"/recurring/plans/{_path(current_id)}") \
            if current_id else None
        every, count = SCHEDULES[interval]
        if current is not None and current["status"] != "INACTIVE" and (
                from_xendit(current["amount"], current["currency"]), current["currency"],
                current["schedule"]["interval"], current["schedule"]["interval_count"]) == (
                    amount, currency.upper(), every, count):
            if current.get("description") != name:
                self._call("PATCH", f"/recurring/plans/{_path(current_id)}",
                           body={"description": name})
            return plan_id
        body = {"reference_id": plan_id, "customer_id": owner["id"],
                "recurring_action": "PAYMENT", "currency": currency.upper(),
                "amount": to_xendit(amount, currency), "description": name,
                "metadata": {"plan_key": plan_key},
                "schedule": {"reference_id": plan_id, "interval": every,
                             "interval_count": count}}
        digest = hashlib.sha256(json.dumps([current_id, body], sort_keys=True).encode())
        created = self._call("POST", "/recurring/plans", body=body,
                             key=f"plan:{digest.hexdigest()}")
        self._call("PATCH", f"/customers/{_path(owner['id'])}", body={"metadata": {
            "plan_key": plan_key, "plan_id": created["id"]}})
        if current is not None and current["status"] != "INACTIVE":
            self._call("POST", f"/recurring/plans/{_path(current['id'])}/deactivate")
        return plan_id

    def _plan_owner(self, plan_id: str, plan_key: str) -> dict:
        """The Customer holding the plan key's current Recurring Plan, created once."""
        found = self._customer(plan_id)
        if found is not None:
            return found
        return self._call("POST", "/customers", key=f"customer:{plan_id}", body={
            "reference_id": plan_id, "type": "INDIVIDUAL",
            "individual_detail": {"given_names": "Ownverso plan"},
            "description": f"Holds the recurring plan of {plan_key}",
            "metadata": {"plan_key": plan_key}})

    def _customer(self, reference_id: str) -> dict | None:
        found = self._call("GET", "/customers", params={"reference_id": reference_id})
        return found["data"][0] if found.get("data") else None

    # -- off-session charges --------------------------------------------------------------
    def charge(self, *, customer_ref: str, amount: int, currency: str, description: str,
               metadata: dict, idempotency_key: str) -> Charge:
        _positive(amount)
        reference = _reference(idempotency_key)
        customer = self._customer(customer_ref)
        methods = self._call("GET", "/v2/payment_methods", params={
            "customer_id": customer["id"], "reusability": "MULTIPLE_USE",
            "status": "ACTIVE"})["data"] if customer else []
        if not methods:
            return Charge(id=NO_METHOD + reference, amount=amount, currency=currency.upper(),
                          status="failed", failure_code="no_payment_method")
        request = self._call("POST", "/payment_requests", key=idempotency_key, body={
            "reference_id": reference, "amount": to_xendit(amount, currency),
            "currency": currency.upper(), "payment_method_id": methods[0]["id"],
            "customer_id": customer["id"], "description": description,
            "capture_method": "AUTOMATIC",
            "metadata": {**metadata, CUSTOMER_REF: customer_ref}})
        succeeded = request["status"] == "SUCCEEDED"
        return Charge(id=request["id"],
                      amount=from_xendit(request["amount"], request["currency"]),
                      currency=request["currency"].upper(),
                      status="succeeded" if succeeded else "failed",
                      failure_code=None if succeeded else str(
                          request.get("failure_code") or request["status"]).lower())

    def reschedule(self, *, subscription_ref: str, next_charge_at: datetime) -> None:
        if next_charge_at.tzinfo is None:
            raise ValueError("next_charge_at must be an aware datetime")
        plan = self._call("GET", f"/recurring/plans/{_path(subscription_ref)}")
        marks = plan.get("metadata") or {}
        if marks.get("ov_cancel_at_period_end") == "true":  # the cycle stays parked
            self._mark(plan, ov_period_end=timestamp(next_charge_at))
            return
        self._move_cycle(subscription_ref, next_charge_at)
        if marks.get("ov_paused_until"):
            self._mark(plan, ov_paused_until="")

    # -- gateway-billed subscriptions -----------------------------------------------------
    def start_subscription(self, *, customer_ref: str, plan_id: str, first_charge_at: datetime,
                           metadata: dict, idempotency_key: str) -> GatewaySubscription:
        future_timestamp(first_charge_at, "first_charge_at")
        template = self._template(plan_id)
        customer = self._customer(customer_ref)
        methods = self._call("GET", "/v2/payment_methods", params={
            "customer_id": customer["id"], "reusability": "MULTIPLE_USE",
            "status": "ACTIVE"})["data"] if customer else []
        if not methods:
            raise ValueError(f"{customer_ref} has no saved payment method")
        reference = _reference(idempotency_key)
        plan = self._call("POST", "/recurring/plans", key=idempotency_key, body={
            "reference_id": reference, "customer_id": customer["id"],
            "recurring_action": "PAYMENT", "currency": template["currency"],
            "amount": template["amount"], "description": template.get("description"),
            "payment_methods": [{"payment_method_id": methods[0]["id"], "rank": 1}],
            "schedule": {"reference_id": reference,
                         "interval": template["schedule"]["interval"],
                         "interval_count": template["schedule"]["interval_count"],
                         "anchor_date": timestamp(first_charge_at)},
            "metadata": {**metadata, CUSTOMER_REF: customer_ref, "plan_id": plan_id}})
        return self._subscription(plan)

    def get_subscription(self, subscription_ref: str) -> GatewaySubscription:
        return self._subscription(self._plan(subscription_ref))

    def change_subscription_plan(self, *, subscription_ref: str,
                                 plan_id: str) -> GatewaySubscription:
        plan = self._live(subscription_ref)
        template = self._template(plan_id)
        if (template["schedule"]["interval"], template["schedule"]["interval_count"]) != (
                plan["schedule"]["interval"], plan["schedule"]["interval_count"]):
            raise ValueError("Xendit cannot move a recurring plan to another interval")
        path = f"/recurring/plans/{_path(subscription_ref)}"
        plan = self._call("PATCH", path, body={
            "amount": template["amount"], "currency": template["currency"],
            "metadata": {**(plan.get("metadata") or {}), "plan_id": plan_id}})
        cycle = self._next_cycle(subscription_ref)
        if cycle is not None:
            self._call("PATCH", f"{path}/cycles/{_path(cycle['id'])}", body={
                "scheduled_timestamp": cycle["scheduled_timestamp"],
                "currency": template["currency"], "amount": template["amount"]})
        return self.get_subscription(subscription_ref)

    def cancel_subscription(self, *, subscription_ref: str,
                            at_period_end: bool) -> GatewaySubscription:
        plan = self._plan(subscription_ref)
        now = self._subscription(plan)
        if plan["status"] == "INACTIVE":
            return now
        if at_period_end and now.status != "canceled":
            if not now.cancel_at_period_end:
                self._move_cycle(subscription_ref, PARKED)
                self._mark(plan, ov_cancel_at_period_end="true",
                           ov_period_end=timestamp(now.current_period_end)
                           if now.current_period_end else "", ov_paused_until="")
            return self.get_subscription(subscription_ref)
        return self._subscription(self._call(
            "POST", f"/recurring/plans/{_path(subscription_ref)}/deactivate"))

    def pause_subscription(self, *, subscription_ref: str,
                           resume_at: datetime) -> GatewaySubscription:
        future_timestamp(resume_at, "resume_at")
        plan = self._live(subscription_ref)
        self._move_cycle(subscription_ref, resume_at)
        self._mark(plan, ov_paused_until=timestamp(resume_at), ov_cancel_at_period_end="",
                   ov_period_end="")
        return self.get_subscription(subscription_ref)

    def resume_subscription(self, *, subscription_ref: str) -> GatewaySubscription:
        plan = self._live(subscription_ref)
        marks = plan.get("metadata") or {}
        if marks.get("ov_cancel_at_period_end") == "true" and marks.get("ov_period_end"):
            self._move_cycle(subscription_ref, _instant(marks["ov_period_end"]) or PARKED)
        if marks.get("ov_cancel_at_period_end") or marks.get("ov_paused_until"):
            self._mark(plan, ov_cancel_at_period_end="", ov_period_end="", ov_paused_until="")
        return self.get_subscription(subscription_ref)

    def _plan(self, plan_id: str) -> dict:
        return self._call("GET", f"/recurring/plans/{_path(plan_id)}")

    def _live(self, subscription_ref: str) -> dict:
        """The reader's Recurring Plan, refused (``ValueError``) once it has ended."""
        plan = self._plan(subscription_ref)
        if self._subscription(plan).status == "canceled":
            raise ValueError("the subscription has ended")
        return plan

    def _template(self, plan_id: str) -> dict:
        """The current Recurring Plan of a ``sync_plan`` answer; ``ValueError`` if none."""
        owner = self._customer(plan_id) if plan_id.startswith("ovplan_") else None
        current = (owner or {}).get("metadata", {}).get("plan_id")
        if not current:
            raise ValueError(f"unknown plan {plan_id}")
        return self._plan(current)

    def _mark(self, plan: dict, **marks: str) -> dict:
        """The plan's metadata with ``marks`` set, written whole."""
        return self._call("PATCH", f"/recurring/plans/{_path(plan['id'])}", body={
            "metadata": {**(plan.get("metadata") or {}), **marks}})

    def _next_cycle(self, plan_id: str) -> dict | None:
        cycles = [c for c in self._call(
            "GET", f"/recurring/plans/{_path(plan_id)}/cycles")["data"]
            if c["status"] == "SCHEDULED"]
        return min(cycles, key=lambda c: c["scheduled_timestamp"], default=None)

    def _move_cycle(self, plan_id: str, at: datetime) -> None:
        cycle = self._next_cycle(plan_id)
        if cycle is None:
            raise ValueError("the recurring plan has no scheduled cycle to move")
        self._call("PATCH", f"/recurring/plans/{_path(plan_id)}/cycles/"
                            f"{_path(cycle['id'])}", body={
            "scheduled_timestamp": timestamp(at), "currency": cycle["currency"],
            "amount": cycle["amount"]})

    def _subscription(self, plan: dict) -> GatewaySubscription:
        marks = plan.get("metadata") or {}
        status = PLAN_STATUSES.get(plan["status"], "past_due")
        ending = marks.get("ov_cancel_at_period_end") == "true"
        paused_until = _instant(marks.get("ov_paused_until"))
        end: datetime | None = None
        if ending:
            end = _instant(marks.get("ov_period_end"))
            if end is None or end <= datetime.now(UTC):
                status = "canceled"
        elif status != "canceled" and paused_until and paused_until > datetime.now(UTC):
            status, end = "paused", paused_until
        elif status != "canceled":
            cycle = self._next_cycle(plan["id"])
            end = _instant(cycle["scheduled_timestamp"]) if cycle else None
        return GatewaySubscription(
            id=plan["id"], plan_id=str(marks.get("plan_id") or ""), status=status,
            current_period_end=None if status == "canceled" else end,
            cancel_at_period_end=ending and status != "canceled")

    # -- refunds --------------------------------------------------------------------------
    def refund(self, *, checkout_id: str, amount: int, idempotency_key: str) -> Refund:
        _positive(amount)
        invoice = self._invoice(checkout_id)
        if CHECKOUT_STATUSES.get(invoice["status"]) != "complete":
            raise ValueError("only a paid checkout can be refunded")
        return self._post_refund({"invoice_id": checkout_id}, amount, invoice["currency"],
                                 idempotency_key, checkout_id=checkout_id)

    def refund_charge(self, *, charge_id: str, amount: int, idempotency_key: str) -> Refund:
        _positive(amount)
        if charge_id.startswith(NO_METHOD):  # a failed charge nothing was sent for
            raise ValueError("only a succeeded charge can be refunded")
        request = self._call("GET", f"/payment_requests/{_path(charge_id)}")
        if request["status"] != "SUCCEEDED":
            raise ValueError("only a succeeded charge can be refunded")
        return self._post_refund({"payment_request_id": charge_id}, amount,
                                 request["currency"], idempotency_key, charge_id=charge_id)

    def _post_refund(self, paid: dict[str, str], amount: int, currency: str,
                     idempotency_key: str, **metadata: str) -> Refund:
        """``POST /refunds`` of ``amount`` on what ``paid`` names (an invoice or a payment
        request), ``metadata`` on the refund."""
        return self._refund(self._call("POST", "/refunds", key=idempotency_key, body={
            **paid, "amount": to_xendit(amount, currency), "currency": currency,
            "reason": "REQUESTED_BY_CUSTOMER", "reference_id": _reference(idempotency_key),
            "metadata": metadata}))

    def get_refund(self, refund_id: str) -> Refund:
        return self._refund(self._call("GET", f"/refunds/{_path(refund_id)}"))

    @staticmethod
    def _refund(refund: dict) -> Refund:
        return Refund(id=refund["id"], amount=from_xendit(refund["amount"], refund["currency"]),
                      status=REFUND_STATUSES.get(refund.get("status") or "", "pending"))
