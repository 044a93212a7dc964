"""The payment gateway port's gateway-billed subscriptions, on every adapter: a paid
subscription's renewals handed to the gateway (started on the card saved at checkout, nothing
charged now), read back, moved to another plan, cancelled, paused and resumed."""

from datetime import UTC, datetime, timedelta

import pytest

from ownverso.services.ports.payments import GatewaySubscription
from tests.contract.gateway_harness import Harness, saved_card


def soon(days: int) -> datetime:
    """A future instant in whole seconds (what every gateway keeps)."""
    return datetime.now(UTC).replace(microsecond=0) + timedelta(days=days)


def plan(harness: Harness, key: str = "tier_1:MONTHLY", amount: int = 500) -> str:
    return harness.gateway.sync_plan(plan_key=key, name=key, amount=amount, currency="inr",
                                     interval="month")


def start(harness: Harness, plan_id: str, *, customer: str = "usr_1", key: str = "start:1",
          at: datetime | None = None) -> GatewaySubscription:
    return harness.gateway.start_subscription(
        customer_ref=customer, plan_id=plan_id, first_charge_at=at or soon(30),
        metadata={"subscription_id": "sub_1"}, idempotency_key=key)


@pytest.fixture
def started(harness: Harness) -> GatewaySubscription:
    """usr_1 paid a checkout with a saved card; their subscription starts billing in 30 days."""
    saved_card(harness, "usr_1")
    return start(harness, plan(harness))


def test_start_bills_from_the_first_charge_and_charges_nothing_now(harness: Harness):
    plan_id = plan(harness)
    saved_card(harness, "usr_1")
    took = harness.payments_taken()
    at = soon(30)
    made = start(harness, plan_id, at=at)
    assert isinstance(made, GatewaySubscription) and made.id
    assert (made.plan_id, made.status, made.current_period_end, made.cancel_at_period_end) \
        == (plan_id, "active", at, False)
    assert harness.payments_taken() == took


def test_the_same_key_answers_the_same_subscription(harness: Harness):
    plan_id = plan(harness)
    saved_card(harness, "usr_1")
    at = soon(30)  # one instant: a retry repeats its arguments exactly
    first = start(harness, plan_id, at=at)
    assert start(harness, plan_id, at=at).id == first.id
    assert start(harness, plan_id, key="start:2", at=at).id != first.id


def test_a_subscription_is_read_back_and_an_unknown_one_is_not(
        harness: Harness, started: GatewaySubscription):
    assert harness.gateway.get_subscription(started.id) == started
    with pytest.raises(LookupError):
        harness.gateway.get_subscription("sub_nope")
    with pytest.raises(LookupError):
        harness.gateway.cancel_subscription(subscription_ref="sub_nope", at_period_end=False)


def test_no_saved_card_an_unknown_plan_or_a_naive_or_past_date_is_refused(harness: Harness):
    plan_id = plan(harness)
    with pytest.raises(ValueError):
        start(harness, plan_id, customer="usr_without_card")
    saved_card(harness, "usr_1")
    with pytest.raises(ValueError):
        start(harness, plan_id, at=datetime(2027, 3, 1))  # naive
    with pytest.raises(ValueError):
        start(harness, plan_id, at=datetime(2020, 3, 1, tzinfo=UTC))
    with pytest.raises(ValueError):
        start(harness, "plan_nope", key="start:2")


def test_a_plan_change_keeps_the_next_charge(harness: Harness, started: GatewaySubscription):
    gold = plan(harness, key="tier_2:MONTHLY", amount=900)
    changed = harness.gateway.change_subscription_plan(subscription_ref=started.id,
                                                       plan_id=gold)
    assert (changed.id, changed.plan_id, changed.status) == (started.id, gold, "active")
    assert changed.current_period_end == started.current_period_end
    assert harness.gateway.get_subscription(started.id) == changed


def test_a_cancel_at_period_end_keeps_it_active_until_resumed(
        harness: Harness, started: GatewaySubscription):
    gateway = harness.gateway
    ending = gateway.cancel_subscription(subscription_ref=started.id, at_period_end=True)
    assert (ending.status, ending.cancel_at_period_end) == ("active", True)
    assert ending.current_period_end == started.current_period_end
    assert gateway.get_subscription(started.id) == ending
    resumed = gateway.resume_subscription(subscription_ref=started.id)
    assert (resumed.status, resumed.cancel_at_period_end) == ("active", False)
    assert resumed.current_period_end == started.current_period_end


def test_a_cancel_now_ends_it_for_good(harness: Harness, started: GatewaySubscription):
    gateway = harness.gateway
    ended = gateway.cancel_subscription(subscription_ref=started.id, at_period_end=False)
    assert (ended.status, ended.current_period_end) == ("canceled", None)
    again = gateway.cancel_subscription(subscription_ref=started.id, at_period_end=False)
    assert (again.id, again.status) == (started.id, "canceled")
    assert gateway.get_subscription(started.id).status == "canceled"
    with pytest.raises(ValueError):
        gateway.resume_subscription(subscription_ref=started.id)


def test_a_pause_stops_charges_until_it_ends(harness: Harness, started: GatewaySubscription):
    gateway = harness.gateway
    until = soon(60)
    paused = gateway.pause_subscription(subscription_ref=started.id, resume_at=until)
    assert (paused.status, paused.current_period_end) == ("paused", until)
    assert gateway.get_subscription(started.id) == paused
    resumed = gateway.resume_subscription(subscription_ref=started.id)
    assert (resumed.status, resumed.cancel_at_period_end) == ("active", False)


def test_reschedule_moves_the_next_charge_read_back(harness: Harness,
                                                    started: GatewaySubscription):
    later = soon(75)
    harness.gateway.reschedule(subscription_ref=started.id, next_charge_at=later)
    assert harness.gateway.get_subscription(started.id).current_period_end == later
    assert harness.next_charge_at(started.id) == later
