"""Stripe webhook payloads in the port's words.

A payload is ``{"id": "evt_…", "type": "…", "created": <epoch seconds>, "data": {"object":
{...}}}``; ``occurred_at`` is always the event's ``created``. The translation reads only what
the payload says:

- ``checkout.session.completed`` and ``.async_payment_succeeded``: ``CHECKOUT_COMPLETED`` for
  the session, naming its PaymentIntent (an id, or the object when expanded). A session
  completed with ``payment_status`` ``unpaid`` (a bank debit still clearing) is None: it is
  not paid yet, and ``async_payment_succeeded`` or ``async_payment_failed`` follows.
  ``checkout.session.expired`` and ``.async_payment_failed``: ``CHECKOUT_EXPIRED``.
- ``refund.created`` / ``.updated`` / ``.failed``: ``REFUND_UPDATED`` with the refund's own
  status in the port's words (as ``stripe_payments`` reads refunds) and the checkout our
  refund call put in its metadata. ``charge.refunded`` (the charge with its ``refunds``) is
  not translated: every refund it lists also arrives as a ``refund.*`` event.
- ``charge.dispute.created``: ``DISPUTE_OPENED``; ``charge.dispute.closed``:
  ``DISPUTE_CLOSED``, ``lost`` when the dispute is lost and ``won`` otherwise (``won``, or
  ``warning_closed``: an inquiry that closed without a chargeback, so the money stays).
- ``customer.subscription.*`` (created, updated, paused, resumed, deleted):
  ``SUBSCRIPTION_UPDATED`` with the status in the port's words and ``period_end`` from
  ``current_period_end`` (or, from API version 2025-03-31, its first item's). A subscription
  still ``incomplete`` (its first payment not made) is None: nothing is paid yet, and the
  update that makes it active or ``incomplete_expired`` follows.
- ``invoice.paid`` / ``invoice.payment_failed``: ``INVOICE_PAID`` (``amount_paid``) /
  ``INVOICE_FAILED`` (``amount_due``, the failure's code when the payload carries one) for
  the subscription it bills (``subscription``, or ``parent.subscription_details`` from API
  version 2025-03-31); ``period_end`` is the latest end of its lines' periods. An invoice
  that bills no subscription (a one-off invoice) is None.

Any other event is None; a payload without the parts its event promises is ``ValueError``."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from ownverso.adapters.stripe_payments import REFUND_STATUSES
from ownverso.services.ports.payments import GatewayEvent, GatewayEventKind

CHECKOUT_KINDS = {
    "checkout.session.completed": GatewayEventKind.CHECKOUT_COMPLETED,
    "checkout.session.async_payment_succeeded": GatewayEventKind.CHECKOUT_COMPLETED,
    "checkout.session.expired": GatewayEventKind.CHECKOUT_EXPIRED,
    "checkout.session.async_payment_failed": GatewayEventKind.CHECKOUT_EXPIRED}
REFUND_EVENTS = frozenset({"refund.created", "refund.updated", "refund.failed"})
DISPUTE_EVENTS = frozenset({"charge.dispute.created", "charge.dispute.closed"})
SUBSCRIPTION_EVENTS = frozenset({
    "customer.subscription.created", "customer.subscription.updated",
    "customer.subscription.paused", "customer.subscription.resumed",
    "customer.subscription.deleted"})
SUBSCRIPTION_STATUSES = {
    "active": "active", "trialing": "trialing", "past_due": "past_due", "unpaid": "past_due",
    "paused": "paused", "canceled": "canceled", "incomplete_expired": "canceled"}
INVOICE_KINDS = {"invoice.paid": GatewayEventKind.INVOICE_PAID,
                 "invoice.payment_failed": GatewayEventKind.INVOICE_FAILED}
EVENT_TYPES = frozenset(CHECKOUT_KINDS) | REFUND_EVENTS | DISPUTE_EVENTS \
    | SUBSCRIPTION_EVENTS | frozenset(INVOICE_KINDS)


def _object(data: Mapping[str, Any]) -> Mapping[str, Any]:
    inner = data.get("data")
    obj = inner.get("object") if isinstance(inner, Mapping) else None
    if not isinstance(obj, Mapping) or not isinstance(obj.get("id"), str) or not obj["id"]:
        raise ValueError(f"a Stripe {data.get('type')} payload without its object")
    return obj


def _amount(obj: Mapping[str, Any], name: str) -> int:
    amount = obj.get(name)
    if not isinstance(amount, int) or isinstance(amount, bool):
        raise ValueError(f"a Stripe {obj.get('object', 'object')} without its {name}")
    return amount


def _currency(obj: Mapping[str, Any]) -> str | None:
    currency = obj.get("currency")
    return currency.upper() if isinstance(currency, str) else None


def _at(value: object, what: str) -> datetime:
    if not isinstance(value, int) or isinstance(value, bool):
        raise ValueError(f"a Stripe payload without {what}")
    return datetime.fromtimestamp(value, UTC)


def _ref(value: object) -> str | None:
    """An id Stripe sends as a string, or as the object itself when expanded."""
    if isinstance(value, Mapping):
        value = value.get("id")
    return value if isinstance(value, str) and value else None


def _dig(obj: object, *path: str | int) -> object:
    """``obj[path[0]][path[1]]…``, or None where the payload stops."""
    value: object = obj
    for step in path:
        if isinstance(step, int):
            value = value[step] if isinstance(value, list) and len(value) > step else None
        else:
            value = value.get(step) if isinstance(value, Mapping) else None
    return value


class StripeEventTranslator:
    gateway = "stripe"
    event_types = EVENT_TYPES

    def translate(self, data: Mapping[str, Any]) -> GatewayEvent | None:
        event = data.get("type")
        if not isinstance(event, str):
            raise ValueError("a Stripe payload without its type")
        if event not in EVENT_TYPES:
            return None
        obj, at = _object(data), _at(data.get("created"), "its created time")
        if event in CHECKOUT_KINDS:
            return self._checkout(obj, CHECKOUT_KINDS[event], at, completed=(
                event == "checkout.session.completed"))
        if event in REFUND_EVENTS:
            return self._refund(obj, at)
        if event in DISPUTE_EVENTS:
            return self._dispute(obj, at, closed=event == "charge.dispute.closed")
        if event in SUBSCRIPTION_EVENTS:
            return self._subscription(obj, at)
        return self._invoice(obj, INVOICE_KINDS[event], at)

    @staticmethod
    def _checkout(session: Mapping[str, Any], kind: GatewayEventKind, at: datetime, *,
                  completed: bool) -> GatewayEvent | None:
        if completed and session.get("payment_status") == "unpaid":
            return None
        paid = kind is GatewayEventKind.CHECKOUT_COMPLETED
        total = session.get("amount_total")
        return GatewayEvent(
            kind=kind, object_id=session["id"], checkout_id=session["id"],
            payment_ref=_ref(session.get("payment_intent")),
            amount=_amount(session, "amount_total") if paid or total is not None else None,
            currency=_currency(session), occurred_at=at)

    @staticmethod
    def _refund(refund: Mapping[str, Any], at: datetime) -> GatewayEvent:
        status = REFUND_STATUSES.get(str(refund.get("status")))
        if status is None:
            raise ValueError(f"a Stripe refund in an unknown status: {refund.get('status')}")
        checkout_id = _dig(refund, "metadata", "checkout_id")
        return GatewayEvent(
            kind=GatewayEventKind.REFUND_UPDATED, object_id=refund["id"],
            checkout_id=checkout_id if isinstance(checkout_id, str) and checkout_id else None,
            payment_ref=_ref(refund.get("payment_intent")), status=status,
            amount=_amount(refund, "amount"), currency=_currency(refund),
            reason=refund.get("failure_reason") or None, occurred_at=at)

    @staticmethod
    def _dispute(dispute: Mapping[str, Any], at: datetime, *, closed: bool) -> GatewayEvent:
        payment_ref = _ref(dispute.get("payment_intent"))
        if payment_ref is None:
            raise ValueError("a Stripe dispute without its payment intent")
        status = dispute.get("status")
        if closed and not isinstance(status, str):
            raise ValueError("a closed Stripe dispute without its status")
        reason = dispute.get("reason")
        return GatewayEvent(
            kind=GatewayEventKind.DISPUTE_CLOSED if closed else GatewayEventKind.DISPUTE_OPENED,
            object_id=dispute["id"], payment_ref=payment_ref,
            status=("lost" if status == "lost" else "won") if closed else None,
            amount=_amount(dispute, "amount"), currency=_currency(dispute),
            reason=reason if isinstance(reason, str) else None, occurred_at=at)

    @staticmethod
    def _subscription(subscription: Mapping[str, Any], at: datetime) -> GatewayEvent | None:
        raw = subscription.get("status")
        if raw == "incomplete":
            return None
        status = SUBSCRIPTION_STATUSES.get(str(raw))
        if status is None:
            raise ValueError(f"a Stripe subscription in an unknown status: {raw}")
        end = subscription.get("current_period_end")
        if end is None:
            end = _dig(subscription, "items", "data", 0, "current_period_end")
        return GatewayEvent(
            kind=GatewayEventKind.SUBSCRIPTION_UPDATED, object_id=subscription["id"],
            subscription_ref=subscription["id"], status=status, occurred_at=at,
            period_end=None if end is None else _at(end, "a period end"))

    @staticmethod
    def _invoice(invoice: Mapping[str, Any], kind: GatewayEventKind,
                 at: datetime) -> GatewayEvent | None:
        subscription_ref = _ref(invoice.get("subscription")) or _ref(
            _dig(invoice, "parent", "subscription_details", "subscription"))
        if subscription_ref is None:
            return None
        lines = _dig(invoice, "lines", "data")
        ends = [_at(end, "a line's period end") for line in
                (lines if isinstance(lines, list) else [])
                if (end := _dig(line, "period", "end")) is not None]
        failed = kind is GatewayEventKind.INVOICE_FAILED
        return GatewayEvent(
            kind=kind, object_id=invoice["id"], subscription_ref=subscription_ref,
            payment_ref=_ref(invoice.get("payment_intent")),
            amount=_amount(invoice, "amount_due" if failed else "amount_paid"),
            currency=_currency(invoice), reason=_failure(invoice) if failed else None,
            occurred_at=at, period_end=max(ends, default=None))


def _failure(invoice: Mapping[str, Any]) -> str:
    """The decline's code when the payment intent came expanded, else a generic one."""
    error = _dig(invoice, "payment_intent", "last_payment_error")
    code = (_dig(error, "decline_code") or _dig(error, "code")) \
        if isinstance(error, Mapping) else None
    return code if isinstance(code, str) and code else "payment_failed"
