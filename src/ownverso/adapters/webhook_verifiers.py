"""Verifying webhook deliveries of Stripe, Razorpay and Xendit, with ``hmac`` alone.

Stripe is checked here rather than with stripe-python's ``WebhookSignature.verify_header``:
that one reads the system time (tests run on a fixed clock) and accepts timestamps in the
future, which a replayed, pre-signed delivery would use. Every comparison is constant-time,
and the body is parsed only once the signature holds.
"""

import hashlib
import hmac
import json
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from ownverso.services.ports.webhooks import VerifiedWebhook, WebhookRejected, WebhookVerifier


def _header(headers: Mapping[str, str], name: str) -> str:
    wanted = name.lower()
    return next((v for k, v in headers.items() if k.lower() == wanted), "").strip()


def _same(expected: str, given: str) -> bool:
    return hmac.compare_digest(expected.encode(), given.encode("utf-8", "replace"))


def _hmac_hex(secret: str, message: bytes) -> str:
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def _json(body: bytes) -> dict[str, Any]:
    try:
        data = json.loads(body)
    except ValueError:
        raise WebhookRejected("invalid_payload") from None
    if not isinstance(data, dict):
        raise WebhookRejected("invalid_payload")
    return data


def _text(value: Any) -> str | None:
    return str(value)[:255] if isinstance(value, str | int) and str(value) else None


class StripeWebhookVerifier(WebhookVerifier):
    """``Stripe-Signature: t=<unix time>,v1=<hex>[,v1=<hex> ...]``: HMAC-SHA256 of
    ``"{t}.{body}"`` with the endpoint's ``whsec_`` secret (any ``v1`` may match: Stripe sends
    one per active secret while one is rolled). ``t`` must be at most ``tolerance`` seconds old
    and at most ``future_skew`` seconds ahead of our clock."""

    gateway = "stripe"

    def __init__(self, *, tolerance: int = 300, future_skew: int = 30):
        self.tolerance, self.future_skew = tolerance, future_skew

    def verify(self, *, headers: Mapping[str, str], body: bytes, secret: str,
               now: datetime) -> VerifiedWebhook:
        header = _header(headers, "Stripe-Signature")
        if not header:
            raise WebhookRejected("signature_missing", missing=True)
        pairs = [part.strip().partition("=") for part in header.split(",")]
        stamps = [value for key, _, value in pairs if key == "t"]
        signatures = [value for key, _, value in pairs if key == "v1"]
        if len(stamps) != 1 or not stamps[0].isdigit() or not signatures:
            raise WebhookRejected("signature_malformed")
        expected = _hmac_hex(secret, stamps[0].encode() + b"." + body)
        if not any(_same(expected, given) for given in signatures):
            raise WebhookRejected("signature_mismatch")
        age = now.timestamp() - int(stamps[0])
        if age > self.tolerance:
            raise WebhookRejected("timestamp_too_old")
        if age < -self.future_skew:
            raise WebhookRejected("timestamp_in_future")
        data = _json(body)
        obj = (data.get("data") or {}).get("object") if isinstance(data.get("data"), dict) \
            else None
        event_id, event_type = _text(data.get("id")), _text(data.get("type"))
        if not event_id or not event_type:
            raise WebhookRejected("invalid_payload")
        return VerifiedWebhook(event_id=event_id, event_type=event_type,
                               object_id=_text(obj.get("id")) if isinstance(obj, dict)
                               else None)


class RazorpayWebhookVerifier(WebhookVerifier):
    """``X-Razorpay-Signature``: hex HMAC-SHA256 of the raw body with the webhook secret set
    on the dashboard's webhook (not the API key secret, which signs checkout callbacks). The
    event id is the ``X-Razorpay-Event-Id`` header; a delivery without one is known by
    ``sha256:<hex digest of the body>`` (a redelivery of the same body is the same event)."""

    gateway = "razorpay"

    def verify(self, *, headers: Mapping[str, str], body: bytes, secret: str,
               now: datetime) -> VerifiedWebhook:
        given = _header(headers, "X-Razorpay-Signature")
        if not given:
            raise WebhookRejected("signature_missing", missing=True)
        if not _same(_hmac_hex(secret, body), given):
            raise WebhookRejected("signature_mismatch")
        data = _json(body)
        event_type = _text(data.get("event"))
        if not event_type:
            raise WebhookRejected("invalid_payload")
        event_id = _header(headers, "X-Razorpay-Event-Id")[:255] \
            or "sha256:" + hashlib.sha256(body).hexdigest()
        return VerifiedWebhook(event_id=event_id, event_type=event_type,
                               object_id=self._object_id(data))

    @staticmethod
    def _object_id(data: dict) -> str | None:
        """The id of the first entity the event ``contains`` (payment, subscription ...)."""
        payload, contains = data.get("payload"), data.get("contains")
        if not isinstance(payload, dict) or not isinstance(contains, list) or not contains:
            return None
        holder = payload.get(contains[0])
        entity = holder.get("entity") if isinstance(holder, dict) else None
        return _text(entity.get("id")) if isinstance(entity, dict) else None


class XenditWebhookVerifier(WebhookVerifier):
    """``x-callback-token``: the account's verification token, compared in constant time
    (Xendit does not sign the body). The event id is the ``webhook-id`` header Xendit sends
    for deduplication; without it, the body's ``id`` with its ``status`` (a legacy callback
    per status change of one object), or a digest of the body. The type is the body's
    ``event`` (``payment.succeeded`` ...) or, for legacy callbacks, its ``status``."""

    gateway = "xendit"

    def verify(self, *, headers: Mapping[str, str], body: bytes, secret: str,
               now: datetime) -> VerifiedWebhook:
        given = _header(headers, "x-callback-token")
        if not given:
            raise WebhookRejected("signature_missing", missing=True)
        if not _same(secret, given):
            raise WebhookRejected("token_mismatch")
        data = _json(body)
        inner = data.get("data") if isinstance(data.get("data"), dict) else {}
        object_id = _text(inner.get("id")) or _text(data.get("id"))
        status = _text(data.get("status"))
        event_type = _text(data.get("event")) or status
        if not event_type:
            raise WebhookRejected("invalid_payload")
        event_id = _header(headers, "webhook-id")[:255] or (
            f"{data['id']}:{status}"[:255] if _text(data.get("id")) and status
            else "sha256:" + hashlib.sha256(body).hexdigest())
        return VerifiedWebhook(event_id=event_id, event_type=event_type, object_id=object_id)


def default_verifiers(*, stripe_tolerance: int = 300) -> dict[str, WebhookVerifier]:
    """One verifier per gateway, by gateway name."""
    verifiers = (StripeWebhookVerifier(tolerance=stripe_tolerance), RazorpayWebhookVerifier(),
                 XenditWebhookVerifier())
    return {v.gateway: v for v in verifiers}
