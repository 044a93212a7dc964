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

from ownverso.services.ports.payments import (
    Charge,
    Checkout,
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
            return Charge(id=reference, amount=amount, currency=currency.upper(),
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
        plan = _path(subscription_ref)
        cycles = [c for c in self._call("GET", f"/recurring/plans/{plan}/cycles")["data"]
                  if c["status"] == "SCHEDULED"]
        if not cycles:
            raise ValueError("the recurring plan has no scheduled cycle to move")
        cycle = min(cycles, key=lambda c: c["scheduled_timestamp"])
        self._call("PATCH", f"/recurring/plans/{plan}/cycles/{_path(cycle['id'])}", body={
            "scheduled_timestamp": timestamp(next_charge_at), "currency": cycle["currency"],
            "amount": cycle["amount"]})

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
