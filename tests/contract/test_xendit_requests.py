"""What the Xendit adapter puts on the wire, checked on the local stand-in: Basic auth with
the secret key, idempotency keys derived from our operation and identical on every retry,
amounts in Xendit's major units, errors as the port's, and the key kept out of messages."""

import base64
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from ownverso.adapters.xendit_payments import XenditPaymentGateway, from_xendit, to_xendit
from ownverso.services.ports.payments import GatewayUnavailable
from tests.contract.gateway_harness import XenditHarness, saved_card
from tests.support.network import free_port


@pytest.fixture
def standin(xendit_standin):
    xendit_standin.reset()
    return xendit_standin


@pytest.fixture
def harness(standin):
    return XenditHarness(standin)


@pytest.fixture
def gateway(harness):
    return harness.gateway


def checkout(gateway, key="checkout:cks_1", amount=49999, currency="PHP", **metadata):
    return gateway.create_checkout(
        amount=amount, currency=currency, description="Gold, monthly",
        metadata={"checkout_session_id": "cks_1", **metadata},
        success_url="https://app.test/ok", cancel_url="https://app.test/no",
        idempotency_key=key)


def renew(gateway, key="renew:sub_1:2026-12-01", amount=500, customer="usr_1"):
    return gateway.charge(customer_ref=customer, amount=amount, currency="PHP",
                          description="Subscription renewal",
                          metadata={"subscription_id": "sub_1"}, idempotency_key=key)


@pytest.mark.parametrize(("amount", "currency", "sent"), [
    (49999, "PHP", Decimal("499.99")), (500, "USD", Decimal("5")),
    (1, "THB", Decimal("0.01")), (150000, "IDR", 150000), (25000, "VND", 25000)])
def test_amounts_go_in_xendits_major_units_and_come_back_exactly(amount, currency, sent):
    assert Decimal(str(to_xendit(amount, currency))) == sent
    assert from_xendit(sent, currency) == amount
    with pytest.raises(ValueError):
        from_xendit(Decimal("4.995"), "PHP")


def test_an_invoice_carries_basic_auth_amounts_metadata_and_our_key(gateway, standin):
    made = checkout(gateway, customer_ref="usr_1")

    [sent] = standin.sent("POST", "/v2/invoices")
    assert sent.authorization == "Basic " + base64.b64encode(
        f"{standin.secret_key}:".encode()).decode()
    assert sent.idempotency_key == "checkout:cks_1"
    assert sent.body == {
        "external_id": "checkout:cks_1", "amount": Decimal("499.99"), "currency": "PHP",
        "description": "Gold, monthly",
        "metadata": {"checkout_session_id": "cks_1", "customer_ref": "usr_1"},
        "success_redirect_url": "https://app.test/ok",
        "failure_redirect_url": "https://app.test/no",
        "customer": {"reference_id": "usr_1"}}
    assert (made.amount, made.currency, made.status) == (49999, "PHP", "open")
    assert made.url.endswith(made.id)


def test_rupiah_go_as_whole_rupiah(gateway, standin):
    made = checkout(gateway, amount=150000, currency="IDR")
    assert standin.sent("POST", "/v2/invoices")[0].body["amount"] == 150000
    assert gateway.get_checkout(made.id).amount == 150000


def test_an_open_invoice_expires_and_a_paid_one_stays_paid(harness, gateway, standin):
    open_one = checkout(gateway)
    assert gateway.expire_checkout(open_one.id).status == "expired"
    paid = checkout(gateway, key="checkout:cks_2")
    harness.pay(paid.id)
    assert gateway.expire_checkout(paid.id).status == "complete"
    assert len(standin.sent("POST", f"/invoices/{paid.id}/expire!")) == 0
    with pytest.raises(LookupError):
        gateway.get_checkout("5f0000000000000000000000")


def test_a_payment_request_charges_the_saved_method_once_across_a_lost_answer(
        harness, gateway, standin):
    saved_card(harness, "usr_1")
    # the first try charges but its answer is lost: the session retries the 500 itself
    standin.control("fail", path="/payment_requests", status="500", lost="true")
    first = renew(gateway)
    again = renew(gateway)  # and our job retries the operation

    sent = standin.sent("POST", "/payment_requests")
    assert [r.status for r in sent] == [500, 200, 200]
    assert {r.idempotency_key for r in sent} == {"renew:sub_1:2026-12-01"}
    assert sent[0].body == sent[1].body
    assert sent[0].body["amount"] == Decimal("5")
    assert sent[0].body["metadata"] == {"subscription_id": "sub_1", "customer_ref": "usr_1"}
    assert sent[0].body["payment_method_id"].startswith("pm-")
    assert again == first and first.succeeded
    assert len(standin.of_kind("payment_request")) == 1


def test_a_key_reused_with_other_arguments_is_refused(harness, gateway):
    saved_card(harness, "usr_1")
    renew(gateway)
    with pytest.raises(ValueError, match="DUPLICATE_ERROR"):
        renew(gateway, amount=900)


def test_a_reader_without_a_saved_method_gets_a_failed_charge_and_nothing_is_sent(
        gateway, standin):
    failed = renew(gateway, customer="usr_9")
    assert (failed.status, failed.failure_code) == ("failed", "no_payment_method")
    assert standin.sent("POST", "/payment_requests") == []


def test_refunds_carry_our_key_the_invoice_and_the_amount(harness, gateway, standin):
    checkout_id = saved_card(harness, "usr_1", amount=300)
    first = gateway.refund(checkout_id=checkout_id, amount=120, idempotency_key="refund:rr_1")
    assert gateway.refund(checkout_id=checkout_id, amount=120,
                          idempotency_key="refund:rr_1") == first

    sent = standin.sent("POST", "/refunds")
    assert [r.idempotency_key for r in sent] == ["refund:rr_1", "refund:rr_1"]
    assert sent[0].body == {
        "invoice_id": checkout_id, "amount": Decimal("1.2"), "currency": "INR",
        "reason": "REQUESTED_BY_CUSTOMER", "reference_id": "refund:rr_1",
        "metadata": {"checkout_id": checkout_id}}
    assert standin.refunded[checkout_id] == Decimal("1.2")


def test_a_changed_plan_replaces_the_recurring_plan(gateway, standin):
    def sync(amount=500, name="Gold"):
        return gateway.sync_plan(plan_key="tier_1:MONTHLY", name=name, amount=amount,
                                 currency="PHP", interval="month")

    plan_id = sync()
    assert sync() == plan_id and len(standin.sent("POST", "/recurring/plans")) == 1
    sync(name="Gold+")
    assert len(standin.sent("POST", "/recurring/plans")) == 1  # a name is a description
    assert sync(amount=700) == plan_id

    plans = standin.of_kind("plan")
    assert [(p["amount"], p["status"], p["description"]) for p in plans] == [
        (Decimal("5"), "INACTIVE", "Gold+"), (Decimal("7"), "REQUIRES_ACTION", "Gold")]
    assert standin.sent("POST", "/recurring/plans")[1].body["schedule"] == {
        "reference_id": plan_id, "interval": "MONTH", "interval_count": 1}
    gateway.sync_plan(plan_key="tier_1:ANNUAL", name="Gold", amount=5000, currency="PHP",
                      interval="year")
    assert standin.sent("POST", "/recurring/plans")[2].body["schedule"]["interval_count"] == 12


def test_reschedule_moves_the_next_scheduled_cycle(harness, gateway, standin):
    plan_id = gateway.sync_plan(plan_key="tier_1:MONTHLY", name="Gold", amount=500,
                                currency="INR", interval="month")
    saved_card(harness, "usr_1")
    subscription = harness.subscription("usr_1", plan_id)
    at = datetime(2027, 3, 1, tzinfo=UTC)

    gateway.reschedule(subscription_ref=subscription, next_charge_at=at)
    [cycle] = standin.of_kind("cycle")
    [sent] = standin.sent("PATCH", f"/recurring/plans/{subscription}/cycles/{cycle['id']}")
    assert sent.body == {"scheduled_timestamp": "2027-03-01T00:00:00.000Z",
                         "currency": "INR", "amount": Decimal("5")}
    with pytest.raises(LookupError):
        gateway.reschedule(subscription_ref="repl_404", next_charge_at=at)
    with pytest.raises(ValueError):
        gateway.reschedule(subscription_ref=subscription, next_charge_at=datetime(2027, 3, 1))


def test_a_xendit_that_does_not_answer_is_unavailable(standin):
    quick = XenditPaymentGateway(secret_key=standin.secret_key, base_url=standin.url,
                                 max_retries=0)
    standin.control("fail", count="1", status="503")
    with pytest.raises(GatewayUnavailable):
        quick.get_checkout("5f0000000000000000000001")

    patient = XenditPaymentGateway(secret_key=standin.secret_key, base_url=standin.url)
    standin.control("fail", count="3", status="502")
    with pytest.raises(GatewayUnavailable):  # three tries, all failed
        patient.get_checkout("5f0000000000000000000001")
    assert len(standin.sent("GET", "/v2/invoices/5f0000000000000000000001")) == 4

    nowhere = XenditPaymentGateway(secret_key=standin.secret_key, max_retries=0,
                                   base_url=f"http://127.0.0.1:{free_port()}", timeout=2)
    with pytest.raises(GatewayUnavailable):
        renew(nowhere)


def test_a_refused_key_is_unavailable_and_stays_secret(standin):
    secret = "xnd_development_anotherAuthorsSecretKey0000"
    other = XenditPaymentGateway(secret_key=secret, base_url=standin.url, max_retries=0)
    with pytest.raises(GatewayUnavailable, match="INVALID_API_KEY") as refused:
        checkout(other)
    assert secret not in str(refused.value) + repr(other)


def test_a_failed_charge_without_a_saved_method_is_refused_not_unknown(gateway):
    failed = renew(gateway, customer="usr_9")
    with pytest.raises(ValueError):
        gateway.refund_charge(charge_id=failed.id, amount=500, idempotency_key="r1")


def test_start_sends_the_saved_method_the_anchor_and_our_key(harness, gateway, standin):
    plan_id = gateway.sync_plan(plan_key="tier_1:MONTHLY", name="Gold", amount=50000,
                                currency="PHP", interval="month")
    saved_card(harness, "usr_1")
    at = datetime.now(UTC).replace(microsecond=0) + timedelta(days=30)
    made = gateway.start_subscription(customer_ref="usr_1", plan_id=plan_id,
                                      first_charge_at=at, metadata={"subscription_id": "s1"},
                                      idempotency_key="start:s1")
    sent = [r for r in standin.sent("POST", "/recurring/plans")
            if r.idempotency_key == "start:s1"]
    assert len(sent) == 1
    [method] = standin.of_kind("payment_method")
    body = sent[0].body
    assert body["payment_methods"] == [{"payment_method_id": method["id"], "rank": 1}]
    assert body["schedule"]["anchor_date"] == at.isoformat(
        timespec="milliseconds").replace("+00:00", "Z")
    assert (body["amount"], body["currency"]) == (500, "PHP")
    assert body["metadata"] == {"subscription_id": "s1", "customer_ref": "usr_1",
                                "plan_id": plan_id}

    ending = gateway.cancel_subscription(subscription_ref=made.id, at_period_end=True)
    assert (ending.current_period_end, ending.cancel_at_period_end) == (at, True)
    [cycle] = [c for c in standin.of_kind("cycle") if c["plan_id"] == made.id]
    assert cycle["scheduled_timestamp"].startswith("2099-")  # nothing charged at the end
    gateway.resume_subscription(subscription_ref=made.id)
    assert datetime.fromisoformat(cycle["scheduled_timestamp"]) == at
