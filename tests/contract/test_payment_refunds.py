"""The payment gateway port's refunds, on every adapter: a paid checkout is given back once
per idempotency key and never more than it took."""

from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.contract.gateway_harness import Harness


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
