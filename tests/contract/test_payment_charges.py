"""The payment gateway port's off-session charges and rescheduling, on every adapter."""

from datetime import UTC, datetime

import pytest

from ownverso.adapters.ids import SequentialIds
from ownverso.adapters.sandbox_payments import SandboxPaymentGateway


@pytest.fixture(params=["sandbox"])
def gateway(request):
    return SandboxPaymentGateway(SequentialIds())


def charge(gateway, key="renew:sub_1:2026-12-01", customer="usr_1", amount=500):
    return gateway.charge(customer_ref=customer, amount=amount, currency="inr",
                          description="Gold, monthly", metadata={"subscription_id": "sub_1"},
                          idempotency_key=key)


def test_a_charge_succeeds_and_says_what_it_took(gateway):
    made = charge(gateway)
    assert made.succeeded and (made.amount, made.currency) == (500, "INR")


def test_the_same_key_answers_the_first_charge(gateway):
    first = charge(gateway)
    assert charge(gateway, amount=900).id == first.id
    assert charge(gateway, key="renew:sub_1:2027-01-01").id != first.id


def test_a_declined_card_is_a_failed_charge_not_an_error(gateway):
    gateway.decline("usr_2")
    failed = charge(gateway, customer="usr_2", key="k2")
    assert not failed.succeeded and failed.failure_code == "card_declined"
    gateway.decline("usr_2", False)
    assert charge(gateway, customer="usr_2", key="k3").succeeded


@pytest.mark.parametrize("amount", [0, -1, 1.5])
def test_amounts_are_positive_integers(gateway, amount):
    with pytest.raises(ValueError):
        charge(gateway, amount=amount)


def test_reschedule_records_the_next_charge(gateway):
    at = datetime(2027, 3, 1, tzinfo=UTC)
    gateway.reschedule(subscription_ref="sub_1", next_charge_at=at)
    assert gateway.schedules["sub_1"] == at
