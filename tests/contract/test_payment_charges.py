"""The payment gateway port's off-session charges and rescheduling, on every adapter."""

from datetime import UTC, datetime

import pytest

from ownverso.adapters.ids import SequentialIds
from ownverso.adapters.sandbox_payments import SandboxPaymentGateway
from tests.contract.gateway_harness import Harness, saved_card


def charge(gateway, key="renew:sub_1:2026-12-01", customer="usr_1", amount=500):
    return gateway.charge(customer_ref=customer, amount=amount, currency="inr",
                          description="Gold, monthly", metadata={"subscription_id": "sub_1"},
                          idempotency_key=key)


def test_a_charge_on_the_saved_card_succeeds_and_says_what_it_took(harness: Harness):
    saved_card(harness, "usr_1")
    made = charge(harness.gateway)
    assert made.succeeded and made.failure_code is None
    assert (made.amount, made.currency) == (500, "INR") and made.id


def test_the_same_key_answers_the_first_charge(harness: Harness):
    saved_card(harness, "usr_1")
    first = charge(harness.gateway)
    assert charge(harness.gateway) == first
    assert charge(harness.gateway, key="renew:sub_1:2027-01-01").id != first.id


def test_a_declined_card_is_a_failed_charge_not_an_error(harness: Harness):
    saved_card(harness, "usr_2")
    harness.decline("usr_2")
    failed = charge(harness.gateway, customer="usr_2", key="k2")
    assert not failed.succeeded and failed.failure_code == "card_declined" and failed.id
    assert charge(harness.gateway, customer="usr_2", key="k2") == failed  # a retry
    harness.decline("usr_2", on=False)
    assert charge(harness.gateway, customer="usr_2", key="k3").succeeded


def test_one_customers_decline_leaves_the_others_alone(harness: Harness):
    saved_card(harness, "usr_1")
    saved_card(harness, "usr_2")
    harness.decline("usr_2")
    assert charge(harness.gateway, customer="usr_1", key="k1").succeeded


@pytest.mark.parametrize("amount", [0, -1, 1.5])
def test_amounts_are_positive_integers(harness: Harness, amount):
    saved_card(harness, "usr_1")
    with pytest.raises(ValueError):
        charge(harness.gateway, amount=amount)


def test_reschedule_moves_the_next_charge(harness: Harness):
    plan_id = harness.gateway.sync_plan(plan_key="tier_1:MONTHLY", name="Gold", amount=500,
                                        currency="inr", interval="month")
    saved_card(harness, "usr_1")
    subscription = harness.subscription("usr_1", plan_id)
    at = datetime(2027, 3, 1, tzinfo=UTC)

    harness.gateway.reschedule(subscription_ref=subscription, next_charge_at=at)
    assert harness.next_charge_at(subscription) == at
    later = datetime(2027, 5, 1, tzinfo=UTC)
    harness.gateway.reschedule(subscription_ref=subscription, next_charge_at=later)
    assert harness.next_charge_at(subscription) == later


# -- sandbox only -------------------------------------------------------------------------
def test_the_sandbox_charges_any_customer_and_answers_a_reused_key_with_the_first():
    gateway = SandboxPaymentGateway(SequentialIds())
    first = charge(gateway, customer="usr_9")
    assert first.succeeded
    assert charge(gateway, customer="usr_9", amount=900).id == first.id
