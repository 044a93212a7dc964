"""Razorpay webhook payloads in the port's words.

A payload is ``{"entity": "event", "event": "payment_link.paid", "payload": {"payment_link":
{"entity": {...}}, "payment": {"entity": {...}}}, "created_at": <epoch seconds>}``; the
translation reads only what it says:

- ``payment_link.paid``: ``CHECKOUT_COMPLETED`` for the link, naming its payment.
- ``payment_link.expired`` and ``payment_link.cancelled``: ``CHECKOUT_EXPIRED``.
- ``refund.created``/``refund.processed``/``refund.failed``: ``REFUND_UPDATED`` with status
  ``pending``/``succeeded``/``failed`` (the event says which, the refund's own status may lag).
- ``payment.dispute.created``: ``DISPUTE_OPENED``; ``payment.dispute.won``/``lost``:
  ``DISPUTE_CLOSED`` with status ``won``/``lost``.
- ``subscription.*`` (activated, charged, pending, halted, cancelled, paused, resumed,
  updated): ``SUBSCRIPTION_UPDATED`` with the subscription's status in the port's words and
  ``period_end`` from its ``current_end``. ``subscription.charged`` is not also an
  ``INVOICE_PAID``: one payload is one event, and the paid period's end it carries is what
  the handlers extend access to; a ``pending``/``halted`` subscription (a failed charge) is
  ``past_due``.

Any other event is None; a payload without the parts its event promises is ``ValueError``."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from ownverso.services.ports.payments import GatewayEvent, GatewayEventKind

REFUND_EVENTS = {"refund.created": "pending", "refund.processed": "succeeded",
                 "refund.failed": "failed"}
DISPUTE_CLOSED = {"payment.dispute.won": "won", "payment.dispute.lost": "lost"}
SUBSCRIPTION_EVENTS = frozenset({
    "subscription.activated", "subscription.charged", "subscription.pending",
    "subscription.halted", "subscription.cancelled", "subscription.paused",
    "subscription.resumed", "subscription.updated"})
SUBSCRIPTION_STATUSES = {
    "created": "trialing", "authenticated": "trialing", "active": "active",
    "pending": "past_due", "halted": "past_due", "paused": "paused",
    "cancelled": "canceled", "completed": "canceled", "expired": "canceled"}
EVENT_TYPES = frozenset({"payment_link.paid", "payment_link.expired", "payment_link.cancelled",
                         "payment.dispute.created"}) | frozenset(REFUND_EVENTS) \
    | frozenset(DISPUTE_CLOSED) | SUBSCRIPTION_EVENTS


def _entity(data: Mapping[str, Any], name: str) -> Mapping[str, Any]:
    payload = data.get("payload")
    wrapper = payload.get(name) if isinstance(payload, Mapping) else None
    entity = wrapper.get("entity") if isinstance(wrapper, Mapping) else None
    if not isinstance(entity, Mapping) or not isinstance(entity.get("id"), str) \
            or not entity["id"]:
        raise ValueError(f"a Razorpay {data.get('event')} payload without its {name}")
    return entity


def _optional_entity(data: Mapping[str, Any], name: str) -> Mapping[str, Any] | None:
    payload = data.get("payload")
    return _entity(data, name) if isinstance(payload, Mapping) and name in payload else None


def _amount(entity: Mapping[str, Any]) -> int:
    amount = entity.get("amount")
    if not isinstance(amount, int) or isinstance(amount, bool):
        raise ValueError(f"a Razorpay {entity.get('entity', 'object')} without its amount")
    return amount


def _currency(entity: Mapping[str, Any]) -> str | None:
    currency = entity.get("currency")
    return currency.upper() if isinstance(currency, str) else None


def _at(value: object, what: str) -> datetime:
    if not isinstance(value, int) or isinstance(value, bool):
        raise ValueError(f"a Razorpay payload without {what}")
    return datetime.fromtimestamp(value, UTC)


class RazorpayEventTranslator:
    gateway = "razorpay"
    event_types = EVENT_TYPES

    def translate(self, data: Mapping[str, Any]) -> GatewayEvent | None:
        event = data.get("event")
        if not isinstance(event, str):
            raise ValueError("a Razorpay payload without its event")
        if event == "payment_link.paid":
            return self._checkout(data, GatewayEventKind.CHECKOUT_COMPLETED, paid=True)
        if event in ("payment_link.expired", "payment_link.cancelled"):
            return self._checkout(data, GatewayEventKind.CHECKOUT_EXPIRED, paid=False)
        if event in REFUND_EVENTS:
            refund = _entity(data, "refund")
            payment_id = refund.get("payment_id")
            return GatewayEvent(
                kind=GatewayEventKind.REFUND_UPDATED, object_id=refund["id"],
                payment_ref=payment_id if isinstance(payment_id, str) else None,
                status=REFUND_EVENTS[event], amount=_amount(refund),
                currency=_currency(refund), occurred_at=_at(data.get("created_at"), "a time"))
        if event == "payment.dispute.created" or event in DISPUTE_CLOSED:
            return self._dispute(data, event)
        if event in SUBSCRIPTION_EVENTS:
            return self._subscription(data)
        return None

    @staticmethod
    def _checkout(data: Mapping[str, Any], kind: GatewayEventKind, *,
                  paid: bool) -> GatewayEvent:
        link = _entity(data, "payment_link")
        payment = _entity(data, "payment") if paid else None
        return GatewayEvent(
            kind=kind, object_id=link["id"], checkout_id=link["id"],
            payment_ref=payment["id"] if payment else None, amount=_amount(link),
            currency=_currency(link), occurred_at=_at(data.get("created_at"), "a time"))

    @staticmethod
    def _dispute(data: Mapping[str, Any], event: str) -> GatewayEvent:
        dispute = _entity(data, "dispute")
        payment = _optional_entity(data, "payment")
        payment_id = payment["id"] if payment else dispute.get("payment_id")
        if not isinstance(payment_id, str):
            raise ValueError("a Razorpay dispute without its payment")
        reason = dispute.get("reason_code")
        return GatewayEvent(
            kind=GatewayEventKind.DISPUTE_CLOSED if event in DISPUTE_CLOSED
            else GatewayEventKind.DISPUTE_OPENED,
            object_id=dispute["id"], payment_ref=payment_id, status=DISPUTE_CLOSED.get(event),
            amount=_amount(dispute), currency=_currency(dispute),
            reason=reason if isinstance(reason, str) else None,
            occurred_at=_at(data.get("created_at"), "a time"))

    @staticmethod
    def _subscription(data: Mapping[str, Any]) -> GatewayEvent:
        subscription = _entity(data, "subscription")
        status = SUBSCRIPTION_STATUSES.get(str(subscription.get("status")))
        if status is None:
            raise ValueError(f"a Razorpay subscription in an unknown status: "
                             f"{subscription.get('status')}")
        payment = _optional_entity(data, "payment")
        end = subscription.get("current_end")
        return GatewayEvent(
            kind=GatewayEventKind.SUBSCRIPTION_UPDATED, object_id=subscription["id"],
            status=status,
            payment_ref=payment["id"] if payment else None,
            amount=_amount(payment) if payment else None,
            currency=_currency(payment) if payment else None,
            occurred_at=_at(data.get("created_at"), "a time"),
            period_end=None if end is None else _at(end, "a period end"))
