"""Razorpay webhook payloads, as Razorpay sends them, in the port's words."""

from datetime import UTC, datetime

import pytest

from ownverso.adapters.razorpay_events import RazorpayEventTranslator
from ownverso.services.ports.payments import GatewayEvent, GatewayEventKind
from ownverso.services.ports.webhooks import GatewayEventTranslator

AT = 1767225600  # 2026-01-01T00:00:00Z
PAYMENT = {"id": "pay_Nq3XyZ1aBcDeFg", "entity": "payment", "amount": 49900, "currency": "INR",
           "status": "captured", "order_id": "order_Nq3Xw0aBcDeFgH", "method": "card",
           "amount_refunded": 0, "captured": True, "notes": [], "created_at": AT - 5}


def event(name: str, **entities: dict) -> dict:
    return {"entity": "event", "account_id": "acc_BFQ7uQEaa7j2z7", "event": name,
            "contains": list(entities), "created_at": AT,
            "payload": {kind: {"entity": entity} for kind, entity in entities.items()}}


def link(status: str) -> dict:
    return {"id": "plink_Nq3Wv9aBcDeFgH", "entity": "payment_link", "amount": 49900,
            "amount_paid": 49900 if status == "paid" else 0, "currency": "INR",
            "status": status, "reference_id": "checkout:cks_1", "short_url": "https://rzp.io/i/x",
            "notes": {"checkout_session_id": "cks_1"}}


def refund(status: str) -> dict:
    return {"id": "rfnd_Nq4AbCdEfGhIjK", "entity": "refund", "amount": 12000,
            "currency": "INR", "payment_id": PAYMENT["id"], "notes": {"idempotency_key": "r1"},
            "receipt": "r1", "status": status, "speed_processed": "normal", "created_at": AT}


def dispute(status: str) -> dict:
    return {"id": "disp_Nq5AbCdEfGhIjK", "entity": "dispute", "payment_id": PAYMENT["id"],
            "amount": 49900, "currency": "INR", "amount_deducted": 0,
            "reason_code": "chargeback", "reason_description": "Customer disputed",
            "respond_by": AT + 86400 * 7, "status": status, "phase": "chargeback",
            "created_at": AT}


def subscription(status: str, current_end: int | None = AT + 86400 * 31) -> dict:
    return {"id": "sub_Nq6AbCdEfGhIjK", "entity": "subscription", "plan_id": "plan_Nq1AbCdE",
            "customer_id": "cust_Nq0AbCdEfGhIj", "status": status, "current_start": AT,
            "current_end": current_end, "charge_at": current_end, "paid_count": 1,
            "notes": []}


translate = RazorpayEventTranslator().translate


def test_it_is_the_razorpay_translator_of_the_port():
    translator: GatewayEventTranslator = RazorpayEventTranslator()
    assert translator.gateway == "razorpay"


def test_a_paid_payment_link_completes_its_checkout_naming_the_payment():
    got = translate(event("payment_link.paid", payment_link=link("paid"), payment=PAYMENT,
                          order={"id": "order_Nq3Xw0aBcDeFgH", "entity": "order"}))
    assert got == GatewayEvent(
        kind=GatewayEventKind.CHECKOUT_COMPLETED, object_id="plink_Nq3Wv9aBcDeFgH",
        checkout_id="plink_Nq3Wv9aBcDeFgH", payment_ref="pay_Nq3XyZ1aBcDeFg", amount=49900,
        currency="INR", occurred_at=datetime(2026, 1, 1, tzinfo=UTC))


@pytest.mark.parametrize("name", ["payment_link.expired", "payment_link.cancelled"])
def test_an_expired_or_cancelled_link_expires_its_checkout(name):
    got = translate(event(name, payment_link=link(name.rpartition(".")[2])))
    assert (got.kind, got.checkout_id, got.payment_ref) == (
        GatewayEventKind.CHECKOUT_EXPIRED, "plink_Nq3Wv9aBcDeFgH", None)


@pytest.mark.parametrize(("name", "status"), [
    ("refund.created", "pending"), ("refund.processed", "succeeded"),
    ("refund.failed", "failed")])
def test_refund_events_say_where_the_refund_stands(name, status):
    got = translate(event(name, refund=refund("processed"), payment=PAYMENT))
    assert got == GatewayEvent(
        kind=GatewayEventKind.REFUND_UPDATED, object_id="rfnd_Nq4AbCdEfGhIjK",
        payment_ref="pay_Nq3XyZ1aBcDeFg", status=status, amount=12000, currency="INR",
        occurred_at=datetime(2026, 1, 1, tzinfo=UTC))


def test_a_new_dispute_names_its_payment_amount_and_reason():
    got = translate(event("payment.dispute.created", payment=PAYMENT, dispute=dispute("open")))
    assert got == GatewayEvent(
        kind=GatewayEventKind.DISPUTE_OPENED, object_id="disp_Nq5AbCdEfGhIjK",
        payment_ref="pay_Nq3XyZ1aBcDeFg", amount=49900, currency="INR",
        reason="chargeback", occurred_at=datetime(2026, 1, 1, tzinfo=UTC))


@pytest.mark.parametrize("outcome", ["won", "lost"])
def test_a_closed_dispute_says_who_won(outcome):
    got = translate(event(f"payment.dispute.{outcome}", payment=PAYMENT,
                          dispute=dispute(outcome)))
    assert (got.kind, got.status, got.object_id) == (
        GatewayEventKind.DISPUTE_CLOSED, outcome, "disp_Nq5AbCdEfGhIjK")


def test_a_charged_subscription_carries_the_paid_period_and_payment():
    got = translate(event("subscription.charged", subscription=subscription("active"),
                          payment=PAYMENT))
    assert got == GatewayEvent(
        kind=GatewayEventKind.SUBSCRIPTION_UPDATED, object_id="sub_Nq6AbCdEfGhIjK",
        payment_ref="pay_Nq3XyZ1aBcDeFg", status="active", amount=49900, currency="INR",
        occurred_at=datetime(2026, 1, 1, tzinfo=UTC),
        period_end=datetime(2026, 2, 1, tzinfo=UTC))


@pytest.mark.parametrize(("name", "status", "expected"), [
    ("subscription.activated", "active", "active"),
    ("subscription.pending", "pending", "past_due"),
    ("subscription.halted", "halted", "past_due"),
    ("subscription.cancelled", "cancelled", "canceled"),
    ("subscription.paused", "paused", "paused"),
    ("subscription.resumed", "active", "active"),
    ("subscription.updated", "active", "active")])
def test_subscription_events_say_its_status_in_our_words(name, status, expected):
    got = translate(event(name, subscription=subscription(status)))
    assert (got.kind, got.status, got.payment_ref) == (
        GatewayEventKind.SUBSCRIPTION_UPDATED, expected, None)


def test_a_cancelled_subscription_without_a_period_has_no_period_end():
    got = translate(event("subscription.cancelled",
                          subscription=subscription("cancelled", current_end=None)))
    assert got.period_end is None and got.status == "canceled"


@pytest.mark.parametrize("name", ["payment.authorized", "order.paid", "invoice.paid",
                                  "payment.dispute.under_review"])
def test_events_we_do_not_act_on_are_none(name):
    assert translate(event(name, payment=PAYMENT)) is None


@pytest.mark.parametrize("data", [
    event("payment_link.paid", payment_link=link("paid")),  # no payment
    event("refund.processed", payment=PAYMENT),  # no refund
    event("refund.processed", refund={**refund("processed"), "amount": "120.00"}),
    event("payment.dispute.created", dispute={**dispute("open"), "payment_id": None}),
    event("subscription.activated", subscription=subscription("unheard_of")),
    {**event("payment_link.expired", payment_link=link("expired")), "created_at": None},
    {"entity": "event", "payload": {}},
])
def test_a_payload_missing_what_its_event_promises_is_refused(data):
    with pytest.raises(ValueError):
        translate(data)
