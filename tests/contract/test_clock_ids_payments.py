"""The small ports: clocks, id generators, and the payment gateway's checkouts on every
adapter (tests/contract/gateway_harness.py)."""

import time
from datetime import UTC, datetime, timedelta

import pytest

from ownverso.adapters.clock import FixedClock, SystemClock
from ownverso.adapters.ids import RandomIds, SequentialIds
from ownverso.adapters.sandbox_payments import SandboxPaymentGateway, UnknownCheckout
from tests.contract.gateway_harness import Harness


# -- clocks -------------------------------------------------------------------------------
@pytest.fixture(params=["system", "fixed"])
def clock(request):
    return SystemClock() if request.param == "system" else FixedClock()


def test_clocks_tell_aware_utc_time(clock):
    now = clock.now()
    assert now.tzinfo is not None
    assert now.utcoffset() == timedelta(0)


def test_the_system_clock_follows_real_time():
    before = datetime.now(UTC)
    now = SystemClock().now()
    assert before <= now <= datetime.now(UTC)


def test_the_fixed_clock_stands_still_until_moved():
    clock = FixedClock(datetime(2026, 5, 1, 8, 0, tzinfo=UTC))
    assert clock.now() == clock.now() == datetime(2026, 5, 1, 8, 0, tzinfo=UTC)

    assert clock.advance(minutes=16) == datetime(2026, 5, 1, 8, 16, tzinfo=UTC)
    assert clock.advance(timedelta(days=1)) == datetime(2026, 5, 2, 8, 16, tzinfo=UTC)
    assert clock.now() == datetime(2026, 5, 2, 8, 16, tzinfo=UTC)

    clock.set(datetime(2027, 1, 1, tzinfo=UTC))
    assert clock.now() == datetime(2027, 1, 1, tzinfo=UTC)


# -- ids ----------------------------------------------------------------------------------
@pytest.fixture(params=["random", "sequential"])
def ids(request):
    return RandomIds() if request.param == "random" else SequentialIds()


def test_ids_carry_their_prefix_and_are_unique(ids):
    made = [ids.new_id("usr") for _ in range(2000)]
    assert len(set(made)) == len(made)
    assert all(i.startswith("usr_") and len(i) <= 40 for i in made)  # fits the id columns
    assert ids.new_id("ses").startswith("ses_")


def test_ids_made_later_sort_later(ids):
    earlier = ids.new_id("usr")
    time.sleep(0.003)
    later = ids.new_id("usr")
    assert earlier < later


def test_random_ids_are_time_stamped_and_url_safe():
    made = RandomIds().new_id("cs")
    prefix, _, body = made.partition("_")
    assert prefix == "cs" and len(body) == 26
    assert set(body) <= set("0123456789abcdefghjkmnpqrstvwxyz")


def test_sequential_ids_count_across_prefixes():
    ids = SequentialIds()
    assert [ids.new_id("usr"), ids.new_id("ses"), ids.new_id("usr")] == [
        "usr_000001", "ses_000002", "usr_000003"]
    assert SequentialIds().new_id("usr") == "usr_000001"  # each generator counts on its own


# -- payment gateway checkouts ------------------------------------------------------------
def checkout_args(**overrides):
    return {"amount": 49900, "currency": "inr", "description": "Pro plan, monthly",
            "metadata": {"user_id": "usr_1", "tier": "PRO"},
            "success_url": "https://app.test/billing/done",
            "cancel_url": "https://app.test/billing", "idempotency_key": "upgrade-usr_1-1",
            **overrides}


def test_a_checkout_starts_open_with_the_amount_and_a_url(harness: Harness):
    gateway = harness.gateway
    checkout = gateway.create_checkout(**checkout_args())

    assert checkout.status == "open"
    assert (checkout.amount, checkout.currency) == (49900, "INR")
    assert checkout.url.startswith(("https://", "http://", "/"))
    assert checkout.metadata["user_id"] == "usr_1" and checkout.metadata["tier"] == "PRO"
    assert gateway.get_checkout(checkout.id) == checkout
    other = gateway.create_checkout(**checkout_args(idempotency_key="upgrade-usr_2-1"))
    assert (other.id, other.url) != (checkout.id, checkout.url) and other.url != checkout.url
    assert gateway.name == harness.name


def test_the_same_idempotency_key_returns_the_same_checkout(harness: Harness):
    gateway = harness.gateway
    first = gateway.create_checkout(**checkout_args())
    again = gateway.create_checkout(**checkout_args())
    other = gateway.create_checkout(**checkout_args(idempotency_key="upgrade-usr_1-2"))

    assert again == first
    assert other.id != first.id


def test_paying_moves_open_to_complete_once(harness: Harness):
    gateway = harness.gateway
    checkout = gateway.create_checkout(**checkout_args())

    harness.pay(checkout.id)
    harness.pay(checkout.id)
    assert gateway.get_checkout(checkout.id).status == "complete"
    assert gateway.expire_checkout(checkout.id).status == "complete"  # a paid checkout stays paid
    assert gateway.get_checkout(checkout.id).status == "complete"


def test_an_expired_checkout_cannot_be_paid(harness: Harness):
    gateway = harness.gateway
    checkout = gateway.create_checkout(**checkout_args())
    assert gateway.expire_checkout(checkout.id).status == "expired"
    assert gateway.expire_checkout(checkout.id).status == "expired"
    harness.pay(checkout.id)
    assert gateway.get_checkout(checkout.id).status == "expired"


@pytest.mark.parametrize("amount", [0, -100, 10.5, "100", None])
def test_the_amount_must_be_a_positive_integer(harness: Harness, amount):
    with pytest.raises(ValueError):
        harness.gateway.create_checkout(**checkout_args(amount=amount))


def test_unknown_checkouts_are_a_lookup_error(harness: Harness):
    for call in (harness.gateway.get_checkout, harness.gateway.expire_checkout):
        with pytest.raises(LookupError):
            call("cs_test_404")


# -- sandbox only -------------------------------------------------------------------------
@pytest.fixture
def gateway():
    return SandboxPaymentGateway(SequentialIds(), base_url="https://app.test/sandbox/checkout/")


def test_the_sandbox_serves_its_own_checkout_page(gateway):
    checkout = gateway.create_checkout(**checkout_args())
    assert checkout.url == f"https://app.test/sandbox/checkout/{checkout.id}"


def test_the_sandbox_answers_a_reused_key_with_the_first_checkout(gateway):
    first = gateway.create_checkout(**checkout_args())
    again = gateway.create_checkout(**checkout_args(amount=100))
    assert again.id == first.id and again.amount == 49900
    assert len(gateway.checkouts) == 1


def test_the_sandbox_keeps_refused_amounts_out(gateway):
    with pytest.raises(ValueError):
        gateway.create_checkout(**checkout_args(amount=0))
    assert gateway.checkouts == {}


def test_unknown_checkouts_are_refused_by_the_sandbox(gateway):
    with pytest.raises(UnknownCheckout):
        gateway.get_checkout("cs_sandbox_404")
    with pytest.raises(LookupError):
        gateway.complete("cs_sandbox_404")
