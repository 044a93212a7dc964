"""The tier's rules: names, prices, currency, billing cycles, free tiers, early access,
badges, capacity, state moves, ranking and reordering."""

from datetime import UTC, datetime

import pytest

from ownverso.domain.errors import InvalidTransition, RuleViolation
from ownverso.domain.memberships.tier import Tier, check_reorder, rank_tiers
from ownverso.domain.memberships.values import BillingCycle

NOW = datetime(2026, 1, 1, tzinfo=UTC)


def tier(**fields) -> Tier:
    values = {"id": "tier_1", "site_id": "site_1", "author_id": "usr_1", "name": "Gold",
              "slug": "gold", "monthly_price": 500, "currency": "usd"}
    return Tier(**{**values, **fields})


def broken(code: str, **fields) -> str:
    with pytest.raises(RuleViolation) as caught:
        tier(**fields).validate()
    assert caught.value.code == code
    return next(iter(caught.value.fields))


def test_a_valid_paid_tier_is_normalised():
    t = tier(name="  Gold  ", billing_cycles=["MONTHLY", "ANNUAL"], annual_price=5000)
    t.validate()
    assert (t.name, t.currency) == ("Gold", "USD")
    assert t.billing_cycles == [BillingCycle.MONTHLY, BillingCycle.ANNUAL]
    assert t.price_for(BillingCycle.ANNUAL) == 5000
    assert t.price_for(BillingCycle.MONTHLY) == 500


@pytest.mark.parametrize("name", ["", "   ", "x" * 51])
def test_names_are_1_to_50_characters(name):
    assert broken("invalid_name", name=name) == "name"


def test_prices_are_whole_and_not_negative():
    assert broken("invalid_price", monthly_price=-1) == "monthly_price"
    assert broken("invalid_price", monthly_price=1.5) == "monthly_price"
    assert broken("invalid_price", annual_price=-5) == "annual_price"


@pytest.mark.parametrize("currency", ["US", "USDX", "12A", ""])
def test_currencies_are_three_letters(currency):
    assert broken("invalid_currency", currency=currency) == "currency"


def test_billing_cycles_are_distinct_and_not_empty():
    assert broken("invalid_billing_cycles", billing_cycles=[]) == "billing_cycles"
    assert broken("invalid_billing_cycles", billing_cycles=["MONTHLY", "MONTHLY"])
    assert broken("invalid_billing_cycles", billing_cycles=["WEEKLY"])


def test_annual_billing_needs_an_annual_price():
    assert broken("annual_price_required", billing_cycles=["ANNUAL"]) == "annual_price"


def test_a_paid_tier_needs_a_monthly_price():
    assert broken("paid_tier_unpriced", monthly_price=0) == "monthly_price"


def test_a_free_tier_has_no_price():
    assert broken("free_tier_priced", is_free=True) == "monthly_price"
    assert broken("free_tier_priced", is_free=True, monthly_price=0, annual_price=100)
    free = tier(is_free=True, monthly_price=0, annual_price=0)
    free.validate()
    assert free.annual_price is None


@pytest.mark.parametrize("days", [-1, 91])
def test_early_access_is_0_to_90_days(days):
    assert broken("invalid_early_access_days", early_access_days=days) == "early_access_days"


def test_early_access_bounds_are_allowed():
    tier(early_access_days=0).validate()
    tier(early_access_days=90).validate()


@pytest.mark.parametrize("color", ["red", "#12345", "#gggggg"])
def test_badge_colours_are_hex(color):
    assert broken("invalid_badge_color", badge_color=color) == "badge_color"


def test_benefits_are_texts():
    assert broken("invalid_benefits", benefits=["Early access", " "]) == "benefits"


def test_capacity_is_positive_or_unlimited():
    assert broken("invalid_max_subscribers", max_subscribers=0) == "max_subscribers"
    assert tier(max_subscribers=None, current_subscribers=10_000).has_room()
    full = tier(max_subscribers=2, current_subscribers=2)
    assert not full.has_room() and not full.accepts_subscribers()
    assert tier(max_subscribers=2, current_subscribers=1).has_room()


def test_activate_and_deactivate():
    t = tier()
    t.deactivate(now=NOW)
    assert not t.is_active and t.updated_at == NOW
    assert not t.accepts_subscribers()
    with pytest.raises(InvalidTransition) as caught:
        t.deactivate(now=NOW)
    assert caught.value.code == "tier_already_inactive"
    t.activate(now=NOW)
    assert t.is_active
    with pytest.raises(InvalidTransition) as caught:
        t.activate(now=NOW)
    assert caught.value.code == "tier_already_active"


def test_a_tier_with_subscribers_cannot_be_deleted():
    tier(current_subscribers=0).check_deletable()
    with pytest.raises(InvalidTransition) as caught:
        tier(current_subscribers=1).check_deletable()
    assert caught.value.code == "tier_has_subscribers"


def test_a_higher_monthly_price_ranks_above():
    gold, silver = tier(id="g", monthly_price=900), tier(id="s", monthly_price=300)
    assert gold.ranks_above(silver) and not silver.ranks_above(gold)


def test_ties_rank_by_lower_display_order():
    first = tier(id="a", display_order=0)
    second = tier(id="b", display_order=1)
    assert first.ranks_above(second) and not second.ranks_above(first)
    assert not first.ranks_above(first)


def test_rank_tiers_orders_highest_first():
    cheap = tier(id="c", monthly_price=100)
    tie_late, tie_early = tier(id="l", display_order=5), tier(id="e", display_order=1)
    top = tier(id="t", monthly_price=2000)
    assert [t.id for t in rank_tiers([cheap, tie_late, top, tie_early])] == ["t", "e", "l", "c"]


def test_a_reorder_names_every_tier_once():
    check_reorder(["a", "b"], ["b", "a"])
    for bad in (["a"], ["a", "b", "c"], ["a", "a"], ["a", "x"]):
        with pytest.raises(RuleViolation) as caught:
            check_reorder(["a", "b"], bad)
        assert caught.value.code == "invalid_tier_order"
