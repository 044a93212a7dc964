"""Stripe webhook payloads, as Stripe sends them, in the port's words."""

from datetime import UTC, datetime

import pytest

from ownverso.adapters.razorpay_events import RazorpayEventTranslator
from ownverso.adapters.stripe_events import StripeEventTranslator
from ownverso.adapters.xendit_events import XenditEventTranslator
from ownverso.services.ports.payments import GatewayEvent, GatewayEventKind
from ownverso.services.ports.webhooks import GatewayEventTranslator

AT = 1767225600  # 2026-01-01T00:00:00Z
WHEN = datetime(2026, 1, 1, tzinfo=UTC)
PERIOD_END = AT + 86400 * 31
PI = "pi_3QxYzAbCdEfGhIjK0aBcDeFg"
SUB = "sub_1QxYzAbCdEfGhIjK"


def event(name: str, obj: dict) -> dict:
    return {"id": "evt_1QxYzAbCdEfGhIjKlMnOpQrS", "object": "event",
            "api_version": "2024-06-20", "created": AT, "livemode": False,
            "pending_webhooks": 1, "request": {"id": None, "idempotency_key": None},
            "type": name, "data": {"object": obj}}


def session(status: str = "complete", payment_status: str = "paid", **extra) -> dict:
    return {"id": "cs_test_a1B2c3D4e5F6", "object": "checkout.session", "amount_subtotal": 49900,
            "amount_total": 49900, "currency": "usd", "customer": "cus_QxYzAbCdEf",
            "metadata": {"checkout_id": "cks_1"}, "mode": "payment",
            "payment_intent": PI if payment_status != "unpaid" or status == "complete" else None,
            "payment_status": payment_status, "status": status,
            "url": None, "expires_at": AT + 86400, **extra}


def refund(status: str, **extra) -> dict:
    return {"id": "re_3QxYzAbCdEfGhIjK0aBcDeFg", "object": "refund", "amount": 12000,
            "charge": "ch_3QxYzAbCdEfGhIjK0aBcDeFg", "created": AT, "currency": "usd",
            "metadata": {"checkout_id": "cs_test_a1B2c3D4e5F6"}, "payment_intent": PI,
            "reason": None, "status": status, **extra}


def dispute(status: str) -> dict:
    return {"id": "dp_1QxYzAbCdEfGhIjK", "object": "dispute", "amount": 49900,
            "charge": "ch_3QxYzAbCdEfGhIjK0aBcDeFg", "created": AT, "currency": "usd",
            "evidence_details": {"due_by": AT + 86400 * 7, "has_evidence": False},
            "is_charge_refundable": False, "payment_intent": PI, "reason": "fraudulent",
            "status": status}


def subscription(status: str, **extra) -> dict:
    return {"id": SUB, "object": "subscription", "customer": "cus_QxYzAbCdEf",
            "cancel_at_period_end": False, "current_period_start": AT,
            "current_period_end": PERIOD_END, "status": status,
            "items": {"object": "list", "data": [
                {"id": "si_QxYzAbCd", "object": "subscription_item",
                 "price": {"id": "price_1QxYz", "unit_amount": 500, "currency": "usd"}}]},
            **extra}


def invoice(**extra) -> dict:
    return {"id": "in_1QxYzAbCdEfGhIjK", "object": "invoice", "amount_due": 500,
            "amount_paid": 500, "amount_remaining": 0, "billing_reason": "subscription_cycle",
            "currency": "usd", "customer": "cus_QxYzAbCdEf", "status": "paid",
            "subscription": SUB, "payment_intent": PI,
            "period_start": AT - 86400 * 31, "period_end": AT,
            "lines": {"object": "list", "has_more": False, "data": [
                {"id": "il_1QxYz", "object": "line_item", "amount": 500, "currency": "usd",
                 "period": {"start": AT, "end": PERIOD_END}, "type": "subscription"}]},
            **extra}


translate = StripeEventTranslator().translate


def test_it_is_the_stripe_translator_of_the_port():
    translator: GatewayEventTranslator = StripeEventTranslator()
    assert translator.gateway == "stripe"
    assert "checkout.session.completed" in translator.event_types
    assert "charge.refunded" not in translator.event_types


@pytest.mark.parametrize("name", ["checkout.session.completed",
                                  "checkout.session.async_payment_succeeded"])
def test_a_paid_session_completes_its_checkout_naming_the_payment_intent(name):
    assert translate(event(name, session())) == GatewayEvent(
        kind=GatewayEventKind.CHECKOUT_COMPLETED, object_id="cs_test_a1B2c3D4e5F6",
        checkout_id="cs_test_a1B2c3D4e5F6", payment_ref=PI, amount=49900, currency="USD",
        occurred_at=WHEN)


def test_an_expanded_payment_intent_is_read_by_its_id():
    got = translate(event("checkout.session.completed",
                          session(payment_intent={"id": PI, "object": "payment_intent"})))
    assert got is not None and got.payment_ref == PI


def test_a_session_completed_before_its_async_payment_cleared_is_not_yet_paid():
    payload = event("checkout.session.completed", session(payment_status="unpaid"))
    assert translate(payload) is None


def test_a_session_paid_in_full_by_a_discount_completes_without_a_payment():
    got = translate(event("checkout.session.completed",
                          session(payment_status="no_payment_required", payment_intent=None,
                                  amount_total=0)))
    assert got is not None and got.kind is GatewayEventKind.CHECKOUT_COMPLETED
    assert (got.payment_ref, got.amount) == (None, 0)


@pytest.mark.parametrize("name, obj", [
    ("checkout.session.expired", session(status="expired", payment_status="unpaid")),
    ("checkout.session.async_payment_failed", session(payment_status="unpaid"))])
def test_an_expired_or_failed_session_expires_its_checkout(name, obj):
    got = translate(event(name, obj))
    assert got is not None and got.kind is GatewayEventKind.CHECKOUT_EXPIRED
    assert (got.object_id, got.checkout_id, got.amount) == (obj["id"], obj["id"], 49900)


def test_a_completed_session_without_its_total_is_malformed():
    with pytest.raises(ValueError):
        translate(event("checkout.session.completed", session(amount_total=None)))


@pytest.mark.parametrize("name, status, ours", [
    ("refund.created", "pending", "pending"), ("refund.updated", "succeeded", "succeeded"),
    ("refund.updated", "requires_action", "pending"), ("refund.failed", "failed", "failed"),
    ("refund.updated", "canceled", "failed")])
def test_a_refund_event_carries_the_refunds_status(name, status, ours):
    assert translate(event(name, refund(status))) == GatewayEvent(
        kind=GatewayEventKind.REFUND_UPDATED, object_id="re_3QxYzAbCdEfGhIjK0aBcDeFg",
        checkout_id="cs_test_a1B2c3D4e5F6", payment_ref=PI, status=ours, amount=12000,
        currency="USD", occurred_at=WHEN)


def test_a_failed_refund_names_why_and_one_without_our_metadata_names_no_checkout():
    got = translate(event("refund.failed", refund("failed", metadata={},
                                                  failure_reason="expired_or_canceled_card")))
    assert got is not None
    assert (got.checkout_id, got.reason) == (None, "expired_or_canceled_card")


def test_a_refund_in_an_unknown_status_is_malformed():
    with pytest.raises(ValueError, match="unknown status"):
        translate(event("refund.updated", refund("teleported")))


def test_a_refunded_charge_is_left_to_its_refund_events():
    charge = {"id": "ch_3QxYz", "object": "charge", "amount": 49900, "amount_refunded": 12000,
              "refunded": False, "payment_intent": PI,
              "refunds": {"object": "list", "data": [refund("succeeded")]}}
    assert translate(event("charge.refunded", charge)) is None


def test_an_opened_dispute_names_the_payment_intent_and_reason():
    assert translate(event("charge.dispute.created", dispute("needs_response"))) == \
        GatewayEvent(kind=GatewayEventKind.DISPUTE_OPENED, object_id="dp_1QxYzAbCdEfGhIjK",
                     payment_ref=PI, amount=49900, currency="USD", reason="fraudulent",
                     occurred_at=WHEN)


@pytest.mark.parametrize("status, outcome", [
    ("won", "won"), ("lost", "lost"), ("warning_closed", "won")])
def test_a_closed_dispute_is_lost_only_when_stripe_says_lost(status, outcome):
    got = translate(event("charge.dispute.closed", dispute(status)))
    assert got is not None and got.kind is GatewayEventKind.DISPUTE_CLOSED
    assert got.status == outcome


def test_a_dispute_without_its_payment_intent_is_malformed():
    with pytest.raises(ValueError, match="payment intent"):
        translate(event("charge.dispute.created", {**dispute("needs_response"),
                                                   "payment_intent": None}))


@pytest.mark.parametrize("name, status, ours", [
    ("customer.subscription.created", "active", "active"),
    ("customer.subscription.created", "trialing", "trialing"),
    ("customer.subscription.updated", "past_due", "past_due"),
    ("customer.subscription.updated", "unpaid", "past_due"),
    ("customer.subscription.paused", "paused", "paused"),
    ("customer.subscription.resumed", "active", "active"),
    ("customer.subscription.deleted", "canceled", "canceled"),
    ("customer.subscription.updated", "incomplete_expired", "canceled")])
def test_a_subscription_event_carries_its_status_and_period_end(name, status, ours):
    assert translate(event(name, subscription(status))) == GatewayEvent(
        kind=GatewayEventKind.SUBSCRIPTION_UPDATED, object_id=SUB, subscription_ref=SUB,
        status=ours, occurred_at=WHEN, period_end=datetime.fromtimestamp(PERIOD_END, UTC))


def test_newer_api_versions_put_the_period_end_on_the_item():
    obj = subscription("active")
    del obj["current_period_end"]
    obj["items"]["data"][0]["current_period_end"] = PERIOD_END
    got = translate(event("customer.subscription.updated", obj))
    assert got is not None and got.period_end == datetime.fromtimestamp(PERIOD_END, UTC)


def test_a_subscription_whose_first_payment_is_not_made_is_not_acted_on():
    assert translate(event("customer.subscription.created", subscription("incomplete"))) is None


def test_a_subscription_in_an_unknown_status_is_malformed():
    with pytest.raises(ValueError, match="unknown status"):
        translate(event("customer.subscription.updated", subscription("sleeping")))


def test_a_paid_invoice_extends_its_subscription_to_the_lines_period_end():
    assert translate(event("invoice.paid", invoice())) == GatewayEvent(
        kind=GatewayEventKind.INVOICE_PAID, object_id="in_1QxYzAbCdEfGhIjK",
        subscription_ref=SUB, payment_ref=PI, amount=500, currency="USD", occurred_at=WHEN,
        period_end=datetime.fromtimestamp(PERIOD_END, UTC))


def test_a_failed_invoice_is_the_amount_due_with_a_failure_code():
    payload = event("invoice.payment_failed", invoice(amount_paid=0, amount_due=700,
                                                      status="open"))
    got = translate(payload)
    assert got is not None and got.kind is GatewayEventKind.INVOICE_FAILED
    assert (got.amount, got.reason) == (700, "payment_failed")
    expanded = invoice(payment_intent={"id": PI, "last_payment_error": {
        "code": "card_declined", "decline_code": "insufficient_funds"}})
    got = translate(event("invoice.payment_failed", expanded))
    assert got is not None and got.reason == "insufficient_funds"


def test_newer_api_versions_name_the_subscription_under_parent():
    obj = invoice(parent={"type": "subscription_details",
                          "subscription_details": {"subscription": SUB, "metadata": {}}})
    del obj["subscription"]
    got = translate(event("invoice.paid", obj))
    assert got is not None and got.subscription_ref == SUB


def test_an_invoice_without_lines_has_no_period_end():
    got = translate(event("invoice.paid", invoice(lines={"object": "list", "data": []})))
    assert got is not None and got.period_end is None


def test_a_one_off_invoice_bills_no_subscription_of_ours():
    assert translate(event("invoice.paid", invoice(subscription=None))) is None


def test_an_invoice_without_its_amount_is_malformed():
    with pytest.raises(ValueError, match="amount_paid"):
        translate(event("invoice.paid", invoice(amount_paid=None)))


@pytest.mark.parametrize("name", ["payment_intent.succeeded", "customer.created",
                                  "invoice.finalized"])
def test_other_events_are_not_acted_on(name):
    assert translate(event(name, {"id": "x_1"})) is None


@pytest.mark.parametrize("payload", [
    {"id": "evt_1", "created": AT, "data": {"object": session()}},
    {**event("checkout.session.completed", session()), "data": {}},
    {**event("refund.created", refund("pending")), "created": None},
    event("invoice.paid", {"object": "invoice", "amount_paid": 500})])
def test_a_payload_missing_what_its_type_promises_is_malformed(payload):
    with pytest.raises(ValueError):
        translate(payload)


def test_the_stripe_event_types_are_exactly_those_it_maps():
    assert StripeEventTranslator.event_types == {
        "checkout.session.completed", "checkout.session.async_payment_succeeded",
        "checkout.session.expired", "checkout.session.async_payment_failed",
        "refund.created", "refund.updated", "refund.failed",
        "charge.dispute.created", "charge.dispute.closed",
        "customer.subscription.created", "customer.subscription.updated",
        "customer.subscription.paused", "customer.subscription.resumed",
        "customer.subscription.deleted", "invoice.paid", "invoice.payment_failed"}


def test_the_sibling_translators_list_the_event_types_they_map():
    """The webhook handler registry is keyed by these (Xendit's invoice callbacks are
    stored under their status)."""
    assert RazorpayEventTranslator.event_types == {
        "payment_link.paid", "payment_link.expired", "payment_link.cancelled",
        "refund.created", "refund.processed", "refund.failed", "payment.dispute.created",
        "payment.dispute.won", "payment.dispute.lost", "subscription.activated",
        "subscription.charged", "subscription.pending", "subscription.halted",
        "subscription.cancelled", "subscription.paused", "subscription.resumed",
        "subscription.updated"}
    assert XenditEventTranslator.event_types == {
        "PAID", "SETTLED", "EXPIRED", "refund.succeeded", "refund.failed",
        "recurring.plan.activated", "recurring.plan.inactivated", "recurring.cycle.created",
        "recurring.cycle.succeeded", "recurring.cycle.retrying", "recurring.cycle.failed"}
