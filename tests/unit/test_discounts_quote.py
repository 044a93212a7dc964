"""Quoting a discount code: every refusal code, every kind by duration, rounding, clamping,
caps and per-reader limits at the boundary, and the half-open validity window."""

from datetime import UTC, datetime, timedelta

import pytest

from ownverso.domain.errors import RuleViolation
from ownverso.domain.memberships.discount_values import Quote, TargetKind
from ownverso.domain.memberships.discounts import DiscountCode, quote

NOW = datetime(2026, 1, 1, tzinfo=UTC)


def make(**fields) -> DiscountCode:
    values = {"id": "dc_1", "site_id": "site_1", "code": "SAVE", "kind": "PERCENT",
              "value": 10, "per_reader_limit": None}
    return DiscountCode.create(now=NOW, **{**values, **fields})


def ask(code: DiscountCode, **overrides) -> Quote:
    values = {"target_kind": "TIER", "target_id": "tier_1", "billing_cycle": "MONTHLY",
              "amount": 1000, "currency": "USD", "now": NOW, "reader_redemptions": 0,
              "is_first_time": True}
    return quote(code, **{**values, **overrides})


def refused(error: str, code: DiscountCode, **overrides) -> None:
    with pytest.raises(RuleViolation) as caught:
        ask(code, **overrides)
    assert caught.value.code == error
    assert caught.value.fields


# -- refusals -----------------------------------------------------------------------------
def test_inactive_codes_are_refused():
    refused("code_inactive", make(is_active=False))


def test_validity_window_is_from_inclusive_until_exclusive():
    code = make(valid_from=NOW, valid_until=NOW + timedelta(days=7))
    refused("code_not_started", code, now=NOW - timedelta(microseconds=1))
    assert ask(code, now=NOW).discount_amount == 100
    assert ask(code, now=NOW + timedelta(days=7, microseconds=-1)).discount_amount == 100
    refused("code_expired", code, now=NOW + timedelta(days=7))


def test_open_ended_windows():
    assert ask(make(valid_until=NOW + timedelta(days=1)), now=NOW - timedelta(days=999))
    assert ask(make(valid_from=NOW), now=NOW + timedelta(days=9999))


def test_the_cap_is_reached_at_exactly_max_redemptions():
    code = make(max_redemptions=5, redemption_count=4)
    assert ask(code).final_amount == 900
    code.redeem(NOW)
    refused("code_exhausted", code)


def test_the_per_reader_limit_at_the_boundary():
    code = make(per_reader_limit=2)
    assert ask(code, reader_redemptions=1).final_amount == 900
    refused("reader_limit_reached", code, reader_redemptions=2)
    refused("reader_limit_reached", make(per_reader_limit=1), reader_redemptions=1)
    assert ask(make(per_reader_limit=None), reader_redemptions=1000)


def test_first_time_only():
    code = make(first_time_only=True)
    refused("first_time_only", code, is_first_time=False)
    assert ask(code, is_first_time=True)
    assert ask(make(), is_first_time=False)


def test_chosen_tiers_only():
    code = make(applies_to="TIERS", target_ids=["tier_1", "tier_2"])
    assert ask(code, target_id="tier_2")
    refused("not_applicable", code, target_id="tier_3")
    refused("not_applicable", code, target_kind="PRODUCT", target_id="tier_1",
            billing_cycle=None)


@pytest.mark.parametrize(("applies_to", "kind"), [("PRODUCTS", "PRODUCT"),
                                                  ("CHAPTERS", "CHAPTER")])
def test_chosen_products_and_chapters_only(applies_to, kind):
    code = make(applies_to=applies_to, target_ids=["x_1"])
    q = ask(code, target_kind=kind, target_id="x_1", billing_cycle=None)
    assert (q.final_amount, q.discount_months) == (900, 1)
    refused("not_applicable", code, target_kind=kind, target_id="x_2", billing_cycle=None)
    refused("not_applicable", code, target_id="x_1")  # a tier with the same id


def test_all_applies_to_every_target_kind():
    code = make()
    for kind in TargetKind:
        assert ask(code, target_kind=kind, target_id="any").final_amount == 900


def test_billing_cycles_limit_subscriptions():
    code = make(billing_cycles=["ANNUAL"])
    assert ask(code, billing_cycle="ANNUAL")
    refused("not_applicable", code, billing_cycle="MONTHLY")
    refused("not_applicable", code, billing_cycle=None)
    assert ask(make(billing_cycles=[]), billing_cycle="ANNUAL")


@pytest.mark.parametrize("kind", ["FREE_MONTHS", "TRIAL_DAYS"])
def test_grant_kinds_refuse_one_off_purchases(kind):
    refused("not_applicable", make(kind=kind, value=1), target_kind="CHAPTER",
            billing_cycle=None)


def test_fixed_amount_in_another_currency_is_refused():
    code = make(kind="FIXED_AMOUNT", value=200, currency="USD")
    refused("currency_mismatch", code, currency="EUR")
    assert ask(code, currency="usd").final_amount == 800


def test_minimum_amount_is_inclusive():
    code = make(minimum_amount=500)
    assert ask(code, amount=500).final_amount == 450
    refused("below_minimum_amount", code, amount=499)


def test_minimum_amount_with_a_currency_is_checked_in_it():
    refused("currency_mismatch", make(minimum_amount=500, currency="USD"), currency="INR")


def test_refusals_come_in_a_stable_order():
    code = make(is_active=False, max_redemptions=1, redemption_count=1, first_time_only=True)
    refused("code_inactive", code, is_first_time=False)
    code.update(now=NOW, is_active=True)
    refused("code_exhausted", code, is_first_time=False)


@pytest.mark.parametrize("amount", [-1, 1.5, True])
def test_amounts_are_whole_and_not_negative(amount):
    refused("invalid_amount", make(), amount=amount)


@pytest.mark.parametrize(("target_kind", "cycle"), [("SERIES", "MONTHLY"), ("TIER", "WEEKLY")])
def test_unknown_target_kinds_and_cycles_are_refused(target_kind, cycle):
    refused("invalid_target", make(), target_kind=target_kind, billing_cycle=cycle)


# -- pricing ------------------------------------------------------------------------------
@pytest.mark.parametrize(("percent", "amount", "discount"), [
    (33, 999, 329), (10, 999, 99), (1, 99, 0), (50, 1, 0), (99, 1000, 990),
    (100, 999, 999), (15, 0, 0), (33, 3, 0), (34, 3, 1)])
def test_percent_discounts_round_down(percent, amount, discount):
    q = ask(make(value=percent), amount=amount)
    assert (q.original_amount, q.discount_amount, q.final_amount) == \
        (amount, discount, amount - discount)


def test_fixed_amount_larger_than_the_price_makes_it_zero():
    q = ask(make(kind="FIXED_AMOUNT", value=5000, currency="USD"), amount=1200)
    assert (q.discount_amount, q.final_amount) == (1200, 0)
    q = ask(make(kind="FIXED_AMOUNT", value=1200, currency="USD"), amount=1200)
    assert q.final_amount == 0


@pytest.mark.parametrize(("duration", "months", "expected"), [
    ("ONCE", None, 1), ("REPEATING", 3, 3), ("REPEATING", 36, 36), ("FOREVER", None, None)])
@pytest.mark.parametrize(("kind", "value", "currency", "discount"), [
    ("PERCENT", 25, None, 250), ("FIXED_AMOUNT", 300, "USD", 300)])
def test_price_kinds_by_duration(duration, months, expected, kind, value, currency,
                                 discount):
    code = make(kind=kind, value=value, currency=currency, duration=duration,
                duration_months=months)
    q = ask(code)
    assert q == Quote(original_amount=1000, discount_amount=discount,
                      final_amount=1000 - discount, free_months=0, extra_trial_days=0,
                      discount_months=expected, reason=q.reason)
    assert q.reason


def test_free_months_grant_time_and_lower_no_price():
    q = ask(make(kind="FREE_MONTHS", value=3))
    assert (q.free_months, q.extra_trial_days, q.discount_amount, q.final_amount,
            q.discount_months) == (3, 0, 0, 1000, 0)


def test_trial_days_grant_time_and_lower_no_price():
    q = ask(make(kind="TRIAL_DAYS", value=14))
    assert (q.free_months, q.extra_trial_days, q.discount_amount, q.final_amount,
            q.discount_months) == (0, 14, 0, 1000, 0)


@pytest.mark.parametrize("kind", ["FREE_MONTHS", "TRIAL_DAYS"])
@pytest.mark.parametrize("duration", ["REPEATING", "FOREVER"])
def test_grant_kinds_with_recurring_durations_cannot_be_defined(kind, duration):
    with pytest.raises(RuleViolation) as caught:
        make(kind=kind, value=1, duration=duration,
             duration_months=2 if duration == "REPEATING" else None)
    assert caught.value.code == "invalid_duration"


def test_the_quote_is_frozen():
    q = ask(make())
    with pytest.raises(AttributeError):
        q.final_amount = 0
