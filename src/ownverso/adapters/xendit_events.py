"""Xendit's callbacks in the port's words (``GatewayEvent``).

Xendit sends two shapes. Invoice callbacks are the invoice itself at the top level, one per
status change (no ``event`` field); the others wrap their object: ``{"event": ...,
"business_id": ..., "created": ..., "data": {...}}``. What is translated:

- an invoice PAID or SETTLED: ``CHECKOUT_COMPLETED`` (the checkout is the invoice, the
  payment its ``payment_id``); EXPIRED: ``CHECKOUT_EXPIRED``.
- ``refund.succeeded`` / ``refund.failed``: ``REFUND_UPDATED`` with the refund's status.
- ``recurring.plan.activated`` / ``.inactivated``: ``SUBSCRIPTION_UPDATED`` (active /
  canceled); ``recurring.cycle.created``: ``SUBSCRIPTION_UPDATED`` whose ``period_end`` is
  the new cycle's ``scheduled_timestamp`` (the paid period ends when the next charge is due);
  ``recurring.cycle.succeeded``: ``INVOICE_PAID``; ``recurring.cycle.retrying`` and
  ``.failed``: ``INVOICE_FAILED`` with the last attempt's failure code. A cycle names no
  period end of its own, so these carry none. The subscription is the Recurring Plan.

Xendit sends no dispute callbacks for invoices (card chargebacks reach the merchant through
the dashboard and email), so no ``DISPUTE_*`` event comes from here. Amounts are converted
from Xendit's major units to the smallest unit; timestamps are ISO 8601 in UTC."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from ownverso.adapters.xendit_payments import from_xendit
from ownverso.services.ports.payments import GatewayEvent, GatewayEventKind

INVOICE_KINDS = {"PAID": GatewayEventKind.CHECKOUT_COMPLETED,
                 "SETTLED": GatewayEventKind.CHECKOUT_COMPLETED,
                 "EXPIRED": GatewayEventKind.CHECKOUT_EXPIRED}
REFUND_STATUSES = {"SUCCEEDED": "succeeded", "PENDING": "pending", "FAILED": "failed",
                   "CANCELLED": "failed"}
PLAN_STATUSES = {"recurring.plan.activated": "active", "recurring.plan.inactivated": "canceled"}
CYCLE_KINDS = {"recurring.cycle.succeeded": GatewayEventKind.INVOICE_PAID,
               "recurring.cycle.retrying": GatewayEventKind.INVOICE_FAILED,
               "recurring.cycle.failed": GatewayEventKind.INVOICE_FAILED}
# An invoice callback has no ``event``: it is stored under its status (see the verifier).
EVENT_TYPES = frozenset(INVOICE_KINDS) | frozenset(PLAN_STATUSES) | frozenset(CYCLE_KINDS) \
    | frozenset({"refund.succeeded", "refund.failed", "recurring.cycle.created"})


def _text(data: Mapping[str, Any], name: str) -> str:
    value = data.get(name)
    if not isinstance(value, str) or not value:
        raise ValueError(f"the Xendit payload has no {name}")
    return value


def _time(value: Any) -> datetime:
    if not isinstance(value, str):
        raise ValueError("the Xendit payload has no timestamp")
    at = datetime.fromisoformat(value)
    return at.replace(tzinfo=UTC) if at.tzinfo is None else at.astimezone(UTC)


def _changed_at(obj: Mapping[str, Any]) -> datetime:
    return _time(obj.get("updated") or obj.get("created"))


def _money(obj: Mapping[str, Any], *names: str) -> tuple[int | None, str | None]:
    currency = obj.get("currency")
    value = next((obj[n] for n in names if obj.get(n) is not None), None)
    if value is None or not isinstance(currency, str):
        return None, currency if isinstance(currency, str) else None
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise ValueError("the Xendit payload's amount is not a number")
    return from_xendit(value, currency), currency.upper()


class XenditEventTranslator:
    gateway = "xendit"
    event_types = EVENT_TYPES

    def translate(self, data: Mapping[str, Any]) -> GatewayEvent | None:
        event = data.get("event")
        if event is None:
            return self._invoice(data) if "external_id" in data else None
        inner = data.get("data")
        if not isinstance(event, str) or not isinstance(inner, Mapping):
            raise ValueError("a Xendit callback needs an event and its data")
        if event in ("refund.succeeded", "refund.failed"):
            return self._refund(inner)
        if event in PLAN_STATUSES:
            return GatewayEvent(kind=GatewayEventKind.SUBSCRIPTION_UPDATED,
                                object_id=_text(inner, "id"),
                                subscription_ref=_text(inner, "id"),
                                status=PLAN_STATUSES[event], occurred_at=_changed_at(inner))
        if event == "recurring.cycle.created":
            return GatewayEvent(kind=GatewayEventKind.SUBSCRIPTION_UPDATED,
                                object_id=_text(inner, "plan_id"),
                                subscription_ref=_text(inner, "plan_id"), status="active",
                                occurred_at=_changed_at(inner),
                                period_end=_time(inner.get("scheduled_timestamp")))
        if event in CYCLE_KINDS:
            return self._cycle(CYCLE_KINDS[event], inner)
        return None

    @staticmethod
    def _invoice(invoice: Mapping[str, Any]) -> GatewayEvent | None:
        kind = INVOICE_KINDS.get(_text(invoice, "status"))
        if kind is None:
            return None
        invoice_id = _text(invoice, "id")
        completed = kind is GatewayEventKind.CHECKOUT_COMPLETED
        amount, currency = _money(invoice, "paid_amount", "amount")
        return GatewayEvent(
            kind=kind, object_id=invoice_id, checkout_id=invoice_id,
            payment_ref=(invoice.get("payment_id") or None) if completed else None,
            amount=amount, currency=currency,
            occurred_at=_time(invoice.get("updated") or invoice.get("paid_at")
                              or invoice.get("created")))

    @staticmethod
    def _refund(refund: Mapping[str, Any]) -> GatewayEvent:
        status = REFUND_STATUSES.get(_text(refund, "status"))
        if status is None:
            raise ValueError(f"unknown Xendit refund status {refund['status']}")
        amount, currency = _money(refund, "amount")
        return GatewayEvent(
            kind=GatewayEventKind.REFUND_UPDATED, object_id=_text(refund, "id"),
            checkout_id=refund.get("invoice_id") or None,
            payment_ref=refund.get("payment_id") or refund.get("payment_request_id") or None,
            status=status, amount=amount, currency=currency,
            reason=refund.get("failure_code") or None, occurred_at=_changed_at(refund))

    @staticmethod
    def _cycle(kind: GatewayEventKind, cycle: Mapping[str, Any]) -> GatewayEvent:
        attempts = cycle.get("attempt_details") or []
        last = attempts[-1] if attempts and isinstance(attempts[-1], Mapping) else {}
        amount, currency = _money(cycle, "amount")
        return GatewayEvent(
            kind=kind, object_id=_text(cycle, "id"), subscription_ref=_text(cycle, "plan_id"),
            amount=amount, currency=currency,
            reason=(last.get("failure_code") or cycle.get("failure_code") or "payment_failed")
            if kind is GatewayEventKind.INVOICE_FAILED else None,
            occurred_at=_changed_at(cycle))
