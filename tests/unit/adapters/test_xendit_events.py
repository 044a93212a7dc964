"""Xendit's callbacks, as Xendit sends them, in the port's words."""

from datetime import UTC, datetime

import pytest

from ownverso.adapters.xendit_events import XenditEventTranslator
from ownverso.services.ports.payments import GatewayEventKind

translate = XenditEventTranslator().translate


def invoice_callback(**changes):
    return {
        "id": "593f4ed1c3d3bb7f39733d83", "external_id": "checkout:cks_1",
        "user_id": "5848fdf860053555135587e7", "is_high": False,
        "payment_method": "CREDIT_CARD", "status": "PAID", "merchant_name": "Ownverso",
        "amount": 499.99, "paid_amount": 499.99, "paid_at": "2026-12-01T10:15:02.912Z",
        "payer_email": "reader@example.com", "description": "Gold, monthly",
        "created": "2026-12-01T10:14:01.827Z", "updated": "2026-12-01T10:15:03.112Z",
        "currency": "PHP", "payment_channel": "CREDIT_CARD",
        "payment_id": "pymt-4c1b2a3e-9e6f-4c53-8d1b-2f8e1c9a7b10",
        "metadata": {"checkout_session_id": "cks_1"}, **changes}


def wrapped(event, **data):
    return {"event": event, "business_id": "5fe2b0137b7d62542cb4a2d5",
            "created": "2026-12-02T08:00:00.000Z", "api_version": None, "data": data}


def refund(**changes):
    return {"id": "rfd-6f4a377d-a201-437f-9119-f8b00cbbe857",
            "payment_id": "pymt-4c1b2a3e-9e6f-4c53-8d1b-2f8e1c9a7b10",
            "invoice_id": "593f4ed1c3d3bb7f39733d83", "amount": 120.5,
            "payment_method_type": "CARD", "channel_code": "CARD", "currency": "PHP",
            "status": "SUCCEEDED", "reason": "REQUESTED_BY_CUSTOMER",
            "reference_id": "refund:rr_1", "failure_code": None, "refund_fee_amount": None,
            "created": "2026-12-02T07:59:58.001Z", "updated": "2026-12-02T07:59:59.501Z",
            "metadata": None, **changes}


def cycle(**changes):
    return {"id": "recy_4e66b458-00b7-4ddd-9859-cce153dda097",
            "plan_id": "repl_532a1d1f-4bd5-4a0c-b5d4-f6ac1f5b2d8e",
            "reference_id": "ovplan_3f1c:usr_1", "customer_id": "cust-e9e2ac0b",
            "recurring_action": "PAYMENT", "type": "SCHEDULED", "cycle_number": 2,
            "attempt_count": 1, "status": "SUCCEEDED", "currency": "IDR", "amount": 75000,
            "scheduled_timestamp": "2027-01-01T00:00:00.000Z",
            "created": "2026-12-01T00:00:05.000Z", "updated": "2027-01-01T00:00:09.000Z",
            "attempt_details": [{"action_id": "pr-1", "type": "RECURRING", "status": "SUCCEEDED",
                                 "failure_code": None, "created": "2027-01-01T00:00:08Z"}],
            **changes}


def test_a_paid_invoice_completes_its_checkout_and_names_the_payment():
    event = translate(invoice_callback())
    assert event.kind is GatewayEventKind.CHECKOUT_COMPLETED
    assert event.object_id == event.checkout_id == "593f4ed1c3d3bb7f39733d83"
    assert event.payment_ref == "pymt-4c1b2a3e-9e6f-4c53-8d1b-2f8e1c9a7b10"
    assert (event.amount, event.currency) == (49999, "PHP")
    assert event.occurred_at == datetime(2026, 12, 1, 10, 15, 3, 112000, tzinfo=UTC)


def test_a_settled_invoice_is_complete_too_and_rupiah_stay_whole():
    event = translate(invoice_callback(status="SETTLED", amount=150000, paid_amount=150000,
                                       currency="IDR"))
    assert event.kind is GatewayEventKind.CHECKOUT_COMPLETED
    assert (event.amount, event.currency) == (150000, "IDR")


def test_an_expired_invoice_expires_its_checkout_without_a_payment():
    expired = invoice_callback(status="EXPIRED", updated="2026-12-02T10:14:01.000Z")
    for name in ("paid_amount", "paid_at", "payment_id", "payment_method", "payment_channel"):
        expired.pop(name)
    event = translate(expired)
    assert event.kind is GatewayEventKind.CHECKOUT_EXPIRED
    assert (event.checkout_id, event.payment_ref) == ("593f4ed1c3d3bb7f39733d83", None)
    assert event.occurred_at == datetime(2026, 12, 2, 10, 14, 1, tzinfo=UTC)


def test_a_pending_invoice_is_nothing_to_act_on():
    assert translate(invoice_callback(status="PENDING")) is None


@pytest.mark.parametrize(("event_type", "status", "failure", "expected"), [
    ("refund.succeeded", "SUCCEEDED", None, "succeeded"),
    ("refund.failed", "FAILED", "INSUFFICIENT_BALANCE", "failed")])
def test_refund_callbacks_update_the_refund(event_type, status, failure, expected):
    event = translate(wrapped(event_type, **refund(status=status, failure_code=failure)))
    assert event.kind is GatewayEventKind.REFUND_UPDATED
    assert (event.object_id, event.status) == ("rfd-6f4a377d-a201-437f-9119-f8b00cbbe857",
                                               expected)
    assert (event.amount, event.currency, event.reason) == (12050, "PHP", failure)
    assert event.checkout_id == "593f4ed1c3d3bb7f39733d83"
    assert event.payment_ref == "pymt-4c1b2a3e-9e6f-4c53-8d1b-2f8e1c9a7b10"
    assert event.occurred_at == datetime(2026, 12, 2, 7, 59, 59, 501000, tzinfo=UTC)


@pytest.mark.parametrize(("event_type", "status"), [
    ("recurring.plan.activated", "active"), ("recurring.plan.inactivated", "canceled")])
def test_plan_callbacks_update_the_subscription(event_type, status):
    plan = {"id": "repl_532a1d1f-4bd5-4a0c-b5d4-f6ac1f5b2d8e", "reference_id": "ovplan_3f1c",
            "customer_id": "cust-e9e2ac0b", "recurring_action": "PAYMENT", "currency": "IDR",
            "amount": 75000, "status": status.upper() if status == "active" else "INACTIVE",
            "schedule": {"id": "resc_1", "interval": "MONTH", "interval_count": 1},
            "created": "2026-12-01T00:00:00.000Z", "updated": "2026-12-01T00:00:04.000Z"}
    event = translate(wrapped(event_type, **plan))
    assert event.kind is GatewayEventKind.SUBSCRIPTION_UPDATED
    assert event.subscription_ref == event.object_id == plan["id"]
    assert event.status == status
    assert event.occurred_at == datetime(2026, 12, 1, 0, 0, 4, tzinfo=UTC)


def test_a_new_cycle_says_when_the_paid_period_ends():
    event = translate(wrapped("recurring.cycle.created", **cycle(status="SCHEDULED",
                                                                   attempt_details=[])))
    assert event.kind is GatewayEventKind.SUBSCRIPTION_UPDATED
    assert event.subscription_ref == "repl_532a1d1f-4bd5-4a0c-b5d4-f6ac1f5b2d8e"
    assert event.period_end == datetime(2027, 1, 1, tzinfo=UTC)


def test_a_paid_cycle_is_a_paid_invoice_of_its_plan():
    event = translate(wrapped("recurring.cycle.succeeded", **cycle()))
    assert event.kind is GatewayEventKind.INVOICE_PAID
    assert event.object_id == "recy_4e66b458-00b7-4ddd-9859-cce153dda097"
    assert event.subscription_ref == "repl_532a1d1f-4bd5-4a0c-b5d4-f6ac1f5b2d8e"
    assert (event.amount, event.currency, event.reason) == (75000, "IDR", None)


@pytest.mark.parametrize("event_type", ["recurring.cycle.retrying", "recurring.cycle.failed"])
def test_a_failed_cycle_is_a_failed_invoice_with_the_attempts_code(event_type):
    attempt = {"action_id": "pr-2", "type": "RECURRING", "status": "FAILED",
               "failure_code": "INSUFFICIENT_BALANCE", "created": "2027-01-01T00:00:08Z"}
    event = translate(wrapped(event_type, **cycle(status="FAILED",
                                                  attempt_details=[attempt])))
    assert event.kind is GatewayEventKind.INVOICE_FAILED
    assert (event.subscription_ref, event.reason) == (
        "repl_532a1d1f-4bd5-4a0c-b5d4-f6ac1f5b2d8e", "INSUFFICIENT_BALANCE")


def test_callbacks_we_do_not_act_on_are_none():
    assert translate(wrapped("payment.succeeded", id="py-1", status="SUCCEEDED")) is None
    assert translate({"id": "ewc_1", "status": "SUCCEEDED"}) is None


@pytest.mark.parametrize("payload", [
    wrapped("refund.succeeded", **refund(id=None)),
    wrapped("refund.succeeded", **refund(status="UNHEARD_OF")),
    wrapped("refund.succeeded", **refund(updated="yesterday", created="yesterday")),
    wrapped("recurring.cycle.succeeded", **cycle(plan_id=None)),
    wrapped("recurring.cycle.succeeded", **cycle(amount=750.005)),
    invoice_callback(id=None),
    invoice_callback(updated=None, paid_at=None, created=None),
    {"event": "refund.succeeded", "data": "rfd-1"},
])
def test_a_payload_missing_what_its_type_promises_is_refused(payload):
    with pytest.raises(ValueError):
        translate(payload)
