"""What the Stripe adapter puts on the wire, checked on the local stand-in: idempotency keys
derived from our operation and identical on every retry, amounts in the smallest unit,
lower-case currencies, our metadata, errors as the port's, and the secret key kept out of
logs and messages."""

import logging
from datetime import UTC, datetime, timedelta

import pytest
import stripe

from ownverso.adapters.stripe_payments import StripePaymentGateway
from ownverso.services.ports.payments import GatewayUnavailable
from tests.contract.gateway_harness import StripeHarness, saved_card
from tests.support.network import free_port


@pytest.fixture
def standin(stripe_standin):
    stripe_standin.reset()
    return stripe_standin


@pytest.fixture
def harness(standin):
    return StripeHarness(standin)


@pytest.fixture
def gateway(harness):
    return harness.gateway


def checkout(gateway, key="checkout:cks_1", **metadata):
    return gateway.create_checkout(
        amount=49900, currency="INR", description="Gold, monthly",
        metadata={"checkout_session_id": "cks_1", "kind": "SUBSCRIPTION", **metadata},
        success_url="https://app.test/ok", cancel_url="https://app.test/no",
        idempotency_key=key)


def renew(gateway, key="renew:sub_1:2026-12-01", amount=500):
    return gateway.charge(customer_ref="usr_1", amount=amount, currency="INR",
                          description="Subscription renewal",
                          metadata={"subscription_id": "sub_1"}, idempotency_key=key)


def test_a_checkout_session_carries_amounts_currency_metadata_and_our_key(gateway, standin):
    made = checkout(gateway, customer_ref="usr_1")

    [sent] = standin.posted("/v1/checkout/sessions")
    assert sent.idempotency_key == "checkout:cks_1"
    assert sent.params["mode"] == "payment"
    assert sent.params["line_items"] == [{"quantity": "1", "price_data": {
        "currency": "inr", "unit_amount": "49900", "product_data": {"name": "Gold, monthly"}}}]
    metadata = {"checkout_session_id": "cks_1", "kind": "SUBSCRIPTION", "customer_ref": "usr_1"}
    assert sent.params["metadata"] == metadata
    assert sent.params["payment_intent_data"] == {
        "setup_future_usage": "off_session", "description": "Gold, monthly",
        "metadata": metadata}
    assert (sent.params["success_url"], sent.params["cancel_url"]) == (
        "https://app.test/ok", "https://app.test/no")
    assert standin.objects[made.id]["customer"] == sent.params["customer"]


def test_one_stripe_customer_per_reader(gateway, standin):
    first = checkout(gateway, customer_ref="usr_1")
    second = checkout(gateway, key="checkout:cks_2", customer_ref="usr_1")
    anonymous = checkout(gateway, key="checkout:cks_3")

    customers = {standin.objects[c.id]["customer"] for c in (first, second)}
    assert len(customers) == 1
    assert standin.posted("/v1/customers")[0].params["metadata"] == {"customer_ref": "usr_1"}
    assert standin.objects[anonymous.id]["customer_creation"] == "always"


def test_a_paid_card_is_charged_off_session_in_the_smallest_unit(harness, gateway, standin):
    saved_card(harness, "usr_1")
    made = renew(gateway)

    [sent] = standin.posted("/v1/payment_intents")
    assert sent.idempotency_key == "renew:sub_1:2026-12-01"
    assert (sent.params["amount"], sent.params["currency"]) == ("500", "inr")
    assert (sent.params["off_session"], sent.params["confirm"]) == ("true", "true")
    assert sent.params["metadata"] == {"subscription_id": "sub_1", "customer_ref": "usr_1"}
    assert sent.params["payment_method"].startswith("pm_")
    assert made.succeeded and standin.objects[made.id]["amount_received"] == 500


def test_retries_carry_the_same_idempotency_key_and_charge_once(harness, gateway, standin):
    saved_card(harness, "usr_1")
    # the first try charges but its answer is lost, the SDK retries the 500 itself
    standin.control("fail", path="/v1/payment_intents", status="500", lost="true")
    first = renew(gateway)
    again = renew(gateway)  # and our job retries the operation

    sent = standin.posted("/v1/payment_intents")
    assert [r.status for r in sent] == [500, 200, 200]
    assert {r.idempotency_key for r in sent} == {"renew:sub_1:2026-12-01"}
    assert sent[1].params == sent[0].params
    assert again == first
    assert len([o for o in standin.objects.values() if o["object"] == "payment_intent"
                and o["status"] == "succeeded" and o["amount"] == 500]) == 1


def test_refunds_carry_our_key_and_the_amount(harness, gateway, standin):
    checkout_id = saved_card(harness, "usr_1", amount=300)
    gateway.refund(checkout_id=checkout_id, amount=120, idempotency_key="refund:rr_1")
    gateway.refund(checkout_id=checkout_id, amount=120, idempotency_key="refund:rr_1")

    sent = standin.posted("/v1/refunds")
    assert [(r.idempotency_key, r.params["amount"]) for r in sent] == [
        ("refund:rr_1", "120"), ("refund:rr_1", "120")]
    intent = standin.objects[standin.objects[checkout_id]["payment_intent"]]
    assert sent[0].params["payment_intent"] == intent["id"]
    assert intent["amount_refunded"] == 120


def test_a_key_reused_with_other_arguments_is_refused(harness, gateway):
    saved_card(harness, "usr_1")
    renew(gateway)
    with pytest.raises(ValueError, match="idempotency"):
        renew(gateway, amount=900)


def test_a_reader_without_a_saved_card_gets_a_failed_charge(gateway, standin):
    failed = renew(gateway)
    assert (failed.status, failed.failure_code) == ("failed", "no_payment_method")
    assert standin.objects[failed.id]["status"] == "requires_payment_method"


def test_a_checkout_completed_but_not_yet_paid_is_still_open(gateway, standin):
    made = checkout(gateway)
    standin.objects[made.id].update(status="complete", payment_status="unpaid")
    assert gateway.get_checkout(made.id).status == "open"
    with pytest.raises(ValueError):
        gateway.refund(checkout_id=made.id, amount=100, idempotency_key="r1")


def test_prices_are_replaced_not_edited(gateway, standin):
    plan_id = gateway.sync_plan(plan_key="tier_1:stripe:MONTHLY", name="Gold", amount=500,
                                currency="INR", interval="month")
    gateway.sync_plan(plan_key="tier_1:stripe:MONTHLY", name="Gold", amount=500,
                      currency="INR", interval="month")
    assert len(standin.posted("/v1/prices")) == 1  # nothing changed, nothing created
    assert standin.posted("/v1/products")[0].params["id"] == plan_id

    gateway.sync_plan(plan_key="tier_1:stripe:MONTHLY", name="Gold", amount=700,
                      currency="INR", interval="month")
    prices = [o for o in standin.objects.values() if o["object"] == "price"]
    assert [(p["unit_amount"], p["currency"], p["active"], p["lookup_key"]) for p in prices] == [
        (500, "inr", False, None), (700, "inr", True, "tier_1:stripe:MONTHLY")]
    assert standin.posted("/v1/prices")[1].params["transfer_lookup_key"] == "true"


def test_reschedule_moves_the_trial_end_without_proration(harness, gateway, standin):
    plan_id = gateway.sync_plan(plan_key="tier_1:stripe:MONTHLY", name="Gold", amount=500,
                                currency="inr", interval="month")
    saved_card(harness, "usr_1")
    subscription = harness.subscription("usr_1", plan_id)
    at = datetime(2027, 3, 1, tzinfo=UTC)

    gateway.reschedule(subscription_ref=subscription, next_charge_at=at)
    [sent] = standin.posted(f"/v1/subscriptions/{subscription}")
    assert sent.params == {"trial_end": str(int(at.timestamp())), "proration_behavior": "none"}
    with pytest.raises(LookupError):
        gateway.reschedule(subscription_ref="sub_404", next_charge_at=at)
    with pytest.raises(ValueError):
        gateway.reschedule(subscription_ref=subscription, next_charge_at=datetime(2027, 3, 1))


def test_start_sends_the_saved_card_the_first_charge_as_trial_end_and_our_key(
        harness, gateway, standin):
    plan_id = gateway.sync_plan(plan_key="tier_1:stripe:MONTHLY", name="Gold", amount=500,
                                currency="inr", interval="month")
    saved_card(harness, "usr_1")
    at = datetime.now(UTC).replace(microsecond=0) + timedelta(days=30)
    made = gateway.start_subscription(customer_ref="usr_1", plan_id=plan_id,
                                      first_charge_at=at, metadata={"subscription_id": "s1"},
                                      idempotency_key="start:s1")
    [sent] = standin.posted("/v1/subscriptions")
    [card] = [o for o in standin.objects.values() if o["object"] == "payment_method"]
    [price] = [o for o in standin.objects.values() if o["object"] == "price"]
    assert sent.idempotency_key == "start:s1"
    assert sent.params == {
        "customer": card["customer"], "items": [{"price": price["id"]}],
        "default_payment_method": card["id"], "trial_end": str(int(at.timestamp())),
        "proration_behavior": "none", "off_session": "true",
        "metadata": {"subscription_id": "s1", "customer_ref": "usr_1"}}

    gateway.change_subscription_plan(subscription_ref=made.id, plan_id=plan_id)
    gateway.pause_subscription(subscription_ref=made.id, resume_at=at + timedelta(days=30))
    gateway.resume_subscription(subscription_ref=made.id)
    change, pause, resume = standin.posted(f"/v1/subscriptions/{made.id}")
    assert change.params["proration_behavior"] == "none"
    assert pause.params["pause_collection"] == {
        "behavior": "void", "resumes_at": str(int((at + timedelta(days=30)).timestamp()))}
    assert resume.params == {"pause_collection": "", "cancel_at_period_end": "false"}
    gateway.cancel_subscription(subscription_ref=made.id, at_period_end=False)
    assert [r.method for r in standin.requests if r.path == f"/v1/subscriptions/{made.id}"
            ][-1] == "DELETE"


def test_a_stripe_that_does_not_answer_is_unavailable(standin):
    quick = StripePaymentGateway(secret_key=standin.secret_key, base_url=standin.url,
                                 max_network_retries=0)
    standin.control("fail", count="1", status="503")
    with pytest.raises(GatewayUnavailable):
        quick.get_checkout("cs_test_1")
    standin.control("fail", count="1", status="429")
    with pytest.raises(GatewayUnavailable):
        quick.get_checkout("cs_test_1")

    nowhere = StripePaymentGateway(secret_key=standin.secret_key, max_network_retries=0,
                                   base_url=f"http://127.0.0.1:{free_port()}", timeout=2)
    with pytest.raises(GatewayUnavailable):
        renew(nowhere)


def test_each_adapter_keeps_its_own_key_and_the_key_stays_secret(standin, caplog, capsys):
    secret = "sk_test_another_author_secret"
    other = StripePaymentGateway(secret_key=secret, base_url=standin.url,
                                 max_network_retries=0)
    ours = StripePaymentGateway(secret_key=standin.secret_key, base_url=standin.url)
    caplog.set_level(logging.DEBUG)

    with pytest.raises(GatewayUnavailable) as refused:
        checkout(other)
    made = checkout(ours)
    ours.get_checkout(made.id)

    assert stripe.api_key is None  # no module-level configuration
    assert caplog.records  # the SDK did log its requests, at debug level
    said = caplog.text + "".join(capsys.readouterr()) + str(refused.value) + repr(other)
    assert secret not in said and standin.secret_key not in said
