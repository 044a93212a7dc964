"""The payment gateway port's plans, on every adapter: ``sync_plan`` answers one plan id per
plan key and the gateway holds what was synced last."""

import pytest

from tests.contract.gateway_harness import Harness


def sync(harness: Harness, key="tier_1:MONTHLY", amount=500, interval="month", name="Gold"):
    return harness.gateway.sync_plan(plan_key=key, name=name, amount=amount, currency="usd",
                                     interval=interval)


def test_a_plan_key_keeps_its_id_when_synced_again(harness: Harness):
    first = sync(harness)
    assert isinstance(first, str) and first
    assert sync(harness) == first
    assert sync(harness, amount=700) == first


def test_different_keys_get_different_plans(harness: Harness):
    assert sync(harness, key="tier_1:MONTHLY") != sync(harness, key="tier_1:ANNUAL",
                                                         interval="year")


def test_the_gateway_holds_the_latest_plan(harness: Harness):
    plan_id = sync(harness)
    assert harness.plan(plan_id) == {"plan_key": "tier_1:MONTHLY", "name": "Gold",
                                     "amount": 500, "currency": "USD", "interval": "month"}
    sync(harness, amount=900, name="Gold+")
    assert harness.plan(plan_id) == {"plan_key": "tier_1:MONTHLY", "name": "Gold+",
                                     "amount": 900, "currency": "USD", "interval": "month"}
    sync(harness, amount=900, interval="year")
    assert harness.plan(plan_id)["interval"] == "year"


def test_a_free_plan_is_a_plan(harness: Harness):
    assert harness.plan(sync(harness, amount=0))["amount"] == 0


@pytest.mark.parametrize("amount", [-1, 1.5, "500"])
def test_amounts_are_whole_numbers(harness: Harness, amount):
    with pytest.raises(ValueError):
        sync(harness, amount=amount)
