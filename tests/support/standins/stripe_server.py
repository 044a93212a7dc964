"""A local stand-in of the part of Stripe's REST API the Stripe adapter calls.

Requests are form-encoded with Stripe's bracket notation (``metadata[tier]=PRO``,
``line_items[0][quantity]=1``) and answers are JSON shaped like Stripe's objects and errors.
It checks the bearer secret key, honours ``Idempotency-Key`` (the same key and parameters
replay the first answer, other parameters are an ``idempotency_error``) and records every
request. Control endpoints under ``/_control`` play what Stripe's dashboard or a customer
would do: pay a checkout session (saving the card off-session), make a customer's cards
decline, fail the next requests with a 5xx."""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl

from werkzeug.wrappers import Request

from tests.support.standins.local_server import Failure, LocalServer

MONTH = 30 * 24 * 3600
_KEY = re.compile(r"^([^\[\]]+)((?:\[[^\]]*\])*)$")
_CUSTOMER_QUERY = re.compile(r"^metadata\['([^']+)'\]:'((?:[^'\\]|\\.)*)'$")


class StripeError(Exception):
    def __init__(self, status: int, type_: str, message: str, code: str | None = None,
                 **extra: Any):
        super().__init__(message)
        self.status, self.body = status, {"error": {
            "type": type_, "message": message, **({"code": code} if code else {}), **extra}}


def missing(kind: str, object_id: str) -> StripeError:
    return StripeError(404, "invalid_request_error", f"No such {kind}: '{object_id}'",
                       "resource_missing", param="id")


def decode_form(pairs: list[tuple[str, str]]) -> dict:
    """``a[b][0]=x`` pairs -> ``{"a": {"b": ["x"]}}``, as Stripe reads them."""
    root: dict = {}
    for key, value in pairs:
        match = _KEY.match(key)
        if match is None:
            raise StripeError(400, "invalid_request_error", f"Invalid parameter: {key}")
        path = [match.group(1), *re.findall(r"\[([^\]]*)\]", match.group(2))]
        node = root
        for part in path[:-1]:
            node = node.setdefault(part, {})
        node[path[-1]] = value
    return _listify(root)


def _listify(node: Any) -> Any:
    if not isinstance(node, dict):
        return node
    items = {key: _listify(value) for key, value in node.items()}
    if items and all(key.isdigit() for key in items):
        return [items[key] for key in sorted(items, key=int)]
    return items


def _int(params: dict, name: str, *, minimum: int = 0) -> int:
    raw = params.get(name)
    if raw is None:
        raise StripeError(400, "invalid_request_error", f"Missing required param: {name}.",
                          "parameter_missing", param=name)
    if not re.fullmatch(r"-?\d+", raw) or int(raw) < minimum:
        raise StripeError(400, "invalid_request_error", f"Invalid integer: {raw}",
                          "parameter_invalid_integer", param=name)
    return int(raw)


def _required(params: dict, name: str) -> Any:
    if params.get(name) in (None, ""):
        raise StripeError(400, "invalid_request_error", f"Missing required param: {name}.",
                          "parameter_missing", param=name)
    return params[name]


@dataclass
class Recorded:
    method: str
    path: str
    params: dict
    idempotency_key: str | None
    status: int = 0


@dataclass
class StripeStandIn(LocalServer):
    secret_key: str = "sk_test_standin_secret"
    objects: dict[str, dict] = field(default_factory=dict)
    requests: list[Recorded] = field(default_factory=list)
    declining: set[str] = field(default_factory=set)  # customer ids whose cards decline
    failures: list[Failure] = field(default_factory=list)  # how the next requests fail

    def __post_init__(self) -> None:
        self._replays: dict[str, tuple[str, dict, int, dict]] = {}
        self._serve()

    # -- lifecycle ------------------------------------------------------------------------
    def reset(self) -> None:
        """Forget every object, key and request: a fresh account for the next test."""
        with self._lock:
            for state in (self.objects, self.requests, self.failures, self._replays):
                state.clear()
            self.declining.clear()

    def posted(self, path: str) -> list[Recorded]:
        return [r for r in self.requests if r.method == "POST" and r.path == path]

    # -- HTTP -----------------------------------------------------------------------------
    def _answer(self, request: Request) -> tuple[int, dict]:
        raw = (request.get_data(as_text=True) if request.method == "POST"
               else request.query_string.decode())
        with self._lock:
            try:
                params = decode_form(parse_qsl(raw, keep_blank_values=True))
            except StripeError as error:
                return error.status, error.body
            if request.path.startswith("/_control/"):
                return 200, self._control(request.path.removeprefix("/_control/"), params)
            key = request.headers.get("Idempotency-Key")
            recorded = Recorded(request.method, request.path, params, key)
            self.requests.append(recorded)
            recorded.status, body = self._handle(request, params, key)
            return recorded.status, body

    def _handle(self, request: Request, params: dict, key: str | None) -> tuple[int, dict]:
        if request.headers.get("Authorization") != f"Bearer {self.secret_key}":
            return 401, {"error": {"type": "invalid_request_error",
                                   "message": "Invalid API Key provided."}}
        failure = next((f for f in self.failures if f.path in (None, request.path)), None)
        if failure is not None:
            self.failures.remove(failure)
            if failure.lost:  # Stripe did the work, the answer got lost on the way
                self._handle(request, params, key)
            return failure.status, {"error": {
                "type": "api_error", "message": "The stand-in failed on purpose."}}
        fingerprint = {"path": request.path, "params": params}
        if request.method == "POST" and key in self._replays:
            first, status, body = self._replays[key][1:]
            if first != fingerprint:
                return 400, {"error": {
                    "type": "idempotency_error",
                    "message": "Keys for idempotent requests can only be used with the same "
                               "parameters they were first used with."}}
            return status, body
        try:
            status, body = 200, self._route(request.method, request.path, params)
        except StripeError as error:
            status, body = error.status, error.body
        if request.method == "POST" and key:
            self._replays[key] = (key, fingerprint, status, body)
        return status, body

    def _route(self, method: str, path: str, params: dict) -> dict:
        routes = [
            ("POST", r"/v1/customers", self._create_customer),
            ("GET", r"/v1/customers/search", self._search_customers),
            ("GET", r"/v1/customers/(cus_\w+)/payment_methods", self._customer_cards),
            ("POST", r"/v1/checkout/sessions", self._create_session),
            ("GET", r"/v1/checkout/sessions/([^/]+)", self._get_session),
            ("POST", r"/v1/checkout/sessions/([^/]+)/expire", self._expire_session),
            ("POST", r"/v1/products", self._create_product),
            ("GET", r"/v1/products/([^/]+)", lambda p, i: self._get("product", i)),
            ("POST", r"/v1/products/([^/]+)", self._update_product),
            ("GET", r"/v1/prices", self._list_prices),
            ("POST", r"/v1/prices", self._create_price),
            ("POST", r"/v1/prices/([^/]+)", self._update_price),
            ("POST", r"/v1/payment_intents", self._create_payment_intent),
            ("POST", r"/v1/refunds", self._create_refund),
            ("GET", r"/v1/refunds/([^/]+)", lambda p, i: self._get("refund", i)),
            ("POST", r"/v1/subscriptions", self._create_subscription),
            ("GET", r"/v1/subscriptions/([^/]+)", lambda p, i: self._get("subscription", i)),
            ("POST", r"/v1/subscriptions/([^/]+)", self._update_subscription),
            ("DELETE", r"/v1/subscriptions/([^/]+)", self._cancel_subscription),
        ]
        for verb, pattern, handler in routes:
            match = re.fullmatch(pattern, path)
            if verb == method and match:
                return handler(params, *match.groups())
        raise StripeError(404, "invalid_request_error",
                          f"Unrecognized request URL ({method}: {path}).")

    # -- objects --------------------------------------------------------------------------
    def _new(self, prefix: str, kind: str, **fields: Any) -> dict:
        object_id = fields.pop("id", None) or f"{prefix}_standin{next(self._counter):06d}"
        obj = {"id": object_id, "object": kind, "created": int(time.time()),
               "livemode": False, **fields}
        self.objects[object_id] = obj
        return obj

    def _get(self, kind: str, object_id: str) -> dict:
        obj = self.objects.get(object_id)
        if obj is None or obj["object"] != kind:
            raise missing(kind, object_id)
        return obj

    @staticmethod
    def _list(data: list[dict], url: str) -> dict:
        return {"object": "list", "data": data, "has_more": False, "url": url}

    def _create_customer(self, params: dict) -> dict:
        return self._new("cus", "customer", email=params.get("email"),
                         metadata=params.get("metadata", {}),
                         invoice_settings={"default_payment_method": None})

    def _search_customers(self, params: dict) -> dict:
        match = _CUSTOMER_QUERY.match(_required(params, "query"))
        if match is None:
            raise StripeError(400, "invalid_request_error", "Unsupported search query.")
        name, value = match.group(1), match.group(2).replace("\\'", "'")
        found = [o for o in self.objects.values()
                 if o["object"] == "customer" and o["metadata"].get(name) == value]
        return {"object": "search_result", "data": found, "has_more": False,
                "next_page": None, "url": "/v1/customers/search"}

    def _customer_cards(self, params: dict, customer_id: str) -> dict:
        self._get("customer", customer_id)
        cards = [o for o in self.objects.values()
                 if o["object"] == "payment_method" and o["customer"] == customer_id]
        return self._list(sorted(cards, key=lambda c: c["id"], reverse=True),
                          f"/v1/customers/{customer_id}/payment_methods")

    def _create_session(self, params: dict) -> dict:
        if params.get("mode") != "payment":
            raise StripeError(400, "invalid_request_error", "This stand-in supports only "
                              "mode=payment.", param="mode")
        items = params.get("line_items")
        if not isinstance(items, list) or not items:
            raise StripeError(400, "invalid_request_error", "Missing required param: "
                              "line_items.", "parameter_missing", param="line_items")
        total, currency = 0, None
        for item in items:
            price = item.get("price_data", {})
            total += _int(price, "unit_amount", minimum=1) * _int(item, "quantity", minimum=1)
            currency = _required(price, "currency")
            _required(price.get("product_data", {}), "name")
        if params.get("customer"):
            self._get("customer", params["customer"])
        session = self._new(
            "cs_test", "checkout.session", mode="payment", amount_total=total,
            currency=currency, status="open", payment_status="unpaid", payment_intent=None,
            customer=params.get("customer"), customer_creation=params.get("customer_creation"),
            metadata=params.get("metadata", {}),
            success_url=_required(params, "success_url"), cancel_url=params.get("cancel_url"),
            payment_intent_data=params.get("payment_intent_data", {}))
        session["url"] = f"https://checkout.stripe.com/c/pay/{session['id']}"
        return session

    def _get_session(self, params: dict, session_id: str) -> dict:
        return self._get("checkout.session", session_id)

    def _expire_session(self, params: dict, session_id: str) -> dict:
        session = self._get("checkout.session", session_id)
        if session["status"] != "open":
            raise StripeError(400, "invalid_request_error", "Only Checkout Sessions with a "
                              'status in ["open"] can be expired.')
        session["status"] = "expired"
        return session

    def _create_product(self, params: dict) -> dict:
        if params.get("id") in self.objects:
            raise StripeError(400, "invalid_request_error", "Product already exists.",
                              "resource_already_exists", param="id")
        return self._new("prod", "product", id=params.get("id"),
                         name=_required(params, "name"), active=True,
                         metadata=params.get("metadata", {}))

    def _update_product(self, params: dict, product_id: str) -> dict:
        product = self._get("product", product_id)
        product["name"] = params.get("name", product["name"])
        product["metadata"] = {**product["metadata"], **params.get("metadata", {})}
        return product

    def _list_prices(self, params: dict) -> dict:
        keys = params.get("lookup_keys", [])
        prices = [o for o in self.objects.values() if o["object"] == "price"
                  and (not keys or o["lookup_key"] in keys)
                  and (params.get("active") is None
                       or o["active"] == (params["active"] == "true"))]
        if "data.product" in params.get("expand", []):
            prices = [{**p, "product": self.objects[p["product"]]} for p in prices]
        return self._list(prices, "/v1/prices")

    def _create_price(self, params: dict) -> dict:
        product = self._get("product", _required(params, "product"))
        lookup_key = params.get("lookup_key")
        holders = [o for o in self.objects.values()
                   if o["object"] == "price" and lookup_key and o["lookup_key"] == lookup_key]
        if holders and params.get("transfer_lookup_key") != "true":
            raise StripeError(400, "invalid_request_error", f"A price with lookup key "
                              f"{lookup_key!r} already exists.", param="lookup_key")
        for holder in holders:
            holder["lookup_key"] = None
        interval = _required(params.get("recurring", {}), "interval")
        if interval not in ("day", "week", "month", "year"):
            raise StripeError(400, "invalid_request_error", f"Invalid interval: {interval}")
        return self._new("price", "price", product=product["id"], active=True,
                         unit_amount=_int(params, "unit_amount"),
                         currency=_required(params, "currency"), lookup_key=lookup_key,
                         recurring={"interval": interval}, type="recurring",
                         metadata=params.get("metadata", {}))

    def _update_price(self, params: dict, price_id: str) -> dict:
        price = self._get("price", price_id)
        if "active" in params:
            price["active"] = params["active"] == "true"
        return price

    def _create_payment_intent(self, params: dict) -> dict:
        customer_id = params.get("customer")
        if customer_id:
            self._get("customer", customer_id)
        card = params.get("payment_method")
        if card and self._get("payment_method", card)["customer"] != customer_id:
            raise StripeError(400, "invalid_request_error", "The payment method does not "
                              "belong to this customer.", param="payment_method")
        intent = self._new(
            "pi", "payment_intent", amount=_int(params, "amount", minimum=1),
            currency=_required(params, "currency"), customer=customer_id,
            payment_method=card, description=params.get("description"),
            metadata=params.get("metadata", {}), status="requires_payment_method",
            amount_received=0, amount_refunded=0, last_payment_error=None,
            off_session=params.get("off_session") == "true")
        if params.get("confirm") != "true":
            return intent
        if not card:
            raise StripeError(400, "invalid_request_error", "You cannot confirm this "
                              "PaymentIntent because it's missing a payment method.",
                              "payment_intent_unexpected_state", payment_intent=intent)
        if customer_id in self.declining:
            intent["last_payment_error"] = {"type": "card_error", "code": "card_declined",
                                            "decline_code": "generic_decline"}
            raise StripeError(402, "card_error", "Your card was declined.", "card_declined",
                              decline_code="generic_decline", payment_intent=intent)
        intent.update(status="succeeded", amount_received=intent["amount"])
        return intent

    def _create_refund(self, params: dict) -> dict:
        intent = self._get("payment_intent", _required(params, "payment_intent"))
        if intent["status"] != "succeeded":
            raise StripeError(400, "invalid_request_error", f"This PaymentIntent "
                              f"({intent['id']}) does not have a successful charge to refund.")
        left = intent["amount_received"] - intent["amount_refunded"]
        if left == 0:
            raise StripeError(400, "invalid_request_error", "Charge has already been "
                              "refunded.", "charge_already_refunded")
        amount = _int(params, "amount", minimum=1) if "amount" in params else left
        if amount > left:
            raise StripeError(400, "invalid_request_error", f"Refund amount ({amount}) is "
                              f"greater than unrefunded amount on charge ({left})",
                              "amount_too_large", param="amount")
        intent["amount_refunded"] += amount
        return self._new("re", "refund", amount=amount, currency=intent["currency"],
                         payment_intent=intent["id"], status="succeeded",
                         metadata=params.get("metadata", {}))

    def _create_subscription(self, params: dict) -> dict:
        customer = self._get("customer", _required(params, "customer"))
        price = self._get("price", _required(params.get("items", [{}])[0], "price"))
        card = params.get("default_payment_method")
        if card and self._get("payment_method", card)["customer"] != customer["id"]:
            raise StripeError(400, "invalid_request_error", "The payment method does not "
                              "belong to this customer.", param="default_payment_method")
        trial_end = self._timestamp(params, "trial_end") if "trial_end" in params else None
        end = trial_end or int(time.time()) + MONTH
        subscription = self._new(
            "sub", "subscription", customer=customer["id"],
            status="trialing" if trial_end else "active", trial_end=trial_end,
            default_payment_method=card, cancel_at_period_end=False, canceled_at=None,
            ended_at=None, pause_collection=None, metadata=params.get("metadata", {}),
            items=self._list([{"id": f"si_standin{next(self._counter):06d}",
                               "object": "subscription_item", "price": price,
                               "current_period_end": end}], "/v1/subscription_items"))
        return subscription

    def _timestamp(self, params: dict, name: str) -> int:
        """A Unix timestamp Stripe takes only in the future."""
        at = _int(params, name)
        if at <= time.time():
            raise StripeError(400, "invalid_request_error", "Invalid timestamp: must be an "
                              "integer Unix timestamp in the future.", param=name)
        return at

    def _update_subscription(self, params: dict, subscription_id: str) -> dict:
        subscription = self._get("subscription", subscription_id)
        if subscription["status"] == "canceled":
            raise StripeError(400, "invalid_request_error", "A canceled subscription can "
                              "only update its cancellation_details and metadata.")
        if "trial_end" in params:
            subscription.update(trial_end=self._timestamp(params, "trial_end"),
                                status="trialing")
        if "cancel_at_period_end" in params:
            subscription["cancel_at_period_end"] = params["cancel_at_period_end"] == "true"
        if "pause_collection" in params:
            pause = params["pause_collection"]
            if pause == "":
                subscription["pause_collection"] = None
            elif pause.get("behavior") not in ("keep_as_draft", "mark_uncollectible", "void"):
                raise StripeError(400, "invalid_request_error", "Invalid pause_collection.",
                                  param="pause_collection[behavior]")
            else:
                subscription["pause_collection"] = {
                    "behavior": pause["behavior"],
                    "resumes_at": int(pause["resumes_at"]) if pause.get("resumes_at")
                    else None}
        for change in params.get("items", []):
            [item] = [i for i in subscription["items"]["data"] if i["id"] == change.get("id")] \
                or [None]
            if item is None:
                raise missing("subscription_item", str(change.get("id")))
            item["price"] = self._get("price", _required(change, "price"))
        if "metadata" in params:
            subscription["metadata"] = {**subscription["metadata"], **params["metadata"]}
        return subscription

    def _cancel_subscription(self, params: dict, subscription_id: str) -> dict:
        subscription = self._get("subscription", subscription_id)
        if subscription["status"] == "canceled":
            raise StripeError(400, "invalid_request_error", "This subscription has already "
                              "been canceled.")
        now = int(time.time())
        subscription.update(status="canceled", canceled_at=now, ended_at=now)
        return subscription

    # -- control --------------------------------------------------------------------------
    def _control(self, path: str, params: dict) -> dict:
        if match := re.fullmatch(r"checkout/sessions/([^/]+)/pay", path):
            return self._pay(match.group(1))
        if match := re.fullmatch(r"customers/([^/]+)/decline", path):
            (self.declining.add if params.get("on", "true") == "true"
             else self.declining.discard)(match.group(1))
            return {"customer": match.group(1), "declining": match.group(1) in self.declining}
        if path == "fail":
            failure = Failure(int(params.get("status", "500")), params.get("path"),
                              params.get("lost") == "true")
            self.failures.extend([failure] * int(params.get("count", "1")))
            return {"failures": len(self.failures)}
        raise ValueError(f"unknown control endpoint {path}")

    def _pay(self, session_id: str) -> dict:
        """The customer pays an open session with a card saved for off-session use."""
        session = self.objects[session_id]
        if session["status"] != "open":
            return session
        customer_id = session["customer"]
        if customer_id is None:
            customer_id = self._create_customer({})["id"]
        card = self._new("pm", "payment_method", type="card", customer=customer_id,
                         card={"brand": "visa", "last4": "4242"})
        intent = self._new(
            "pi", "payment_intent", amount=session["amount_total"],
            currency=session["currency"], customer=customer_id, payment_method=card["id"],
            status="succeeded", amount_received=session["amount_total"], amount_refunded=0,
            metadata={}, last_payment_error=None,
            setup_future_usage=session["payment_intent_data"].get("setup_future_usage"))
        session.update(status="complete", payment_status="paid", customer=customer_id,
                       payment_intent=intent["id"])
        return session
