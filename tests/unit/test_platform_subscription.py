"""The platform subscription's state machine and money rules, in integers."""

from datetime import UTC, datetime, timedelta

import pytest

from ownverso.domain.accounts.tiers import PlatformTier as T
from ownverso.domain.billing.platform_subscription import (
    HistoryKind,
    PlanCycle,
    PlatformSubscription,
    PlatformSubscriptionStatus,
    is_upgrade,
    price,
    reward_discount,
)
from ownverso.domain.errors import InvalidTransition

M, A, L = PlanCycle.MONTHLY, PlanCycle.ANNUAL, PlanCycle.LIFETIME
JAN_31 = datetime(2026, 1, 31, 8, tzinfo=UTC)


def paid(tier: T = T.STARTER, cycle: PlanCycle = M, at: datetime = JAN_31
         ) -> PlatformSubscription:
    sub = PlatformSubscription.new(id="psub_1", user_id="usr_1", now=at)
    sub.start_paid(tier, cycle, at)
    sub.history.clear()
    return sub


def kinds(sub: PlatformSubscription) -> list[HistoryKind]:
    return [entry.kind for entry in sub.history]


def test_prices_are_integers_with_annual_ten_months_and_lifetime_thirty():
    assert price(T.FREE, M) == 0
    assert (price(T.STARTER, M), price(T.STARTER, A), price(T.STARTER, L)) == \
        (499_00, 4990_00, 14970_00)
    assert price(T.ENTERPRISE, M) == 9999_00


def test_what_counts_as_an_upgrade():
    assert is_upgrade((T.STARTER, M), (T.GROWTH, M))
    assert is_upgrade((T.STARTER, M), (T.STARTER, A))
    assert is_upgrade((T.STARTER, M), (T.GROWTH, A))
    assert not is_upgrade((T.GROWTH, A), (T.PROFESSIONAL, M))  # a shorter cycle waits
    assert not is_upgrade((T.GROWTH, M), (T.STARTER, M))
    assert not is_upgrade((T.GROWTH, M), (T.GROWTH, M))


def test_starting_from_free_opens_a_period_that_keeps_its_day():
    sub = paid()
    assert (sub.tier, sub.price, sub.status) == (T.STARTER, 499_00,
                                                 PlatformSubscriptionStatus.ACTIVE)
    assert sub.current_period_end == datetime(2026, 2, 28, 8, tzinfo=UTC)
    sub.renew(datetime(2026, 2, 28, 9, tzinfo=UTC))
    assert sub.current_period_end == datetime(2026, 3, 31, 8, tzinfo=UTC)  # back to the 31st


def test_same_cycle_upgrade_is_prorated_half_up_and_keeps_the_period():
    start = datetime(2026, 3, 1, tzinfo=UTC)
    sub = paid(at=start)  # March: 31 days
    now = start + timedelta(days=10)  # 21 of 31 days left
    quote = sub.upgrade(T.GROWTH, M, now)
    assert quote.amount == (2 * 1000_00 * 21 + 31) // (2 * 31) == 677_42
    assert (sub.tier, sub.price, sub.current_period_start) == (T.GROWTH, 1499_00, start)
    assert kinds(sub) == [HistoryKind.UPGRADED]


def test_a_longer_cycle_starts_now_and_credits_the_unused_part():
    start = datetime(2026, 3, 1, tzinfo=UTC)
    sub = paid(at=start)
    now = start + timedelta(days=31) - timedelta(days=31) / 4  # a quarter left
    quote = sub.quote(T.STARTER, A, now)
    assert (quote.upgrade, quote.new_period, quote.amount) == (True, True, 4990_00 - 124_75)
    sub.upgrade(T.STARTER, A, now)
    assert sub.current_period_start == now
    assert sub.current_period_end == now.replace(year=2027)


def test_downgrade_waits_for_the_period_end_and_the_current_plan_drops_it():
    sub = paid(T.GROWTH)
    now = JAN_31 + timedelta(days=3)
    sub.schedule_change(T.STARTER, M, now)
    assert (sub.tier, sub.pending_tier) == (T.GROWTH, T.STARTER)
    sub.schedule_change(T.GROWTH, M, now)
    assert sub.pending_tier is None
    sub.schedule_change(T.STARTER, M, now)
    with pytest.raises(InvalidTransition):
        sub.renew(now)  # not due yet
    sub.renew(datetime(2026, 2, 28, 8, tzinfo=UTC))
    assert (sub.tier, sub.price, sub.pending_tier) == (T.STARTER, 499_00, None)
    assert kinds(sub) == [HistoryKind.DOWNGRADE_SCHEDULED, HistoryKind.CHANGE_CANCELLED,
                          HistoryKind.DOWNGRADE_SCHEDULED, HistoryKind.DOWNGRADED,
                          HistoryKind.RENEWED]


def test_cancel_keeps_the_plan_then_ends_at_free():
    sub = paid()
    sub.cancel(JAN_31 + timedelta(days=1))
    assert sub.status == PlatformSubscriptionStatus.CANCELLED and sub.tier == T.STARTER
    assert sub.next_plan() == (T.FREE, M)
    with pytest.raises(InvalidTransition):
        sub.end(JAN_31 + timedelta(days=2))
    sub.end(datetime(2026, 2, 28, 8, tzinfo=UTC))
    assert (sub.tier, sub.price, sub.current_period_end, sub.status) == \
        (T.FREE, 0, None, PlatformSubscriptionStatus.ACTIVE)
    with pytest.raises(InvalidTransition) as refused:
        sub.cancel(datetime(2026, 3, 1, tzinfo=UTC))
    assert refused.value.code == "nothing_to_cancel"


def test_a_declined_renewal_is_past_due_for_three_days_then_free():
    sub = paid()
    due = datetime(2026, 2, 28, 9, tzinfo=UTC)
    sub.payment_failed(due)
    assert (sub.status, sub.grace_ends_at) == (PlatformSubscriptionStatus.PAST_DUE,
                                               due + timedelta(days=3))
    with pytest.raises(InvalidTransition) as refused:
        sub.quote(T.GROWTH, M, due)
    assert refused.value.code == "subscription_past_due"
    with pytest.raises(InvalidTransition):
        sub.end(due + timedelta(days=2))
    sub.end(due + timedelta(days=3))
    assert sub.tier == T.FREE and kinds(sub)[-1] == HistoryKind.EXPIRED


def test_paying_within_grace_renews_from_the_old_period_end():
    sub = paid()
    due = datetime(2026, 2, 28, 9, tzinfo=UTC)
    sub.payment_failed(due)
    sub.renew(due + timedelta(days=1))
    assert sub.status == PlatformSubscriptionStatus.ACTIVE and sub.grace_ends_at is None
    assert sub.current_period_start == datetime(2026, 2, 28, 8, tzinfo=UTC)
    assert HistoryKind.RECOVERED in kinds(sub)


def test_reward_months_are_worth_a_monthly_price_each():
    assert reward_discount(1, T.STARTER, 499_00) == (499_00, 1)  # a free month: 100%
    assert reward_discount(3, T.STARTER, 499_00) == (499_00, 1)  # one used at a time
    assert reward_discount(2, T.GROWTH, 14990_00) == (2998_00, 2)  # annual: two off
    assert reward_discount(0, T.GROWTH, 1499_00) == (0, 0)
    sub = paid()
    sub.renew(datetime(2026, 2, 28, 9, tzinfo=UTC), reward_months=1)
    assert kinds(sub) == [HistoryKind.REWARD_APPLIED, HistoryKind.RENEWED]


def test_lifetime_only_moves_up_to_a_higher_lifetime_and_cannot_cancel():
    sub = paid(T.STARTER, L)
    assert sub.current_period_end is None and not sub.renewal_due(JAN_31 + timedelta(days=900))
    with pytest.raises(InvalidTransition) as refused:
        sub.quote(T.GROWTH, M, JAN_31)
    assert refused.value.code == "lifetime_plan"
    with pytest.raises(InvalidTransition):
        sub.cancel(JAN_31)
    quote = sub.upgrade(T.GROWTH, L, JAN_31)
    assert quote.amount == price(T.GROWTH, L) - price(T.STARTER, L)


def test_the_platform_gateway_is_the_sandbox_unless_a_platform_stripe_key_is_set():
    from ownverso.adapters.stripe_payments import StripePaymentGateway
    from ownverso.container import build_container

    embedded = build_container(env="test")
    assert embedded.platform_payments() is embedded.payment_gateway()
    live = build_container(env="test", platform_stripe_secret_key="sk_test_platform")
    assert isinstance(live.platform_payments(), StripePaymentGateway)
    assert live.platform_subscription_billing().payments is live.platform_payments()
