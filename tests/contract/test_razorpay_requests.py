"""What the Razorpay adapter puts on the wire, checked on the local stand-in: the key pair on
every request, idempotency keys as references and receipts so a retry after a lost answer
finds the first object instead of making another, amounts in the smallest unit, our metadata
as notes, and errors as the port's."""

from datetime import UTC, datetime, timedelta

import pytest

from ownverso.adapters.razorpay_payments import RazorpayPaymentGateway, plan_ref
from ownverso.services.ports.payments import GatewayUnavailable
from tests.contract.gateway_harness import RazorpayHarness, saved_card
from tests.support.network import free_port


@pytest.fixture
def standin(razorpay_standin):
    razorpay_standin.reset()
    return razorpay_standin


@pytest.fixture
def harness(standin):
    return RazorpayHarness(standin)


@pytest.fixture
def gateway(harness):
    return harness.gateway


def checkout(gateway, key="checkout:cks_1", **metadata):
    return gateway.create_checkout(
        amount=49900, currency="inr", description="Gold, monthly",
        metadata={"checkout_session_id": "cks_1", "kind": "SUBSCRIPTION", **metadata},
        success_url="https://app.test/ok", cancel_url="https://app.test/no",
        idempotency_key=key)


def renew(gateway, key="renew:sub_1:2026-12-01", amount=500):
    return gateway.charge(customer_ref="usr_1", amount=amount, currency="inr",
                          description="Subscription renewal",
                          metadata={"subscription_id": "sub_1"}, idempotency_key=key)


def test_a_payment_link_carries_our_notes_reference_and_the_readers_saved_card(
        gateway, standin):
    made = checkout(gateway, customer_ref="usr_1")

    [sent] = standin.sent("POST", "/v1/payment_links")
    assert {r.key_id for r in standin.requests} == {standin.key_id}
    assert (sent.params["amount"], sent.params["currency"]) == (49900, "INR")
    assert sent.params["reference_id"] == "checkout:cks_1"
    assert sent.params["notes"] == {"checkout_session_id": "cks_1", "kind": "SUBSCRIPTION",
                                    "customer_ref": "usr_1"}
    assert sent.params["callback_url"] == "https://app.test/ok"
    [customer] = standin.of("customer")
    assert customer["notes"] == {"customer_ref": "usr_1"}
    assert sent.params["options"] == {"checkout": {
        "customer_id": customer["id"], "save": "1", "recurring": "1"}}
    assert (made.status, made.url, made.payment_ref) == (
        "open", standin.objects[made.id]["short_url"], None)


def test_one_razorpay_customer_per_reader_and_none_for_an_anonymous_checkout(
        gateway, standin):
    checkout(gateway, customer_ref="usr_1")
    checkout(gateway, key="checkout:cks_2", customer_ref="usr_1")
    anonymous = checkout(gateway, key="checkout:cks_3")

    assert len(standin.of("customer")) == 1
    assert standin.objects[anonymous.id]["options"] == {}


def test_a_checkout_retried_after_a_lost_answer_is_the_same_link(gateway, standin):
    standin.control("fail", path="/v1/payment_links", status=502, lost=True)
    with pytest.raises(GatewayUnavailable):
        checkout(gateway)
    again = checkout(gateway)

    [link] = standin.of("payment_link")
    assert again.id == link["id"] and again.amount == 49900
    with pytest.raises(ValueError):  # the key names another checkout
        gateway.create_checkout(amount=100, currency="inr", description="x", metadata={},
                                success_url="https://app.test/ok",
                                cancel_url="https://app.test/no",
                                idempotency_key="checkout:cks_1")


def test_a_long_key_becomes_a_reference_razorpay_accepts_and_stays_the_same(gateway, standin):
    key = "checkout:" + "x" * 60
    first = checkout(gateway, key=key)
    assert checkout(gateway, key=key).id == first.id
    references = {r.params["reference_id"] for r in standin.sent("POST", "/v1/payment_links")}
    assert len(references) == 1 and len(references.pop()) <= 40


def test_more_than_fifteen_notes_are_refused_before_anything_is_sent(gateway, standin):
    with pytest.raises(ValueError):
        checkout(gateway, **{f"k{i}": "v" for i in range(14)})
    assert not standin.requests


def test_a_checkout_expires_unless_paid_and_an_unknown_one_is_not_found(harness, gateway):
    open_one = checkout(gateway)
    assert gateway.expire_checkout(open_one.id).status == "expired"
    paid_id = saved_card(harness, "usr_1")
    paid = gateway.expire_checkout(paid_id)
    assert paid.status == "complete" and paid.payment_ref.startswith("pay_")
    with pytest.raises(LookupError):
        gateway.get_checkout("plink_unknown")


def test_a_renewal_is_an_order_paid_by_the_saved_token(harness, gateway, standin):
    saved_card(harness, "usr_1")
    made = renew(gateway)

    [order] = standin.sent("POST", "/v1/orders")
    assert order.params == {"amount": 500, "currency": "INR",
                            "receipt": "renew:sub_1:2026-12-01", "payment_capture": 1,
                            "notes": {"subscription_id": "sub_1", "customer_ref": "usr_1"}}
    [paid] = standin.sent("POST", "/v1/payments/create/recurring")
    [token] = standin.of("token")
    assert (paid.params["token"], paid.params["customer_id"], paid.params["recurring"]) == (
        token["id"], token["customer_id"], "1")
    assert made.succeeded and standin.objects[made.id]["order_id"] == paid.params["order_id"]


def test_a_renewal_retried_after_lost_answers_charges_once(harness, gateway, standin):
    saved_card(harness, "usr_1")
    standin.control("fail", path="/v1/orders", status=500, lost=True)
    with pytest.raises(GatewayUnavailable):
        renew(gateway)
    standin.control("fail", path="/v1/payments/create/recurring", status=504, lost=True)
    with pytest.raises(GatewayUnavailable):
        renew(gateway)
    made = renew(gateway)

    assert len(standin.of("order")) == 1
    captured = [p for p in standin.of("payment") if p["order_id"] is not None]
    assert [p["id"] for p in captured] == [made.id] and made.succeeded
    assert len(standin.sent("POST", "/v1/payments/create/recurring")) == 1


def test_a_key_reused_for_another_charge_is_refused(harness, gateway):
    saved_card(harness, "usr_1")
    renew(gateway)
    with pytest.raises(ValueError):
        renew(gateway, amount=900)


def test_a_reader_without_a_saved_card_gets_a_failed_charge_on_an_order(gateway, standin):
    failed = renew(gateway)
    assert (failed.status, failed.failure_code) == ("failed", "no_payment_method")
    assert standin.objects[failed.id]["entity"] == "order"
    assert not standin.sent("POST", "/v1/payments/create/recurring")


def test_a_refund_carries_our_key_and_is_not_made_twice(harness, gateway, standin):
    checkout_id = saved_card(harness, "usr_1", amount=300)
    standin.control("fail", path=f"/v1/payments/{standin.of('payment')[0]['id']}/refund",
                    status=503, lost=True)
    with pytest.raises(GatewayUnavailable):
        gateway.refund(checkout_id=checkout_id, amount=120, idempotency_key="refund:rr_1")
    made = gateway.refund(checkout_id=checkout_id, amount=120, idempotency_key="refund:rr_1")

    [sent] = [r for r in standin.requests if r.path.endswith("/refund")]
    assert sent.params == {"amount": 120, "speed": "normal", "receipt": "refund:rr_1",
                           "notes": {"idempotency_key": "refund:rr_1",
                                     "checkout_id": checkout_id}}
    [refund] = standin.of("refund")
    assert made.id == refund["id"] and standin.of("payment")[0]["amount_refunded"] == 120
    with pytest.raises(ValueError):  # the key names another refund
        gateway.refund(checkout_id=checkout_id, amount=50, idempotency_key="refund:rr_1")


def test_plans_are_replaced_not_edited(gateway, standin):
    ref = gateway.sync_plan(plan_key="tier_1:MONTHLY", name="Gold", amount=50000,
                            currency="inr", interval="month")
    gateway.sync_plan(plan_key="tier_1:MONTHLY", name="Gold", amount=50000, currency="inr",
                      interval="month")
    assert ref == plan_ref("tier_1:MONTHLY") and len(standin.of("plan")) == 1

    gateway.sync_plan(plan_key="tier_1:MONTHLY", name="Gold", amount=70000, currency="inr",
                      interval="month")
    plans = standin.of("plan")
    assert [(p["item"]["amount"], p["period"], p["notes"]["version"]) for p in plans] == [
        (50000, "monthly", "1"), (70000, "monthly", "2")]
    assert gateway.current_plan(ref)["id"] == plans[1]["id"]
    with pytest.raises(ValueError):
        gateway.sync_plan(plan_key="tier_1:MONTHLY", name="Gold", amount=1, currency="inr",
                          interval="fortnight")


def test_reschedule_moves_a_subscriptions_start(harness, gateway, standin):
    subscription = harness.subscription("usr_1", gateway.sync_plan(
        plan_key="tier_1:MONTHLY", name="Gold", amount=500, currency="inr", interval="month"))
    at = datetime(2027, 3, 1, tzinfo=UTC)

    gateway.reschedule(subscription_ref=subscription, next_charge_at=at)
    [sent] = standin.sent("PATCH", f"/v1/subscriptions/{subscription}")
    assert sent.params == {"start_at": int(at.timestamp())}
    with pytest.raises(LookupError):
        gateway.reschedule(subscription_ref="sub_unknown", next_charge_at=at)
    with pytest.raises(ValueError):
        gateway.reschedule(subscription_ref=subscription, next_charge_at=datetime(2027, 3, 1))
    standin.objects[subscription]["status"] = "active"
    with pytest.raises(ValueError):  # Razorpay cannot move an active subscription's charge
        gateway.reschedule(subscription_ref=subscription, next_charge_at=at)


def test_a_razorpay_that_does_not_answer_is_unavailable(gateway, standin):
    for status in (500, 503, 429):
        standin.control("fail", status=status)
        with pytest.raises(GatewayUnavailable):
            gateway.get_checkout("plink_unknown")

    nowhere = RazorpayPaymentGateway(key_id=standin.key_id, key_secret=standin.key_secret,
                                     base_url=f"http://127.0.0.1:{free_port()}", timeout=2)
    with pytest.raises(GatewayUnavailable):
        renew(nowhere)


def test_each_adapter_keeps_its_own_keys_and_the_secret_stays_secret(gateway, standin):
    secret = "another_authors_key_secret"
    other = RazorpayPaymentGateway(key_id=standin.key_id, key_secret=secret,
                                   base_url=standin.url)

    with pytest.raises(GatewayUnavailable) as refused:
        checkout(other)
    assert checkout(gateway).status == "open"
    assert [(r.key_id, r.status) for r in standin.requests] == [
        (standin.key_id, 401), (standin.key_id, 200)]
    assert secret not in str(refused.value) + repr(other)


def test_a_failed_charge_without_a_token_is_refused_and_an_unknown_order_unknown(gateway):
    failed = renew(gateway)
    with pytest.raises(ValueError):
        gateway.refund_charge(charge_id=failed.id, amount=500, idempotency_key="r1")
    with pytest.raises(LookupError):
        gateway.refund_charge(charge_id="order_Nope0000001", amount=500, idempotency_key="r2")


def start(gateway, plan_id, key="start:s1", days=30):
    at = datetime.now(UTC).replace(microsecond=0) + timedelta(days=days)
    return gateway.start_subscription(customer_ref="usr_1", plan_id=plan_id,
                                      first_charge_at=at, metadata={"subscription_id": "s1"},
                                      idempotency_key=key), at


def test_start_names_the_plan_customer_and_start_and_keeps_our_key_in_the_notes(
        harness, gateway, standin):
    plan_id = gateway.sync_plan(plan_key="tier_1:MONTHLY", name="Gold", amount=50000,
                                currency="inr", interval="month")
    saved_card(harness, "usr_1")
    made, at = start(gateway, plan_id)
    assert start(gateway, plan_id)[0].id == made.id  # found by its notes, not made twice
    [sent] = standin.sent("POST", "/v1/subscriptions")
    [customer] = standin.of("customer")
    [plan] = standin.of("plan")
    assert sent.params == {
        "plan_id": plan["id"], "total_count": 120, "quantity": 1,
        "start_at": int(at.timestamp()), "customer_notify": 0,
        "customer_id": customer["id"], "notes": {
            "subscription_id": "s1", "customer_ref": "usr_1", "plan_ref": plan_id,
            "idempotency_key": "start:s1"}}


def test_a_charging_subscription_pauses_on_razorpay_and_its_cycle_end_cancel_is_final(
        harness, gateway, standin):
    plan_id = gateway.sync_plan(plan_key="tier_1:MONTHLY", name="Gold", amount=50000,
                                currency="inr", interval="month")
    saved_card(harness, "usr_1")
    made, at = start(gateway, plan_id)
    standin.objects[made.id]["status"] = "active"  # the reader authenticated it
    until = at + timedelta(days=30)
    paused = gateway.pause_subscription(subscription_ref=made.id, resume_at=until)
    assert (paused.status, paused.current_period_end) == ("paused", until)
    assert standin.sent("POST", f"/v1/subscriptions/{made.id}/pause")[0].params == {
        "pause_at": "now"}
    assert gateway.resume_subscription(subscription_ref=made.id).status == "active"
    assert standin.sent("POST", f"/v1/subscriptions/{made.id}/resume")[0].params == {
        "resume_at": "now"}

    ending = gateway.cancel_subscription(subscription_ref=made.id, at_period_end=True)
    assert (ending.status, ending.cancel_at_period_end) == ("active", True)
    assert standin.sent("POST", f"/v1/subscriptions/{made.id}/cancel")[0].params == {
        "cancel_at_cycle_end": 1}
    with pytest.raises(ValueError):  # Razorpay never undoes a cancellation
        gateway.resume_subscription(subscription_ref=made.id)
