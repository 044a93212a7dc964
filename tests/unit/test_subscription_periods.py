"""Periods and money: calendar months, years, renewals, upgrade proration and discounts."""

from datetime import UTC, datetime, timedelta

import pytest

from ownverso.domain.memberships import events as ev
from ownverso.domain.memberships.proration import add_cycle, add_months, prorate
from ownverso.domain.memberships.subscription import Subscription
from ownverso.domain.memberships.values import BillingCycle


def at(y, m, d, h=0, mi=0) -> datetime:
    return datetime(y, m, d, h, mi, tzinfo=UTC)


def started(now, cycle=BillingCycle.MONTHLY, price=500, **fields) -> Subscription:
    sub = Subscription(id="sub_1", reader_id="usr_r", site_id="site_1", tier_id="tier_b",
                       billing_cycle=cycle, price_at_purchase=price, original_price=price,
                       **fields)
    sub.start(now=now)
    return sub


@pytest.mark.parametrize(("moment", "months", "anchor", "expected"), [
    (at(2026, 1, 31), 1, None, at(2026, 2, 28)),
    (at(2028, 1, 31), 1, None, at(2028, 2, 29)),  # leap year
    (at(2026, 2, 28), 1, 31, at(2026, 3, 31)),  # the anchor day comes back
    (at(2026, 3, 31), 1, None, at(2026, 4, 30)),
    (at(2026, 1, 15, 10, 30), 1, None, at(2026, 2, 15, 10, 30)),
    (at(2026, 12, 15), 1, None, at(2027, 1, 15)),
    (at(2026, 11, 30), 3, None, at(2027, 2, 28)),
    (at(2028, 2, 29), 12, None, at(2029, 2, 28)),
])
def test_calendar_months_keep_the_day_where_possible(moment, months, anchor, expected):
    assert add_months(moment, months, anchor_day=anchor) == expected


def test_a_cycle_is_a_month_or_a_year():
    assert add_cycle(at(2026, 5, 20), BillingCycle.MONTHLY) == at(2026, 6, 20)
    assert add_cycle(at(2026, 5, 20), BillingCycle.ANNUAL) == at(2027, 5, 20)


def test_monthly_renewals_from_jan_31_return_to_the_31st():
    sub = started(at(2026, 1, 31, 12))
    ends = []
    for _ in range(4):
        sub.renew(now=sub.current_period_end, paid_amount=500)
        ends.append(sub.current_period_end)
    assert sub.current_period_start == at(2026, 5, 31, 12)
    assert ends == [at(2026, 3, 31, 12), at(2026, 4, 30, 12), at(2026, 5, 31, 12),
                    at(2026, 6, 30, 12)]


def test_the_first_period_from_jan_31_ends_on_feb_28_or_29():
    assert started(at(2026, 1, 31)).current_period_end == at(2026, 2, 28)
    assert started(at(2028, 1, 31)).current_period_end == at(2028, 2, 29)


def test_annual_renewal_adds_a_year():
    sub = started(at(2028, 2, 29), BillingCycle.ANNUAL, price=5000)
    assert sub.current_period_end == at(2029, 2, 28)
    sub.renew(now=sub.current_period_end, paid_amount=5000)
    assert sub.current_period_end == at(2030, 2, 28)
    renewed = sub.events[-1]
    assert isinstance(renewed, ev.Renewed) and renewed.paid_amount == 5000


# Monthly Jan 1 -> Feb 1 is 31 days; 500 -> 900 is a difference of 400.
@pytest.mark.parametrize(("now", "charge"), [
    (at(2026, 1, 1), 400),  # day 0: the whole difference
    (at(2026, 1, 16, 12), 200),  # exactly half way
    (at(2026, 1, 31), 13),  # last day: 400 / 31 = 12.9 -> 13
    (at(2026, 1, 31, 23, 59), 0),  # one minute left: 0.009 -> 0
    (at(2026, 2, 1), 0),  # at the end
])
def test_monthly_upgrade_proration(now, charge):
    sub = started(at(2026, 1, 1))
    assert sub.upgrade(tier_id="tier_a", price=900, now=now) == charge
    assert sub.tier_id == "tier_a" and sub.price_at_purchase == sub.original_price == 900
    assert sub.events[-1].charged == charge


# Annual 2026-01-01 -> 2027-01-01 is 365 days; 5000 -> 6200 is a difference of 1200.
@pytest.mark.parametrize(("now", "charge"), [
    (at(2026, 1, 1), 1200),
    (at(2026, 7, 2, 12), 600),  # 182.5 days left of 365
    (at(2026, 12, 31), 3),  # 1200 / 365 = 3.29 -> 3
])
def test_annual_upgrade_proration(now, charge):
    sub = started(at(2026, 1, 1), BillingCycle.ANNUAL, price=5000)
    assert sub.upgrade(tier_id="tier_a", price=6200, now=now) == charge


def test_proration_rounds_half_up_and_never_goes_negative():
    start, end = at(2026, 1, 1), at(2026, 1, 3)
    assert prorate(100, 101, start, end, at(2026, 1, 2)) == 1  # 0.5 -> 1
    assert prorate(100, 103, start, end, at(2026, 1, 2)) == 2  # 1.5 -> 2
    assert prorate(100, 102, start, end, at(2026, 1, 2)) == 1
    assert prorate(500, 300, start, end, start) == 0
    assert prorate(100, 200, start, end, start - timedelta(days=1)) == 100  # clamped
    assert prorate(100, 200, start, start, start) == 0  # empty period


def test_a_scheduled_downgrade_applies_at_renewal():
    sub = started(at(2026, 1, 1))
    sub.downgrade(tier_id="tier_c", price=300, now=at(2026, 1, 10))
    scheduled = sub.events[-1]
    assert isinstance(scheduled, ev.DowngradeScheduled)
    assert scheduled.effective_at == at(2026, 2, 1)
    assert (sub.tier_id, sub.price_at_purchase) == ("tier_b", 500)
    assert sub.facts().tier_id == "tier_b"
    sub.renew(now=at(2026, 2, 1), paid_amount=300)
    assert (sub.tier_id, sub.price_at_purchase, sub.original_price) == ("tier_c", 300, 300)
    assert sub.pending_tier_id is None and sub.pending_change_at is None
    kinds = [type(e) for e in sub.events[-2:]]
    assert kinds == [ev.DowngradeApplied, ev.Renewed]


def test_cancel_drops_a_scheduled_downgrade():
    sub = started(at(2026, 1, 1))
    sub.downgrade(tier_id="tier_c", price=300, now=at(2026, 1, 10))
    sub.cancel(now=at(2026, 1, 11))
    assert sub.pending_tier_id is None


def test_discount_months_decrement_then_the_full_price_returns():
    sub = started(at(2026, 1, 1), price=400, discount_code_id="dc_1",
                  discount_months_remaining=2)
    sub.original_price = 500
    sub.renew(now=at(2026, 2, 1), paid_amount=400)
    assert (sub.discount_months_remaining, sub.price_at_purchase) == (1, 400)
    sub.renew(now=at(2026, 3, 1), paid_amount=400)
    assert (sub.discount_months_remaining, sub.price_at_purchase) == (0, 500)
    sub.renew(now=at(2026, 4, 1), paid_amount=500)
    assert (sub.discount_months_remaining, sub.price_at_purchase) == (0, 500)


def test_a_forever_discount_is_not_decremented():
    sub = started(at(2026, 1, 1), price=400, discount_code_id="dc_1")
    sub.renew(now=at(2026, 2, 1), paid_amount=400)
    assert sub.discount_months_remaining is None and sub.price_at_purchase == 400


def test_renewing_ends_a_trial():
    sub = Subscription(id="s", reader_id="r", site_id="x", tier_id="t",
                       price_at_purchase=500, original_price=500)
    sub.start(now=at(2026, 1, 1), trial_days=7)
    sub.renew(now=at(2026, 1, 8), paid_amount=500)
    assert not sub.is_trialing
    assert (sub.current_period_start, sub.current_period_end) == (at(2026, 1, 8),
                                                                   at(2026, 2, 8))
