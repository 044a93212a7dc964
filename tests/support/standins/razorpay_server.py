"""A local stand-in of the part of Razorpay's REST API the Razorpay adapter calls.

Requests carry JSON bodies (query strings for lists) and HTTP Basic auth with the key id and
secret; answers are JSON shaped like Razorpay's entities, collections
(``{"entity": "collection", "count": n, "items": [...]}``, newest first, ``count``/``skip``
paging) and errors (``{"error": {"code": "BAD_REQUEST_ERROR", "description": ...}}``), empty
notes answered as ``[]`` as Razorpay does. Every request is recorded. Control endpoints under
``/_control`` play what a customer or Razorpay would do: pay a payment link (a captured
payment, and a confirmed recurring token when its checkout options ask to save the card for
a customer), make a customer's tokens decline, fail the next requests with a 5xx."""

from __future__ import annotations

import base64
import json
import re
import time
import urllib.request
from dataclasses import dataclass, field
from typing import Any

from werkzeug.wrappers import Request

from tests.support.standins.local_server import Failure, LocalServer

MONTH = 30 * 24 * 3600
MINIMUM = 100  # Razorpay's smallest payment: one rupee


class RazorpayError(Exception):
    def __init__(self, description: str, *, status: int = 400, code: str = "BAD_REQUEST_ERROR",
                 field: str | None = None, **extra: Any):
        super().__init__(description)
        self.status, self.body = status, {"error": {
            "code": code, "description": description, "source": extra.pop("source", "NA"),
            "step": extra.pop("step", "NA"), "reason": extra.pop("reason", "NA"),
            "metadata": extra.pop("metadata", {}), **({"field": field} if field else {})}}


def missing() -> RazorpayError:
    return RazorpayError("The id provided does not exist", field="id")


def _amount(params: dict, name: str = "amount", *, minimum: int = MINIMUM) -> int:
    value = params.get(name)
    if not isinstance(value, int) or isinstance(value, bool):
        raise RazorpayError(f"The {name} field is required and must be an integer.",
                            field=name)
    if value < minimum:
        raise RazorpayError(f"The {name} must be atleast INR {minimum / 100:.2f}.", field=name)
    return value


def _notes(params: dict) -> dict | list:
    notes = params.get("notes") or {}
    if not isinstance(notes, dict) or len(notes) > 15 or not all(
            isinstance(v, str) for v in notes.values()):
        raise RazorpayError("notes must be at most 15 string values", field="notes")
    return notes or []


@dataclass
class Recorded:
    method: str
    path: str
    params: dict
    key_id: str | None
    status: int = 0


@dataclass
class RazorpayStandIn(LocalServer):
    key_id: str = "rzp_test_standinKey01"
    key_secret: str = "standin_key_secret_value"
    objects: dict[str, dict] = field(default_factory=dict)
    requests: list[Recorded] = field(default_factory=list)
    declining: set[str] = field(default_factory=set)  # customer ids whose tokens decline
    failures: list[Failure] = field(default_factory=list)  # how the next requests fail
    ending: set[str] = field(default_factory=set)  # subscriptions cancelled at cycle end
    scheduled: dict[str, str] = field(default_factory=dict)  # subscription -> plan at cycle
    # end

    def __post_init__(self) -> None:
        self._serve()

    # -- lifecycle ------------------------------------------------------------------------
    def reset(self) -> None:
        """Forget every object and request: a fresh account for the next test."""
        with self._lock:
            for state in (self.objects, self.requests, self.failures, self.scheduled):
                state.clear()
            self.declining.clear()
            self.ending.clear()

    def control(self, endpoint: str, /, **params: Any) -> dict:
        """Call a control endpoint (``pay``, ``decline``, ``fail``) as the harness does."""
        request = urllib.request.Request(f"{self.url}/_control/{endpoint}",
                                         data=json.dumps(params).encode(), method="POST")
        with urllib.request.urlopen(request) as answer:
            return json.loads(answer.read())

    def sent(self, method: str, path: str) -> list[Recorded]:
        return [r for r in self.requests if (r.method, r.path) == (method, path)]

    def of(self, entity: str) -> list[dict]:
        return [o for o in self.objects.values() if o["entity"] == entity]

    # -- HTTP -----------------------------------------------------------------------------
    def _answer(self, request: Request) -> tuple[int, dict]:
        if request.method == "GET":
            params: dict = {k: int(v) if k in ("count", "skip") and v.isdigit() else v
                            for k, v in request.args.items()}
        else:
            raw = request.get_data(as_text=True)
            try:
                params = json.loads(raw) if raw else {}
            except json.JSONDecodeError:
                return 400, RazorpayError("The request body is not valid JSON").body
        with self._lock:
            if request.path.startswith("/_control/"):
                return 200, self._control(request.path.removeprefix("/_control/"), params)
            recorded = Recorded(request.method, request.path, params, self._key_id(request))
            self.requests.append(recorded)
            recorded.status, body = self._handle(request, params)
            return recorded.status, body

    @staticmethod
    def _key_id(request: Request) -> str | None:
        header = request.headers.get("Authorization", "")
        if not header.startswith("Basic "):
            return None
        return base64.b64decode(header[6:]).decode().partition(":")[0]

    def _authorised(self, request: Request) -> bool:
        expected = base64.b64encode(f"{self.key_id}:{self.key_secret}".encode()).decode()
        return request.headers.get("Authorization") == f"Basic {expected}"

    def _handle(self, request: Request, params: dict) -> tuple[int, dict]:
        if not self._authorised(request):
            return 401, RazorpayError("Authentication failed").body
        failure = next((f for f in self.failures if f.path in (None, request.path)), None)
        if failure is not None:
            self.failures.remove(failure)
            if failure.lost:  # Razorpay did the work, the answer got lost on the way
                self._route(request.method, request.path, params)
            return failure.status, RazorpayError(
                "The server encountered an error. The incident has been reported to admins.",
                status=failure.status, code="SERVER_ERROR").body
        try:
            return 200, self._route(request.method, request.path, params)
        except RazorpayError as error:
            return error.status, error.body

    def _route(self, method: str, path: str, params: dict) -> dict:
        routes = [
            ("POST", r"/v1/customers", self._create_customer),
            ("GET", r"/v1/customers", lambda p: self._list(p, self.of("customer"))),
            ("GET", r"/v1/customers/(cust_\w+)/tokens", self._tokens),
            ("POST", r"/v1/payment_links", self._create_link),
            ("GET", r"/v1/payment_links", self._list_links),
            ("GET", r"/v1/payment_links/([^/]+)", lambda p, i: self._get("payment_link", i)),
            ("POST", r"/v1/payment_links/([^/]+)/cancel", self._cancel_link),
            ("POST", r"/v1/plans", self._create_plan),
            ("GET", r"/v1/plans", lambda p: self._list(p, self.of("plan"))),
            ("POST", r"/v1/orders", self._create_order),
            ("GET", r"/v1/orders", self._list_orders),
            ("GET", r"/v1/orders/([^/]+)/payments", self._order_payments),
            ("GET", r"/v1/orders/([^/]+)", lambda p, i: self._get("order", i)),
            ("POST", r"/v1/payments/create/recurring", self._create_recurring),
            ("POST", r"/v1/payments/([^/]+)/refund", self._create_refund),
            ("GET", r"/v1/payments/([^/]+)/refunds", self._payment_refunds),
            ("GET", r"/v1/refunds/([^/]+)", lambda p, i: self._get("refund", i)),
            ("POST", r"/v1/subscriptions", self._create_subscription),
            ("GET", r"/v1/subscriptions/([^/]+)", lambda p, i: self._get("subscription", i)),
            ("GET", r"/v1/subscriptions", lambda p: self._list(p, self.of("subscription"))),
            ("PATCH", r"/v1/subscriptions/([^/]+)", self._update_subscription),
            ("POST", r"/v1/subscriptions/([^/]+)/cancel", self._cancel_subscription),
            ("POST", r"/v1/subscriptions/([^/]+)/pause", self._pause_subscription),
            ("POST", r"/v1/subscriptions/([^/]+)/resume", self._resume_subscription),
        ]
        for verb, pattern, handler in routes:
            match = re.fullmatch(pattern, path)
            if verb == method and match:
                return handler(params, *match.groups())
        raise RazorpayError("The requested URL was not found on the server.", status=404)

    # -- objects --------------------------------------------------------------------------
    def _new(self, prefix: str, entity: str, **fields: Any) -> dict:
        obj = {"id": f"{prefix}_Standin{next(self._counter):07d}", "entity": entity,
               **fields, "created_at": int(time.time())}
        self.objects[obj["id"]] = obj
        return obj

    def _get(self, entity: str, object_id: str) -> dict:
        obj = self.objects.get(object_id)
        if obj is None or obj["entity"] != entity:
            raise missing()
        return obj

    @staticmethod
    def _list(params: dict, items: list[dict]) -> dict:
        count, skip = params.get("count", 10), params.get("skip", 0)
        if not isinstance(count, int) or not 1 <= count <= 100:
            raise RazorpayError("The count must be between 1 and 100.", field="count")
        page = list(reversed(items))[skip:skip + count]  # newest first
        return {"entity": "collection", "count": len(page), "items": page}

    def _create_customer(self, params: dict) -> dict:
        email, contact = params.get("email"), params.get("contact")
        if params.get("fail_existing") in ("0", 0) and (email or contact):
            for customer in self.of("customer"):
                if (customer["email"], customer["contact"]) == (email, contact):
                    return customer
        return self._new("cust", "customer", name=params.get("name"), email=email,
                         contact=contact, gstin=None, notes=_notes(params))

    def _tokens(self, params: dict, customer_id: str) -> dict:
        self._get("customer", customer_id)
        return self._list(params, [t for t in self.of("token")
                                   if t["customer_id"] == customer_id])

    def _create_link(self, params: dict) -> dict:
        reference = params.get("reference_id")
        if reference and any(link["reference_id"] == reference
                             for link in self.of("payment_link")):
            raise RazorpayError(f"Payment Link with reference {reference} already exists",
                                field="reference_id")
        checkout = (params.get("options") or {}).get("checkout") or {}
        if checkout.get("customer_id"):
            self._get("customer", checkout["customer_id"])
        link = self._new(
            "plink", "payment_link", amount=_amount(params), amount_paid=0,
            currency=params.get("currency", "INR"), description=params.get("description"),
            reference_id=reference, status="created", payments=None, notes=_notes(params),
            customer=params.get("customer") or {}, options=params.get("options") or {},
            callback_url=params.get("callback_url"),
            callback_method=params.get("callback_method"), accept_partial=False,
            expire_by=0, expired_at=0, cancelled_at=0)
        link["short_url"] = f"https://rzp.io/i/{link['id'].removeprefix('plink_')}"
        return link

    def _list_links(self, params: dict) -> dict:
        links = [link for link in reversed(self.of("payment_link"))
                 if params.get("reference_id") in (None, link["reference_id"])]
        return {"payment_links": links}

    def _cancel_link(self, params: dict, link_id: str) -> dict:
        link = self._get("payment_link", link_id)
        if link["status"] != "created":
            raise RazorpayError(f"Payment Link cannot be cancelled in {link['status']} state")
        link.update(status="cancelled", cancelled_at=int(time.time()))
        return link

    def _create_plan(self, params: dict) -> dict:
        if params.get("period") not in ("daily", "weekly", "monthly", "yearly"):
            raise RazorpayError("The period is invalid.", field="period")
        item = params.get("item") or {}
        if not item.get("name") or not item.get("currency"):
            raise RazorpayError("The item name and currency are required.", field="item")
        # Razorpay may ask more than zero of a plan; the contract keeps free plans as plans
        amount = _amount(item, minimum=0)
        return self._new("plan", "plan", period=params["period"],
                         interval=params.get("interval", 1), notes=_notes(params),
                         item=self._new("item", "item", active=True, name=item["name"],
                                        description=item.get("description"), amount=amount,
                                        unit_amount=amount, currency=item["currency"]))

    def _create_order(self, params: dict) -> dict:
        return self._new("order", "order", amount=_amount(params), amount_paid=0,
                         amount_due=params["amount"], currency=params.get("currency", "INR"),
                         receipt=params.get("receipt"), status="created", attempts=0,
                         notes=_notes(params))

    def _list_orders(self, params: dict) -> dict:
        return self._list(params, [o for o in self.of("order")
                                   if params.get("receipt") in (None, o["receipt"])])

    def _order_payments(self, params: dict, order_id: str) -> dict:
        self._get("order", order_id)
        return self._list(params, [p for p in self.of("payment") if p["order_id"] == order_id])

    def _payment(self, *, amount: int, currency: str, order_id: str | None,
                 customer_id: str | None, token_id: str | None, **fields: Any) -> dict:
        return self._new(
            "pay", "payment", amount=amount, currency=currency, status="captured",
            order_id=order_id, invoice_id=None, international=False, method="card",
            amount_refunded=0, refund_status=None, captured=True, customer_id=customer_id,
            token_id=token_id, error_code=None, error_description=None, error_source=None,
            error_step=None, error_reason=None, **{"notes": [], **fields})

    def _create_recurring(self, params: dict) -> dict:
        order = self._get("order", params.get("order_id", ""))
        customer = self._get("customer", params.get("customer_id", ""))
        token = self.objects.get(params.get("token", ""))
        if token is None or token["entity"] != "token" \
                or token["customer_id"] != customer["id"]:
            raise RazorpayError("The token provided does not exist", field="token")
        if params.get("recurring") not in ("1", 1, True):
            raise RazorpayError("The recurring field must be 1.", field="recurring")
        if _amount(params) != order["amount"]:
            raise RazorpayError("The amount must match the order amount.", field="amount")
        if order["status"] == "paid":
            raise RazorpayError("Order is already paid", field="order_id")
        order["attempts"] += 1
        payment = self._payment(amount=order["amount"], currency=order["currency"],
                                order_id=order["id"], customer_id=customer["id"],
                                token_id=token["id"], description=params.get("description"),
                                notes=_notes(params))
        if customer["id"] in self.declining:
            payment.update(status="failed", captured=False, error_code="BAD_REQUEST_ERROR",
                           error_description="Your payment has been declined by your bank.",
                           error_source="bank", error_step="payment_authorization",
                           error_reason="card_declined")
            raise RazorpayError("Your payment has been declined by your bank.",
                                source="bank", step="payment_authorization",
                                reason="card_declined",
                                metadata={"payment_id": payment["id"], "order_id": order["id"]})
        order.update(status="paid", amount_paid=order["amount"], amount_due=0)
        return {"razorpay_payment_id": payment["id"], "razorpay_order_id": order["id"],
                "razorpay_signature": "standin_signature"}

    def _create_refund(self, params: dict, payment_id: str) -> dict:
        payment = self._get("payment", payment_id)
        if payment["status"] not in ("captured", "refunded"):
            raise RazorpayError("The payment has not been captured", field="payment_id")
        left = payment["amount"] - payment["amount_refunded"]
        if left == 0:
            raise RazorpayError("The payment has been fully refunded already")
        amount = _amount(params, minimum=1) if "amount" in params else left
        if amount > left:
            raise RazorpayError("The refund amount provided is greater than amount captured",
                                field="amount")
        payment["amount_refunded"] += amount
        payment["refund_status"] = "full" if amount == left else "partial"
        if payment["amount_refunded"] == payment["amount"]:
            payment["status"] = "refunded"
        return self._new("rfnd", "refund", amount=amount, currency=payment["currency"],
                         payment_id=payment_id, notes=_notes(params),
                         receipt=params.get("receipt"), acquirer_data={"arn": None},
                         batch_id=None, status="processed", speed_processed="normal",
                         speed_requested=params.get("speed", "normal"))

    def _payment_refunds(self, params: dict, payment_id: str) -> dict:
        self._get("payment", payment_id)
        return self._list(params, [r for r in self.of("refund")
                                   if r["payment_id"] == payment_id])

    def _create_subscription(self, params: dict) -> dict:
        plan = self._get("plan", params.get("plan_id", ""))
        if params.get("customer_id"):
            self._get("customer", params["customer_id"])
        now = int(time.time())
        start = _amount(params, "start_at", minimum=now + 1) if "start_at" in params \
            else now + MONTH
        total = _amount(params, "total_count", minimum=1) if "total_count" in params else 12
        return self._new("sub", "subscription", plan_id=plan["id"], status="created",
                         customer_id=params.get("customer_id"), quantity=1,
                         total_count=total, paid_count=0, remaining_count=total,
                         start_at=start, charge_at=start, current_start=None,
                         current_end=None, end_at=None, ended_at=None, auth_attempts=0,
                         customer_notify=params.get("customer_notify", 1),
                         has_scheduled_changes=False, change_scheduled_at=None,
                         source="api", notes=_notes(params),
                         short_url=f"https://rzp.io/i/sub{next(self._counter)}")

    def _live_subscription(self, subscription_id: str) -> dict:
        subscription = self._get("subscription", subscription_id)
        if subscription["status"] in ("cancelled", "completed", "expired"):
            raise RazorpayError(f"Subscription is not editable in {subscription['status']} "
                                "status.", field="status")
        return subscription

    def _update_subscription(self, params: dict, subscription_id: str) -> dict:
        subscription = self._live_subscription(subscription_id)
        if "start_at" in params:
            if subscription["status"] not in ("created", "authenticated"):
                raise RazorpayError("start_at can only be changed before the subscription "
                                    "starts", field="start_at")
            start = _amount(params, "start_at", minimum=int(time.time()))
            subscription.update(start_at=start, charge_at=start)
        if "plan_id" in params:
            plan = self._get("plan", params["plan_id"])
            when = params.get("schedule_change_at", "now")
            if when not in ("now", "cycle_end"):
                raise RazorpayError("schedule_change_at must be now or cycle_end",
                                    field="schedule_change_at")
            if when == "now":
                subscription["plan_id"] = plan["id"]
            else:  # Razorpay keeps the change pending until the cycle ends
                self.scheduled[subscription_id] = plan["id"]
                subscription.update(has_scheduled_changes=True,
                                    change_scheduled_at=subscription["charge_at"])
        if "notes" in params:
            subscription["notes"] = _notes(params)
        return subscription

    def _cancel_subscription(self, params: dict, subscription_id: str) -> dict:
        subscription = self._get("subscription", subscription_id)
        if subscription["status"] in ("cancelled", "completed", "expired"):
            raise RazorpayError(f"Subscription is not cancellable in "
                                f"{subscription['status']} status.", field="status")
        if params.get("cancel_at_cycle_end") in (1, "1", True):
            self.ending.add(subscription_id)  # cancelled when its cycle ends
            return subscription
        subscription.update(status="cancelled", ended_at=int(time.time()))
        return subscription

    def _pause_subscription(self, params: dict, subscription_id: str) -> dict:
        subscription = self._get("subscription", subscription_id)
        if subscription["status"] != "active":
            raise RazorpayError(f"Subscription cannot be paused in {subscription['status']} "
                                "status.", field="status")
        if params.get("pause_at") != "now":
            raise RazorpayError("pause_at must be now", field="pause_at")
        subscription.update(status="paused", paused_at=int(time.time()))
        return subscription

    def _resume_subscription(self, params: dict, subscription_id: str) -> dict:
        subscription = self._get("subscription", subscription_id)
        if subscription["status"] != "paused":
            raise RazorpayError(f"Subscription cannot be resumed in {subscription['status']} "
                                "status.", field="status")
        if params.get("resume_at") != "now":
            raise RazorpayError("resume_at must be now", field="resume_at")
        subscription.update(status="active", paused_at=None)
        return subscription

    # -- control --------------------------------------------------------------------------
    def _control(self, path: str, params: dict) -> dict:
        if match := re.fullmatch(r"payment_links/([^/]+)/pay", path):
            return self._pay(match.group(1))
        if match := re.fullmatch(r"customers/([^/]+)/decline", path):
            (self.declining.add if params.get("on", True) else self.declining.discard)(
                match.group(1))
            return {"customer": match.group(1), "declining": match.group(1) in self.declining}
        if path == "fail":
            failure = Failure(int(params.get("status", 500)), params.get("path"),
                              bool(params.get("lost")))
            self.failures.extend([failure] * int(params.get("count", 1)))
            return {"failures": len(self.failures)}
        raise ValueError(f"unknown control endpoint {path}")

    def _pay(self, link_id: str) -> dict:
        """The customer pays a created link; a card saved for recurring use when its
        checkout options ask for it."""
        link = self.objects[link_id]
        if link["status"] != "created":
            return link
        checkout = link["options"].get("checkout") or {}
        customer_id = checkout.get("customer_id")
        token_id = None
        if customer_id and checkout.get("recurring") == "1" and checkout.get("save") == "1":
            token_id = self._new(
                "token", "token", customer_id=customer_id, method="card", recurring=True,
                recurring_details={"status": "confirmed", "failure_reason": None},
                card={"network": "Visa", "last4": "1111"}, status="active")["id"]
        payment = self._payment(amount=link["amount"], currency=link["currency"],
                                order_id=None, customer_id=customer_id, token_id=token_id)
        link.update(status="paid", amount_paid=link["amount"], payments=[{
            "payment_id": payment["id"], "amount": payment["amount"], "status": "captured",
            "method": "card", "plink_id": link_id, "created_at": payment["created_at"]}])
        return link
