"""A gateway-billed subscription following the gateway's lifecycle facts in any order."""

from datetime import UTC, datetime, timedelta
from itertools import permutations

import pytest

from ownverso.domain.access.inputs import SubscriptionStatus as S
from ownverso.domain.memberships.gateway_sync import GatewaySubscriptionFact, follow_gateway
from ownverso.domain.memberships.subscription import Subscription

T0 = datetime(2026, 1, 10, 9, 0, tzinfo=UTC)
NOW = T0 + timedelta(days=90)
T1, T2, T3, T4, T5 = (T0 + timedelta(hours=h) for h in (1, 2, 3, 4, 5))
PE1, PE2, PE3 = (T0 + timedelta(days=d) for d in (40, 71, 102))


def fresh() -> Subscription:
    """Started by our checkout (period end T0 + 1 month, before PE1), billed by Stripe."""
    sub = Subscription(id="sub_1", reader_id="usr_r", site_id="site_1", tier_id="tier_b",
                       price_at_purchase=500, original_price=500, currency="USD",
                       gateway="stripe", gateway_subscription_id="sub_1QxYz")
    sub.start(now=T0)
    return sub


def status(value: str, at: datetime, period_end: datetime | None = None
           ) -> GatewaySubscriptionFact:
    return GatewaySubscriptionFact(kind="subscription", status=value, period_end=period_end,
                                   occurred_at=at)


def paid(at: datetime, period_end: datetime | None = None) -> GatewaySubscriptionFact:
    return GatewaySubscriptionFact(kind="invoice_paid", period_end=period_end, occurred_at=at)


def failed(at: datetime) -> GatewaySubscriptionFact:
    return GatewaySubscriptionFact(kind="invoice_failed", occurred_at=at)


def state(sub: Subscription) -> tuple:
    return (sub.status, sub.current_period_end, sub.gateway_synced_at, sub.grace_ends_at,
            sub.is_trialing, sub.trial_ends_at, sub.paused_at, sub.expires_at, sub.live_slot,
            sub.auto_renew, sub.updated_at)


def follow_all(facts) -> Subscription:
    sub = fresh()
    for fact in facts:
        follow_gateway(sub, fact, now=NOW)
    return sub


def test_every_order_of_a_deleted_subscriptions_lifecycle_ends_the_same():
    lifecycle = [status("active", T1, PE1), status("active", T2, PE1), paid(T3, PE2),
                 failed(T4), status("canceled", T5)]
    for duplicated in lifecycle:
        ends = {state(follow_all(order))
                for order in permutations([*lifecycle, duplicated])}
        assert len(ends) == 1
        sub = follow_all([*lifecycle, duplicated])
        assert (sub.status, sub.current_period_end, sub.gateway_synced_at) == (S.EXPIRED, PE2, T5)
        assert (sub.expires_at, sub.live_slot, sub.grace_ends_at) == (T5, None, None)
        assert not sub.is_live(T5)


def test_every_order_of_a_recovered_payment_ends_active_to_the_last_paid_period():
    lifecycle = [status("active", T1, PE1), paid(T2, PE2), failed(T3), paid(T4, PE3)]
    ends = {state(follow_all(order)) for order in permutations(lifecycle)}
    assert len(ends) == 1
    sub = follow_all(lifecycle)
    assert (sub.status, sub.current_period_end, sub.gateway_synced_at) == (S.ACTIVE, PE3, T4)
    assert sub.grace_ends_at is None


def test_an_ended_subscription_is_never_brought_back():
    sub = fresh()
    follow_gateway(sub, status("canceled", T2), now=NOW)
    assert follow_gateway(sub, status("active", T3, PE2), now=NOW)  # the period end moves
    follow_gateway(sub, paid(T4), now=NOW)
    assert (sub.status, sub.current_period_end, sub.expires_at) == (S.EXPIRED, PE2, T2)
    assert sub.gateway_synced_at == T4


def test_a_deletion_older_than_the_last_status_still_ends_it():
    sub = fresh()
    follow_gateway(sub, status("active", T3, PE1), now=NOW)
    assert follow_gateway(sub, status("canceled", T1), now=NOW)
    assert (sub.status, sub.expires_at, sub.gateway_synced_at) == (S.EXPIRED, T1, T3)
    assert not sub.auto_renew


def test_two_deletions_end_it_at_the_earlier_in_either_order():
    for first, second in ((T2, T4), (T4, T2)):
        sub = fresh()
        follow_gateway(sub, status("canceled", first), now=NOW)
        follow_gateway(sub, status("canceled", second), now=NOW)
        assert sub.expires_at == T2


def test_the_period_end_never_moves_back():
    sub = fresh()
    follow_gateway(sub, paid(T2, PE2), now=NOW)
    assert not follow_gateway(sub, paid(T2, PE1), now=NOW)
    assert sub.current_period_end == PE2


def test_an_older_fact_moves_the_period_end_but_not_the_status():
    sub = fresh()
    follow_gateway(sub, failed(T3), now=NOW)
    assert follow_gateway(sub, paid(T2, PE2), now=NOW)
    assert (sub.status, sub.current_period_end, sub.gateway_synced_at) == (S.PAST_DUE, PE2, T3)


def test_a_failed_invoice_keeps_access_for_the_grace_after_the_failed_attempt():
    sub = fresh()
    assert follow_gateway(sub, failed(T2), now=NOW, grace_days=5)
    assert (sub.status, sub.grace_ends_at) == (S.PAST_DUE, T2 + timedelta(days=5))
    assert sub.is_live(T2 + timedelta(days=4)) and not sub.is_live(T2 + timedelta(days=5))
    follow_gateway(sub, status("past_due", T4), now=NOW, grace_days=5)
    assert sub.grace_ends_at == T4 + timedelta(days=5)  # the gateway is still retrying


def test_a_paid_invoice_makes_it_active_and_clears_the_grace():
    sub = fresh()
    follow_gateway(sub, failed(T2), now=NOW)
    assert follow_gateway(sub, paid(T3, PE2), now=NOW)
    assert (sub.status, sub.grace_ends_at, sub.current_period_end) == (S.ACTIVE, None, PE2)
    assert sub.updated_at == NOW


def test_a_pause_and_its_resumption_follow_the_gateway():
    sub = fresh()
    follow_gateway(sub, status("paused", T2), now=NOW)
    assert (sub.status, sub.paused_at, sub.pause_ends_at) == (S.PAUSED, T2, None)
    assert not sub.end_pause_if_due(NOW)  # the gateway resumes it, not our job
    follow_gateway(sub, status("active", T3), now=NOW)
    assert (sub.status, sub.paused_at) == (S.ACTIVE, None)


def test_a_gateway_trial_lasts_until_the_gateway_says_otherwise():
    sub = fresh()
    follow_gateway(sub, status("trialing", T1, PE1), now=NOW)
    assert (sub.status, sub.is_trialing, sub.trial_ends_at) == (S.ACTIVE, True, None)
    assert sub.is_live(PE1 + timedelta(days=1))
    follow_gateway(sub, paid(T2, PE2), now=NOW)
    assert not sub.is_trialing


def test_a_trial_and_its_zero_invoice_of_one_instant_end_trialing_in_either_order():
    facts = [status("trialing", T1, PE1), paid(T1, PE1)]
    ends = {state(follow_all(order)) for order in permutations(facts)}
    assert len(ends) == 1
    assert follow_all(facts).is_trialing


def test_a_reader_cancelled_subscription_stays_cancelled_until_the_gateway_deletes_it():
    sub = fresh()
    sub.cancel(now=T1, reason="too_expensive")
    follow_gateway(sub, status("active", T2, PE1), now=NOW)
    assert (sub.status, sub.current_period_end, sub.gateway_synced_at) == (
        S.CANCELLED, PE1, T2)
    follow_gateway(sub, status("canceled", T3), now=NOW)
    assert sub.status == S.EXPIRED


def test_a_duplicate_changes_nothing():
    sub = fresh()
    fact = status("active", T2, PE1)
    assert follow_gateway(sub, fact, now=NOW)
    assert not follow_gateway(sub, fact, now=NOW + timedelta(days=1))
    assert sub.updated_at == NOW


def test_a_subscription_not_started_is_left_to_its_checkout():
    sub = Subscription(id="sub_2", reader_id="usr_r", site_id="site_1", tier_id="tier_b")
    assert not follow_gateway(sub, status("active", T1, PE1), now=NOW)
    assert (sub.status, sub.current_period_end, sub.gateway_synced_at) == (None, None, None)


@pytest.mark.parametrize("fields", [
    {"kind": "refund", "occurred_at": T1},
    {"kind": "subscription", "status": "sleeping", "occurred_at": T1},
    {"kind": "subscription", "status": "active", "occurred_at": T1.replace(tzinfo=None)}])
def test_a_fact_the_rule_cannot_read_is_refused(fields):
    with pytest.raises(ValueError):
        GatewaySubscriptionFact(**fields)
