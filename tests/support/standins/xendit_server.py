"""A local stand-in of the part of Xendit's REST API the Xendit adapter calls.

JSON in and out, amounts in Xendit's major units (whole for IDR/VND, two decimals
otherwise), errors as Xendit writes them (``{"error_code": ..., "message": ...}``). It checks
Basic auth (the secret key as the user name), honours ``Idempotency-key`` per endpoint (the
same key and body replay the first answer, another body is a 409 ``DUPLICATE_ERROR``) and
records every request. Control endpoints under ``/_control`` play the customer and the
dashboard: pay an invoice (saving a reusable card for the invoice's customer reference),
make a customer's card decline, fail the next requests with a 5xx."""

from __future__ import annotations

import base64
import json
import re
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

from werkzeug.wrappers import Request

from tests.support.standins.local_server import Failure, LocalServer

ZERO_DECIMAL = frozenset({"IDR", "VND", "JPY", "KRW"})
INTERVALS = {"DAY": timedelta(days=1), "WEEK": timedelta(weeks=1),
             "MONTH": timedelta(days=30), "YEAR": timedelta(days=365)}


class XenditError(Exception):
    def __init__(self, status: int, code: str, message: str):
        super().__init__(message)
        self.status, self.body = status, {"error_code": code, "message": message}


def invalid(message: str) -> XenditError:
    return XenditError(400, "API_VALIDATION_ERROR", message)


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _amount(body: dict, currency: str, *, minimum: Decimal = Decimal("0.01")) -> Decimal:
    value = body.get("amount")
    if isinstance(value, bool) or not isinstance(value, int | Decimal) or value < minimum:
        raise invalid(f"amount must be a number of at least {minimum}")
    places = 0 if currency in ZERO_DECIMAL else 2
    if Decimal(value) != Decimal(value).quantize(Decimal(1).scaleb(-places)):
        raise invalid(f"amount has more than {places} decimals for {currency}")
    return Decimal(value)


def _required(body: dict, name: str) -> Any:
    if body.get(name) in (None, ""):
        raise invalid(f"{name} is required")
    return body[name]


@dataclass
class Recorded:
    method: str
    path: str
    body: Any
    idempotency_key: str | None
    authorization: str | None
    status: int = 0


@dataclass
class XenditStandIn(LocalServer):
    secret_key: str = "xnd_development_standinSecretKey0123456789"
    objects: dict[str, dict] = field(default_factory=dict)
    requests: list[Recorded] = field(default_factory=list)
    declining: set[str] = field(default_factory=set)  # customer reference_ids
    failures: list[Failure] = field(default_factory=list)
    refunded: dict[str, Decimal] = field(default_factory=dict)  # invoice or payment request
    # id -> given back

    def __post_init__(self) -> None:
        self._replays: dict[tuple[str, str], tuple[Any, int, dict]] = {}
        self._serve()

    # -- lifecycle ------------------------------------------------------------------------
    def reset(self) -> None:
        """Forget every object, key and request: a fresh account for the next test."""
        with self._lock:
            for state in (self.objects, self.requests, self.failures, self._replays,
                          self.refunded):
                state.clear()
            self.declining.clear()

    def sent(self, method: str, path: str) -> list[Recorded]:
        return [r for r in self.requests if r.method == method and r.path == path]

    def of_kind(self, kind: str) -> list[dict]:
        return [o for o in self.objects.values() if o["_kind"] == kind]

    # -- HTTP -----------------------------------------------------------------------------
    @staticmethod
    def _dumps(body: dict) -> str:
        """Private fields (``_kind`` ...) stay here; amounts go out as JSON numbers."""
        return json.dumps({k: v for k, v in body.items() if not k.startswith("_")},
                          default=_number)

    def _answer(self, request: Request) -> tuple[int, dict]:
        with self._lock:
            if request.path.startswith("/_control/"):
                return 200, self._control(request.path.removeprefix("/_control/"),
                                          request.form.to_dict())
            raw = request.get_data(as_text=True)
            try:
                body = json.loads(raw, parse_float=Decimal) if raw else None
            except ValueError:
                body = ...
            key = request.headers.get("Idempotency-key")
            recorded = Recorded(request.method, request.path, body, key,
                                request.headers.get("Authorization"))
            self.requests.append(recorded)
            recorded.status, answer = self._handle(request, body, key)
            return recorded.status, answer

    def _handle(self, request: Request, body: Any, key: str | None) -> tuple[int, dict]:
        expected = "Basic " + base64.b64encode(f"{self.secret_key}:".encode()).decode()
        if request.headers.get("Authorization") != expected:
            return 401, {"error_code": "INVALID_API_KEY",
                         "message": "API key is not authorized for this API service"}
        failure = next((f for f in self.failures if f.path in (None, request.path)), None)
        if failure is not None:
            self.failures.remove(failure)
            if failure.lost:  # Xendit did the work, the answer got lost on the way
                self._handle(request, body, key)
            return failure.status, {"error_code": "SERVER_ERROR",
                                    "message": "The stand-in failed on purpose."}
        if body is ...:
            return 400, invalid("The body is not JSON.").body
        replay = self._replays.get((request.path, key)) if key else None
        if replay is not None:
            first, status, answer = replay
            if first != body:
                return 409, {"error_code": "DUPLICATE_ERROR",
                             "message": "This idempotency key was used with another body."}
            return status, answer
        try:
            status, answer = 200, self._route(request, body or {})
        except XenditError as error:
            status, answer = error.status, error.body
        if key and request.method == "POST":
            self._replays[(request.path, key)] = (body, status, answer)
        return status, answer

    def _route(self, request: Request, body: dict) -> dict:
        routes = [
            ("POST", r"/v2/invoices", self._create_invoice),
            ("GET", r"/v2/invoices/([^/]+)", lambda b, i: self._get("invoice", i)),
            ("POST", r"/invoices/([^/]+)/expire!", self._expire_invoice),
            ("POST", r"/customers", self._create_customer),
            ("GET", r"/customers", lambda b: self._list(
                "customer", reference_id=request.args.get("reference_id"))),
            ("PATCH", r"/customers/([^/]+)", self._update_customer),
            ("GET", r"/v2/payment_methods", lambda b: self._list(
                "payment_method", **request.args.to_dict())),
            ("POST", r"/payment_requests", self._create_payment_request),
            ("GET", r"/payment_requests/([^/]+)",
             lambda b, i: self._get("payment_request", i)),
            ("POST", r"/refunds", self._create_refund),
            ("GET", r"/refunds/([^/]+)", lambda b, i: self._get("refund", i)),
            ("POST", r"/recurring/plans", self._create_plan),
            ("GET", r"/recurring/plans/([^/]+)", lambda b, i: self._get("plan", i)),
            ("PATCH", r"/recurring/plans/([^/]+)", self._update_plan),
            ("POST", r"/recurring/plans/([^/]+)/deactivate", self._deactivate_plan),
            ("GET", r"/recurring/plans/([^/]+)/cycles", lambda b, i: self._list(
                "cycle", plan_id=self._get("plan", i)["id"])),
            ("PATCH", r"/recurring/plans/([^/]+)/cycles/([^/]+)", self._update_cycle),
        ]
        for verb, pattern, handler in routes:
            match = re.fullmatch(pattern, request.path)
            if verb == request.method and match:
                return handler(body, *match.groups())
        raise XenditError(404, "NOT_FOUND", f"No route {request.method} {request.path}")

    # -- objects --------------------------------------------------------------------------
    def _new(self, kind: str, object_id: str, **fields: Any) -> dict:
        obj = {"id": object_id, "_kind": kind, "created": now(), "updated": now(), **fields}
        self.objects[object_id] = obj
        return obj

    def _id(self, prefix: str) -> str:
        return f"{prefix}{uuid.UUID(int=next(self._counter))}"

    def _get(self, kind: str, object_id: str) -> dict:
        obj = self.objects.get(object_id)
        if obj is None or obj["_kind"] != kind:
            code = "INVOICE_NOT_FOUND_ERROR" if kind == "invoice" else "DATA_NOT_FOUND"
            raise XenditError(404, code, f"Could not find {kind} {object_id}")
        return obj

    def _list(self, kind: str, **where: str | None) -> dict:
        found = [o for o in self.objects.values() if o["_kind"] == kind and all(
            value is None or o.get(name) == value for name, value in where.items())]
        return {"data": [_public(o) for o in reversed(found)], "has_more": False}

    def _create_invoice(self, body: dict) -> dict:
        currency = body.get("currency", "IDR")
        invoice_id = f"{next(self._counter):024x}"
        return self._new(
            "invoice", invoice_id, external_id=_required(body, "external_id"),
            user_id="5f9a3fbd571a1c4068aa40ce", status="PENDING",
            merchant_name="Stand-in", amount=_amount(body, currency), currency=currency,
            description=body.get("description"), metadata=body.get("metadata"),
            customer=body.get("customer"),
            success_redirect_url=body.get("success_redirect_url"),
            failure_redirect_url=body.get("failure_redirect_url"),
            expiry_date=(datetime.now(UTC) + timedelta(days=1)).isoformat(),
            invoice_url=f"https://checkout-staging.xendit.co/web/{invoice_id}")

    def _expire_invoice(self, body: dict, invoice_id: str) -> dict:
        invoice = self._get("invoice", invoice_id)
        if invoice["status"] != "PENDING":  # Xendit expires pending invoices only
            raise XenditError(404, "INVOICE_NOT_FOUND_ERROR", "Invoice not found or not "
                              "pending.")
        invoice.update(status="EXPIRED", updated=now())
        return invoice

    def _create_customer(self, body: dict) -> dict:
        reference_id = _required(body, "reference_id")
        if self._list("customer", reference_id=reference_id)["data"]:
            raise XenditError(409, "DUPLICATE_ERROR", "reference_id is already in use")
        return self._new("customer", self._id("cust-"), reference_id=reference_id,
                         type=body.get("type", "INDIVIDUAL"),
                         individual_detail=body.get("individual_detail"),
                         description=body.get("description"),
                         metadata=body.get("metadata") or {})

    def _update_customer(self, body: dict, customer_id: str) -> dict:
        customer = self._get("customer", customer_id)
        if "metadata" in body:
            customer["metadata"] = body["metadata"]
        customer["updated"] = now()
        return customer

    def _create_payment_request(self, body: dict) -> dict:
        currency = _required(body, "currency")
        amount = _amount(body, currency)
        method = self._get("payment_method", _required(body, "payment_method_id"))
        customer = self._get("customer", _required(body, "customer_id"))
        if method["customer_id"] != customer["id"]:
            raise invalid("payment_method_id does not belong to customer_id")
        declined = customer["reference_id"] in self.declining
        return self._new(
            "payment_request", self._id("pr-"),
            reference_id=_required(body, "reference_id"), business_id="5f9a3fbd571a1c40",
            customer_id=customer["id"], amount=amount, currency=currency, country="ID",
            description=body.get("description"), metadata=body.get("metadata"),
            capture_method=body.get("capture_method", "AUTOMATIC"),
            payment_method={"id": method["id"], "type": "CARD", "reusability": "MULTIPLE_USE"},
            status="FAILED" if declined else "SUCCEEDED",
            failure_code="CARD_DECLINED" if declined else None)

    def _create_refund(self, body: dict) -> dict:
        """A refund of a paid invoice (``invoice_id``) or of a succeeded payment request
        (``payment_request_id``), up to what it took."""
        kind = "payment_request" if body.get("payment_request_id") else "invoice"
        paid = self.objects.get(_required(body, f"{kind}_id"))
        noun = kind.replace("_", " ")
        if paid is None or paid["_kind"] != kind:
            raise XenditError(404, "DATA_NOT_FOUND", f"The {noun} was not found.")
        if paid["status"] not in ("PAID", "SETTLED", "SUCCEEDED"):
            raise XenditError(403, "INELIGIBLE_TRANSACTION", f"The {noun} is not paid.")
        amount = _amount(body, paid["currency"])
        given = self.refunded.get(paid["id"], Decimal(0))
        if given + amount > paid.get("paid_amount", paid["amount"]):
            raise XenditError(400, "MAXIMUM_REFUND_AMOUNT_REACHED", "The refund amount "
                              "exceeds the remaining unrefunded amount of the payment.")
        self.refunded[paid["id"]] = given + amount
        return self._new(
            "refund", self._id("rfd-"), invoice_id=paid["id"] if kind == "invoice" else None,
            payment_request_id=paid["id"] if kind == "payment_request" else None,
            payment_id=paid.get("payment_id"), amount=amount, currency=paid["currency"],
            status="SUCCEEDED", reason=body.get("reason"),
            reference_id=body.get("reference_id"), metadata=body.get("metadata"),
            failure_code=None)

    def _create_plan(self, body: dict) -> dict:
        customer = self._get("customer", _required(body, "customer_id"))
        currency = _required(body, "currency")
        if _required(body, "recurring_action") != "PAYMENT":
            raise invalid("recurring_action must be PAYMENT")
        schedule = _required(body, "schedule")
        count = schedule.get("interval_count")
        if schedule.get("interval") not in INTERVALS or not isinstance(count, int) or \
                not 1 <= count <= 365:
            raise invalid("schedule needs an interval and an interval_count of 1 to 365")
        methods = body.get("payment_methods") or []
        anchor = _instant(schedule.get("anchor_date"), "schedule.anchor_date")
        if anchor is not None and anchor <= datetime.now(UTC):
            raise invalid("schedule.anchor_date must be in the future")
        plan = self._new(
            "plan", self._id("repl_"), reference_id=_required(body, "reference_id"),
            customer_id=customer["id"], recurring_action="PAYMENT", currency=currency,
            amount=_amount(body, currency, minimum=Decimal(0)),
            description=body.get("description"), metadata=body.get("metadata"),
            payment_methods=methods, status="ACTIVE" if methods else "REQUIRES_ACTION",
            schedule_id=self._id("resc_"), schedule={
                **schedule, "created": now(), "updated": now()})
        plan["schedule"]["id"] = plan["schedule_id"]
        if methods:
            first = anchor or datetime.now(UTC) + INTERVALS[schedule["interval"]] * count
            self._new("cycle", self._id("recy_"), plan_id=plan["id"], type="SCHEDULED",
                      reference_id=plan["reference_id"], customer_id=customer["id"],
                      cycle_number=1, status="SCHEDULED", currency=currency,
                      amount=plan["amount"], attempt_count=0,
                      scheduled_timestamp=first.isoformat(timespec="milliseconds")
                      .replace("+00:00", "Z"))
        return plan

    def _update_plan(self, body: dict, plan_id: str) -> dict:
        plan = self._get("plan", plan_id)
        if plan["status"] == "INACTIVE":
            raise XenditError(409, "INVALID_STATUS_ERROR", "An inactive plan cannot be "
                              "updated.")
        for name in ("description", "metadata"):
            if name in body:
                plan[name] = body[name]
        if "amount" in body or "currency" in body:
            currency = body.get("currency", plan["currency"])
            plan.update(currency=currency, amount=_amount(
                {"amount": body.get("amount", plan["amount"])}, currency,
                minimum=Decimal(0)))
        plan["updated"] = now()
        return plan

    def _deactivate_plan(self, body: dict, plan_id: str) -> dict:
        plan = self._get("plan", plan_id)
        plan.update(status="INACTIVE", updated=now())
        for cycle in self.of_kind("cycle"):
            if cycle["plan_id"] == plan_id and cycle["status"] == "SCHEDULED":
                cycle["status"] = "CANCELLED"
        return plan

    def _update_cycle(self, body: dict, plan_id: str, cycle_id: str) -> dict:
        plan, cycle = self._get("plan", plan_id), self._get("cycle", cycle_id)
        if cycle["plan_id"] != plan["id"] or cycle["status"] != "SCHEDULED":
            raise XenditError(409, "INVALID_STATUS_ERROR", "Only a scheduled cycle of an "
                              "active plan can be edited.")
        at = _required(body, "scheduled_timestamp")
        try:
            datetime.fromisoformat(at)
        except (TypeError, ValueError):
            raise invalid("scheduled_timestamp must be ISO 8601") from None
        cycle.update(scheduled_timestamp=at, currency=_required(body, "currency"),
                     amount=_amount(body, body["currency"], minimum=Decimal(0)),
                     updated=now())
        return cycle

    # -- control --------------------------------------------------------------------------
    def _control(self, path: str, params: dict) -> dict:
        if match := re.fullmatch(r"invoices/([^/]+)/pay", path):
            return _public(self._pay(match.group(1)))
        if match := re.fullmatch(r"customers/([^/]+)/decline", path):
            (self.declining.add if params.get("on", "true") == "true"
             else self.declining.discard)(match.group(1))
            return {"reference_id": match.group(1),
                    "declining": match.group(1) in self.declining}
        if path == "fail":
            failure = Failure(int(params.get("status", "500")), params.get("path"),
                              params.get("lost") == "true")
            self.failures.extend([failure] * int(params.get("count", "1")))
            return {"failures": len(self.failures)}
        raise ValueError(f"unknown control endpoint {path}")

    def _pay(self, invoice_id: str) -> dict:
        """The customer pays a pending invoice by card, saved as a reusable payment method
        for the invoice's customer reference (when it names one)."""
        invoice = self.objects[invoice_id]
        if invoice["status"] != "PENDING":
            return invoice
        reference = (invoice.get("customer") or {}).get("reference_id")
        if reference:
            found = self._list("customer", reference_id=reference)["data"]
            customer = self.objects[found[0]["id"]] if found else self._create_customer(
                {"reference_id": reference})
            self._new("payment_method", self._id("pm-"), type="CARD",
                      customer_id=customer["id"], reusability="MULTIPLE_USE",
                      status="ACTIVE", card={"masked_card_number": "400000XXXXXX0002"})
        invoice.update(status="PAID", paid_amount=invoice["amount"],
                       payment_id=self._id("pymt-"), payment_method="CREDIT_CARD",
                       paid_at=now(), updated=now())
        return invoice


def _instant(value: Any, name: str) -> datetime | None:
    """An ISO 8601 timestamp in a body, aware; None when absent."""
    if value is None:
        return None
    try:
        at = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        raise invalid(f"{name} must be ISO 8601") from None
    if at.tzinfo is None:
        raise invalid(f"{name} needs a time zone")
    return at


def _public(obj: dict) -> dict:
    return {k: v for k, v in obj.items() if not k.startswith("_")}


def _number(value: Any) -> Any:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    raise TypeError(f"not JSON: {type(value).__name__}")
