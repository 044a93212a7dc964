"""The payment gateway port's refunds, on every adapter: a paid checkout or a succeeded
off-session charge is given back once per idempotency key and never more than it took."""

from concurrent.futures import ThreadPoolExecutor

import pytest

from ownverso.services.ports.payments import Charge
from tests.contract.gateway_harness import Harness, saved_card


def paid(harness: Harness, amount=499) -> str:
    checkout = harness.gateway.create_checkout(
        amount=amount, currency="inr", description="Wallpaper pack", metadata={},
        success_url="https://x/ok", cancel_url="https://x/no", idempotency_key=f"c{amount}")
    harness.pay(checkout.id)
    return checkout.id


def test_a_paid_checkout_is_refunded(harness: Harness):
    checkout_id = paid(harness)
    refund = harness.gateway.refund(checkout_id=checkout_id, amount=499, idempotency_key="r1")
    assert (refund.amount, refund.status, refund.failed) == (499, "succeeded", False)
    assert refund.id


def test_the_same_key_answers_the_first_refund_and_refunds_once(harness: Harness):
    gateway = harness.gateway
    checkout_id = paid(harness)
    first = gateway.refund(checkout_id=checkout_id, amount=499, idempotency_key="r1")
    with ThreadPoolExecutor(max_workers=4) as pool:
        again = list(pool.map(lambda _: gateway.refund(
            checkout_id=checkout_id, amount=499, idempotency_key="r1"), range(8)))
    assert {r.id for r in again} == {first.id}
    with pytest.raises(ValueError):  # nothing is left to give back under another key
        gateway.refund(checkout_id=checkout_id, amount=1, idempotency_key="r2")


def test_never_more_than_was_paid(harness: Harness):
    gateway = harness.gateway
    checkout_id = paid(harness, amount=300)
    with pytest.raises(ValueError):
        gateway.refund(checkout_id=checkout_id, amount=301, idempotency_key="r1")
    part = gateway.refund(checkout_id=checkout_id, amount=200, idempotency_key="r2")
    assert part.amount == 200
    with pytest.raises(ValueError):
        gateway.refund(checkout_id=checkout_id, amount=101, idempotency_key="r3")
    assert gateway.refund(checkout_id=checkout_id, amount=100, idempotency_key="r4").amount \
        == 100


def test_an_unpaid_or_unknown_checkout_is_not_refunded(harness: Harness):
    gateway = harness.gateway
    unpaid = gateway.create_checkout(
        amount=100, currency="inr", description="x", metadata={}, success_url="https://x/ok",
        cancel_url="https://x/no", idempotency_key="open")
    with pytest.raises(ValueError):
        gateway.refund(checkout_id=unpaid.id, amount=100, idempotency_key="r1")
    with pytest.raises(LookupError):
        gateway.refund(checkout_id="cs_nope", amount=100, idempotency_key="r2")


@pytest.mark.parametrize("amount", [0, -1, 1.5])
def test_amounts_are_positive_integers(harness: Harness, amount):
    with pytest.raises(ValueError):
        harness.gateway.refund(checkout_id=paid(harness), amount=amount, idempotency_key="r1")


def test_a_refund_is_read_back_as_the_gateway_holds_it(harness: Harness):
    gateway = harness.gateway
    made = gateway.refund(checkout_id=paid(harness), amount=120, idempotency_key="r1")
    assert gateway.get_refund(made.id) == made
    with pytest.raises(LookupError):
        gateway.get_refund("re_nope")


def test_a_paid_checkout_names_the_payment_behind_it(harness: Harness):
    checkout_id = paid(harness)
    first = harness.gateway.get_checkout(checkout_id).payment_ref
    assert first and first == harness.gateway.get_checkout(checkout_id).payment_ref


# -- off-session charges ------------------------------------------------------------------
def charged(harness: Harness, customer_ref: str = "usr_1", amount: int = 500) -> Charge:
    """An off-session charge on a customer's saved card (declined if ``decline`` was set)."""
    return harness.gateway.charge(
        customer_ref=customer_ref, amount=amount, currency="inr", description="Gold, monthly",
        metadata={"subscription_id": "sub_1"}, idempotency_key=f"renew:{customer_ref}")


def test_a_charge_is_refunded_in_part_then_the_rest_and_never_more(harness: Harness):
    gateway = harness.gateway
    first_checkout = saved_card(harness, "usr_1")
    made = charged(harness)
    assert made.succeeded
    with pytest.raises(ValueError):
        gateway.refund_charge(charge_id=made.id, amount=501, idempotency_key="cr0")

    part = gateway.refund_charge(charge_id=made.id, amount=200, idempotency_key="cr1")
    rest = gateway.refund_charge(charge_id=made.id, amount=300, idempotency_key="cr2")
    assert [(r.amount, r.status) for r in (part, rest)] == [(200, "succeeded"),
                                                             (300, "succeeded")]
    assert part.id and rest.id and part.id != rest.id
    with pytest.raises(ValueError):
        gateway.refund_charge(charge_id=made.id, amount=1, idempotency_key="cr3")
    # the checkout that saved the card is another payment, still refundable in full
    assert gateway.refund(checkout_id=first_checkout, amount=100,
                          idempotency_key="r1").amount == 100


def test_the_same_key_answers_the_first_charge_refund_and_refunds_once(harness: Harness):
    gateway = harness.gateway
    saved_card(harness, "usr_1")
    made = charged(harness)
    with ThreadPoolExecutor(max_workers=4) as pool:
        refunds = list(pool.map(lambda _: gateway.refund_charge(
            charge_id=made.id, amount=500, idempotency_key="cr1"), range(8)))
    assert len({r.id for r in refunds}) == 1 and refunds[0].amount == 500
    assert gateway.refund_charge(charge_id=made.id, amount=500,
                                 idempotency_key="cr1") == refunds[0]
    with pytest.raises(ValueError):  # nothing is left to give back under another key
        gateway.refund_charge(charge_id=made.id, amount=1, idempotency_key="cr2")


def test_a_declined_or_unknown_charge_is_not_refunded(harness: Harness):
    gateway = harness.gateway
    saved_card(harness, "usr_2")
    harness.decline("usr_2")
    declined = charged(harness, "usr_2")
    assert not declined.succeeded and declined.id
    with pytest.raises(ValueError):
        gateway.refund_charge(charge_id=declined.id, amount=500, idempotency_key="cr1")
    with pytest.raises(LookupError):
        gateway.refund_charge(charge_id="ch_nope", amount=100, idempotency_key="cr2")


@pytest.mark.parametrize("amount", [0, -1, 1.5])
def test_charge_refund_amounts_are_positive_integers(harness: Harness, amount):
    saved_card(harness, "usr_1")
    made = charged(harness)
    with pytest.raises(ValueError):
        harness.gateway.refund_charge(charge_id=made.id, amount=amount, idempotency_key="cr1")


def test_a_charge_refund_is_read_back_as_the_gateway_holds_it(harness: Harness):
    gateway = harness.gateway
    saved_card(harness, "usr_1")
    made = gateway.refund_charge(charge_id=charged(harness).id, amount=120,
                                 idempotency_key="cr1")
    assert (made.amount, made.status) == (120, "succeeded")
    assert gateway.get_refund(made.id) == made


def test_a_charge_without_a_saved_card_failed_and_is_not_refunded(harness: Harness):
    harness.without_card("usr_3")
    failed = charged(harness, "usr_3")
    assert not failed.succeeded and failed.id
    with pytest.raises(ValueError):
        harness.gateway.refund_charge(charge_id=failed.id, amount=500, idempotency_key="cr1")
