"""The signature matrix, run on every gateway's verifier: a delivery signed as the gateway
signs it verifies and tells its event; a missing header, a wrong secret, a body changed by one
byte, re-serialized JSON, stale and future Stripe timestamps and a Razorpay body signed with
the API key secret are all refused.

The ``signed_*`` helpers build deliveries the way each gateway does; the API tests use them.
"""

import hashlib
import hmac
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest

from ownverso.adapters.webhook_verifiers import default_verifiers
from ownverso.services.ports import WebhookRejected

NOW = datetime(2026, 1, 1, 12, 0, tzinfo=UTC)  # the test clock's start
STRIPE_SECRET = "whsec_test_0123456789abcdef"
RAZORPAY_WEBHOOK_SECRET = "rzp-webhook-secret-42"
RAZORPAY_KEY_SECRET = "rzp_key_secret_should_not_sign"
XENDIT_TOKEN = "xnd-callback-token-7f3a"
SECRETS = {"stripe": STRIPE_SECRET, "razorpay": RAZORPAY_WEBHOOK_SECRET, "xendit": XENDIT_TOKEN}


def _hex(secret: str, message: bytes) -> str:
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def stripe_event(event_id: str = "evt_1", event_type: str = "checkout.session.completed",
                 object_id: str = "cs_test_1") -> bytes:
    return json.dumps({"id": event_id, "object": "event", "type": event_type,
                       "created": int(NOW.timestamp()),
                       "data": {"object": {"id": object_id, "object": "checkout.session",
                                           "amount_total": 49900}}},
                      separators=(",", ":")).encode()


def signed_stripe(body: bytes, *, secret: str = STRIPE_SECRET, at: datetime = NOW) -> dict:
    stamp = int(at.timestamp())
    return {"Stripe-Signature": f"t={stamp},v1={_hex(secret, f'{stamp}.'.encode() + body)}"}


def razorpay_event(event: str = "payment.captured", payment_id: str = "pay_1") -> bytes:
    return json.dumps({"entity": "event", "account_id": "acc_1", "event": event,
                       "contains": ["payment"],
                       "payload": {"payment": {"entity": {"id": payment_id, "amount": 49900,
                                                          "currency": "INR"}}},
                       "created_at": int(NOW.timestamp())}, separators=(",", ":")).encode()


def signed_razorpay(body: bytes, *, secret: str = RAZORPAY_WEBHOOK_SECRET,
                    event_id: str | None = "evt_rzp_1") -> dict:
    headers = {"X-Razorpay-Signature": _hex(secret, body)}
    if event_id:
        headers["X-Razorpay-Event-Id"] = event_id
    return headers


def xendit_event(event: str = "payment.succeeded", payment_id: str = "py-1") -> bytes:
    return json.dumps({"event": event, "business_id": "biz_1",
                       "created": "2026-01-01T12:00:00.000Z",
                       "data": {"id": payment_id, "status": "SUCCEEDED", "amount": 49900,
                                "currency": "IDR"}}, separators=(",", ":")).encode()


def signed_xendit(body: bytes, *, secret: str = XENDIT_TOKEN,
                  webhook_id: str | None = "wh-xnd-1") -> dict:
    headers = {"x-callback-token": secret}
    if webhook_id:
        headers["webhook-id"] = webhook_id
    return headers


@dataclass(frozen=True)
class Gateway:
    name: str
    body: Callable[[], bytes]
    sign: Callable[..., dict]
    signature_header: str
    event: tuple[str, str, str]  # event id, type, object id


GATEWAYS = [
    Gateway("stripe", stripe_event, signed_stripe, "Stripe-Signature",
            ("evt_1", "checkout.session.completed", "cs_test_1")),
    Gateway("razorpay", razorpay_event, signed_razorpay, "X-Razorpay-Signature",
            ("evt_rzp_1", "payment.captured", "pay_1")),
    Gateway("xendit", xendit_event, signed_xendit, "x-callback-token",
            ("wh-xnd-1", "payment.succeeded", "py-1")),
]


# Xendit signs nothing (its token does not cover the body): the body matrix is the others'
SIGNED_BODIES = pytest.mark.parametrize("gateway", GATEWAYS[:2], ids=lambda g: g.name)


@pytest.fixture(params=GATEWAYS, ids=lambda g: g.name)
def gateway(request) -> Gateway:
    return request.param


def verify(gateway: Gateway, headers: dict, body: bytes, *, now: datetime = NOW):
    return default_verifiers()[gateway.name].verify(
        headers=headers, body=body, secret=SECRETS[gateway.name], now=now)


def refused(gateway: Gateway, headers: dict, body: bytes, **kwargs) -> WebhookRejected:
    with pytest.raises(WebhookRejected) as caught:
        verify(gateway, headers, body, **kwargs)
    return caught.value


def test_a_delivery_signed_by_the_gateway_verifies_and_tells_its_event(gateway):
    body = gateway.body()
    event = verify(gateway, gateway.sign(body), body)
    assert (event.event_id, event.event_type, event.object_id) == gateway.event


def test_header_names_are_case_insensitive(gateway):
    body = gateway.body()
    headers = {k.upper(): v for k, v in gateway.sign(body).items()}
    assert verify(gateway, headers, body).event_id == gateway.event[0]


def test_no_signature_header_is_missing_not_wrong(gateway):
    body = gateway.body()
    headers = {k: v for k, v in gateway.sign(body).items() if k != gateway.signature_header}
    rejected = refused(gateway, headers, body)
    assert (rejected.missing, rejected.reason) == (True, "signature_missing")
    assert refused(gateway, {gateway.signature_header: ""}, body).missing is True


def test_a_wrong_secret_is_refused(gateway):
    body = gateway.body()
    rejected = refused(gateway, gateway.sign(body, secret="not-the-secret"), body)
    assert rejected.missing is False


@SIGNED_BODIES
def test_a_body_changed_by_one_byte_is_refused(gateway):
    body = gateway.body()
    headers = gateway.sign(body)
    changed = body.replace(b"49900", b"49901")
    assert len(changed) == len(body) and changed != body
    assert refused(gateway, headers, changed).reason == "signature_mismatch"


@SIGNED_BODIES
def test_re_serialized_json_is_refused(gateway):
    body = gateway.body()
    headers = gateway.sign(body)
    reserialized = json.dumps(json.loads(body), indent=2).encode()
    assert json.loads(reserialized) == json.loads(body)
    assert refused(gateway, headers, reserialized).reason == "signature_mismatch"


def test_a_signed_body_that_is_not_an_event_is_refused(gateway):
    for body in (b"not json", b"[1, 2]", b"{}"):
        assert refused(gateway, gateway.sign(body), body).reason == "invalid_payload"


def test_xendit_compares_the_token_exactly():
    xendit = GATEWAYS[2]
    body = xendit.body()
    for token in (XENDIT_TOKEN[:-1], XENDIT_TOKEN + "x", XENDIT_TOKEN.upper(), "é" * 5):
        assert refused(xendit, signed_xendit(body, secret=token), body).missing is False


def test_stripe_refuses_stale_and_future_timestamps_inside_the_tolerance_only():
    stripe = GATEWAYS[0]
    body = stripe.body()
    assert verify(stripe, signed_stripe(body, at=NOW - timedelta(seconds=299)), body)
    assert verify(stripe, signed_stripe(body, at=NOW + timedelta(seconds=20)), body)
    stale = refused(stripe, signed_stripe(body, at=NOW - timedelta(seconds=301)), body)
    future = refused(stripe, signed_stripe(body, at=NOW + timedelta(minutes=5)), body)
    assert (stale.reason, future.reason) == ("timestamp_too_old", "timestamp_in_future")


def test_stripe_accepts_any_v1_while_a_secret_is_rolled_and_refuses_malformed_headers():
    stripe = GATEWAYS[0]
    body = stripe.body()
    stamp = int(NOW.timestamp())
    old = _hex("whsec_old", f"{stamp}.".encode() + body)
    good = _hex(STRIPE_SECRET, f"{stamp}.".encode() + body)
    assert verify(stripe, {"Stripe-Signature": f"t={stamp},v1={old},v1={good}"}, body)
    for header in (f"v1={good}", f"t=abc,v1={good}", f"t={stamp}", f"t={stamp},v0={good}"):
        assert refused(stripe, {"Stripe-Signature": header}, body).missing is False


def test_razorpay_refuses_a_body_signed_with_the_api_key_secret():
    razorpay = GATEWAYS[1]
    body = razorpay.body()
    rejected = refused(razorpay, signed_razorpay(body, secret=RAZORPAY_KEY_SECRET), body)
    assert rejected.reason == "signature_mismatch"


def test_razorpay_without_an_event_id_header_is_known_by_its_body():
    razorpay = GATEWAYS[1]
    body = razorpay.body()
    first = verify(razorpay, signed_razorpay(body, event_id=None), body)
    again = verify(razorpay, signed_razorpay(body, event_id=None), body)
    assert first.event_id == again.event_id == "sha256:" + hashlib.sha256(body).hexdigest()


def test_xendit_legacy_callbacks_are_one_event_per_object_and_status():
    xendit = GATEWAYS[2]
    paid = json.dumps({"id": "inv-1", "external_id": "chk_1", "status": "PAID"}).encode()
    expired = json.dumps({"id": "inv-1", "external_id": "chk_1", "status": "EXPIRED"}).encode()
    one = verify(xendit, signed_xendit(paid, webhook_id=None), paid)
    two = verify(xendit, signed_xendit(expired, webhook_id=None), expired)
    assert (one.event_id, one.event_type, one.object_id) == ("inv-1:PAID", "PAID", "inv-1")
    assert two.event_id == "inv-1:EXPIRED"
