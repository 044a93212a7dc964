"""The payment gateway port's plans: ``sync_plan`` answers one plan id per plan key."""

import pytest

from ownverso.adapters.ids import SequentialIds
from ownverso.adapters.sandbox_payments import SandboxPaymentGateway


@pytest.fixture(params=["sandbox"])
def gateway(request):
    return SandboxPaymentGateway(SequentialIds())


def sync(gateway, key="tier_1:MONTHLY", amount=500, interval="month"):
    return gateway.sync_plan(plan_key=key, name="Gold", amount=amount, currency="usd",
                             interval=interval)


def test_a_plan_key_keeps_its_id_when_synced_again(gateway):
    first = sync(gateway)
    assert isinstance(first, str) and first
    assert sync(gateway, amount=700) == first


def test_different_keys_get_different_plans(gateway):
    assert sync(gateway, key="tier_1:MONTHLY") != sync(gateway, key="tier_1:ANNUAL",
                                                         interval="year")


def test_the_sandbox_records_the_latest_plan(gateway):
    plan_id = sync(gateway)
    sync(gateway, amount=900)
    assert gateway.plans[plan_id] == {"plan_key": "tier_1:MONTHLY", "name": "Gold",
                                      "amount": 900, "currency": "USD", "interval": "month"}


def test_negative_amounts_are_refused(gateway):
    with pytest.raises(ValueError):
        sync(gateway, amount=-1)
