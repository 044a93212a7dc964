"""Discount code definitions: normalisation, every definition rule, update and redeem."""

from datetime import UTC, datetime, timedelta

import pytest

from ownverso.domain.errors import RuleViolation
from ownverso.domain.memberships.discount_values import (
    AppliesTo,
    DiscountDuration,
    DiscountKind,
)
from ownverso.domain.memberships.discounts import DiscountCode, normalize_code
from ownverso.domain.memberships.values import BillingCycle

NOW = datetime(2026, 1, 1, tzinfo=UTC)


def make(**fields) -> DiscountCode:
    values = {"id": "dc_1", "site_id": "site_1", "code": "save10", "kind": "PERCENT",
              "value": 10}
    return DiscountCode.create(now=NOW, **{**values, **fields})


def broken(error: str, **fields) -> str:
    with pytest.raises(RuleViolation) as caught:
        make(**fields)
    assert caught.value.code == error
    assert caught.value.fields
    return next(iter(caught.value.fields))


@pytest.mark.parametrize("raw", ["save10", "  Save10 ", "SAVE10", "sAvE10\t"])
def test_normalize_code_is_case_insensitive_and_trimmed(raw):
    assert normalize_code(raw) == "SAVE10"


def test_a_created_code_is_stored_normalised():
    code = make(code="  spring-sale_26 ", billing_cycles=["MONTHLY", "MONTHLY"])
    assert code.code == "SPRING-SALE_26"
    assert code.kind is DiscountKind.PERCENT
    assert code.applies_to is AppliesTo.ALL
    assert code.duration is DiscountDuration.ONCE
    assert code.billing_cycles == [BillingCycle.MONTHLY]
    assert (code.created_at, code.updated_at, code.redemption_count) == (NOW, NOW, 0)
    assert code.per_reader_limit == 1


@pytest.mark.parametrize("raw", ["ab", "x" * 33, "has space", "ÉTÉ10", "a.b.c", "", None])
def test_codes_are_3_to_32_of_letters_digits_underscore_dash(raw):
    assert broken("invalid_code", code=raw) == "code"


@pytest.mark.parametrize("raw", ["abc", "X" * 32])
def test_code_length_boundaries_are_allowed(raw):
    assert make(code=raw).code == raw.upper()


@pytest.mark.parametrize(("kind", "low", "high"), [
    ("PERCENT", 1, 100), ("FREE_MONTHS", 1, 12), ("TRIAL_DAYS", 1, 90)])
def test_value_ranges_per_kind(kind, low, high):
    assert make(kind=kind, value=low).value == low
    assert make(kind=kind, value=high).value == high
    for bad in (low - 1, high + 1, 5.5, "10", True):
        assert broken("invalid_value", kind=kind, value=bad) == "value"


def test_fixed_amount_needs_a_positive_whole_value_and_a_currency():
    code = make(kind="FIXED_AMOUNT", value=250, currency="usd")
    assert (code.value, code.currency) == (250, "USD")
    assert broken("invalid_value", kind="FIXED_AMOUNT", value=0, currency="USD") == "value"
    assert broken("invalid_value", kind="FIXED_AMOUNT", value=1.5, currency="USD") == "value"
    assert broken("invalid_currency", kind="FIXED_AMOUNT", value=100) == "currency"
    assert broken("invalid_currency", kind="FIXED_AMOUNT", value=100,
                  currency="dollars") == "currency"


def test_unknown_kind_target_cycle_and_duration_are_refused():
    assert broken("invalid_kind", kind="BOGO") == "kind"
    assert broken("invalid_applies_to", applies_to="SERIES") == "applies_to"
    assert broken("invalid_applies_to", billing_cycles=["WEEKLY"]) == "applies_to"
    assert broken("invalid_duration", duration="SOMETIMES") == "duration"


def test_target_ids_exactly_when_applying_to_chosen_items():
    assert broken("invalid_target_ids", target_ids=["tier_1"]) == "target_ids"
    for applies_to in ("TIERS", "PRODUCTS", "CHAPTERS"):
        assert broken("invalid_target_ids", applies_to=applies_to) == "target_ids"
    assert broken("invalid_target_ids", applies_to="TIERS", target_ids=[" "]) == "target_ids"
    code = make(applies_to="TIERS", target_ids=[" tier_1", "tier_1", "tier_2"])
    assert code.target_ids == ["tier_1", "tier_2"]


@pytest.mark.parametrize("applies_to", ["PRODUCTS", "CHAPTERS"])
def test_one_off_purchases_take_no_cycles_no_grants_and_last_once(applies_to):
    base = {"applies_to": applies_to, "target_ids": ["x_1"]}
    assert broken("invalid_billing_cycles", billing_cycles=["MONTHLY"], **base) \
        == "billing_cycles"
    assert broken("invalid_applies_to", kind="FREE_MONTHS", value=1, **base) == "applies_to"
    assert broken("invalid_applies_to", kind="TRIAL_DAYS", value=7, **base) == "applies_to"
    assert broken("invalid_duration", duration="FOREVER", **base) == "duration"
    assert broken("invalid_duration", duration="REPEATING", duration_months=3, **base) \
        == "duration"


@pytest.mark.parametrize("kind", ["FREE_MONTHS", "TRIAL_DAYS"])
def test_grant_kinds_last_once(kind):
    assert broken("invalid_duration", kind=kind, value=1, duration="FOREVER") == "duration"
    assert broken("invalid_duration", kind=kind, value=1, duration="REPEATING",
                  duration_months=2) == "duration"


def test_repeating_needs_1_to_36_months_and_only_repeating_has_months():
    assert make(duration="REPEATING", duration_months=1).duration_months == 1
    assert make(duration="REPEATING", duration_months=36).duration_months == 36
    for bad in (None, 0, 37, 2.5):
        assert broken("invalid_duration_months", duration="REPEATING",
                      duration_months=bad) == "duration_months"
    assert broken("invalid_duration_months", duration="FOREVER",
                  duration_months=3) == "duration_months"
    assert broken("invalid_duration_months", duration_months=3) == "duration_months"


@pytest.mark.parametrize("name", ["max_redemptions", "per_reader_limit"])
def test_limits_are_at_least_1_or_none(name):
    assert getattr(make(**{name: None}), name) is None
    assert getattr(make(**{name: 1}), name) == 1
    for bad in (0, -1, 1.5):
        assert broken(f"invalid_{name}", **{name: bad}) == name


def test_counts_minimum_window_and_flags():
    assert broken("invalid_redemption_count", redemption_count=-1) == "redemption_count"
    assert make(minimum_amount=0).minimum_amount == 0
    assert broken("invalid_minimum_amount", minimum_amount=-1) == "minimum_amount"
    assert broken("invalid_minimum_amount", minimum_amount=9.9) == "minimum_amount"
    assert broken("invalid_validity_window", valid_from=NOW, valid_until=NOW) == "valid_until"
    assert broken("invalid_validity_window", valid_from=NOW,
                  valid_until=NOW - timedelta(days=1)) == "valid_until"
    assert make(valid_from=NOW, valid_until=NOW + timedelta(seconds=1)).valid_until
    assert broken("invalid_first_time_only", first_time_only="yes") == "first_time_only"
    assert broken("invalid_is_active", is_active=1) == "is_active"
    assert broken("invalid_currency", currency="US") == "currency"


def test_update_validates_and_changes_nothing_when_broken():
    code = make()
    later = NOW + timedelta(hours=1)
    code.update(now=later, code="new-code", value=20, is_active=False)
    assert (code.code, code.value, code.is_active, code.updated_at) == \
        ("NEW-CODE", 20, False, later)
    with pytest.raises(RuleViolation) as caught:
        code.update(now=later + timedelta(hours=1), value=101, code="other")
    assert caught.value.code == "invalid_value"
    assert (code.code, code.value, code.updated_at) == ("NEW-CODE", 20, later)


@pytest.mark.parametrize("name", ["id", "site_id", "redemption_count", "created_at", "nope"])
def test_update_refuses_fixed_and_unknown_fields(name):
    with pytest.raises(RuleViolation) as caught:
        make().update(now=NOW, **{name: "x"})
    assert (caught.value.code, list(caught.value.fields)) == ("invalid_field", [name])


def test_redeem_counts_up_to_the_cap_and_refuses_past_it():
    code = make(max_redemptions=2)
    later = NOW + timedelta(minutes=5)
    code.redeem(NOW)
    code.redeem(later)
    assert (code.redemption_count, code.updated_at) == (2, later)
    with pytest.raises(RuleViolation) as caught:
        code.redeem(later)
    assert caught.value.code == "code_exhausted"
    assert code.redemption_count == 2


def test_redeem_without_a_cap_never_refuses():
    code = make(max_redemptions=None)
    for _ in range(50):
        code.redeem(NOW)
    assert code.redemption_count == 50
