"""A discount code's uses: reserved, then confirmed or released; what counts toward the cap
and the reader's limit; and giving a use back to the code."""

from datetime import UTC, datetime, timedelta

import pytest

from ownverso.domain.errors import InvalidTransition
from ownverso.domain.memberships.discount_values import Quote, TargetKind
from ownverso.domain.memberships.discounts import DiscountCode
from ownverso.domain.memberships.redemption import (
    COUNTED,
    DiscountRedemption,
    RedemptionStatus,
)

NOW = datetime(2026, 1, 1, tzinfo=UTC)
LATER = NOW + timedelta(minutes=10)
QUOTE = Quote(original_amount=999, discount_amount=329, final_amount=670, free_months=0,
              extra_trial_days=0, discount_months=1, reason="33% off")


def reserved(**overrides) -> DiscountRedemption:
    values = {"id": "dr_1", "code_id": "dc_1", "site_id": "site_1", "reader_id": "usr_9",
              "quote": QUOTE, "currency": "usd", "target_kind": "TIER",
              "target_id": "tier_1", "checkout_id": "cs_1", "now": NOW}
    return DiscountRedemption.reserve(**{**values, **overrides})


def test_a_reservation_records_what_the_quote_took():
    r = reserved()
    assert (r.code_id, r.site_id, r.reader_id, r.checkout_id) == \
        ("dc_1", "site_1", "usr_9", "cs_1")
    assert (r.amount_before, r.discount_amount, r.currency) == (999, 329, "USD")
    assert (r.target_kind, r.target_id) == (TargetKind.TIER, "tier_1")
    assert (r.status, r.created_at, r.confirmed_at, r.released_at) == \
        (RedemptionStatus.RESERVED, NOW, None, None)
    assert r.counts


def test_confirming_names_what_the_checkout_produced():
    r = reserved()
    r.confirm(now=LATER, subscription_id="sub_1")
    assert (r.status, r.confirmed_at, r.subscription_id, r.purchase_id, r.gift_id) == \
        (RedemptionStatus.CONFIRMED, LATER, "sub_1", None, None)
    assert r.counts
    gift = reserved(target_kind="TIER")
    gift.confirm(now=LATER, gift_id="gift_1")
    assert gift.gift_id == "gift_1"


def test_releasing_stops_it_counting():
    r = reserved()
    r.release(now=LATER)
    assert (r.status, r.released_at, r.counts) == (RedemptionStatus.RELEASED, LATER, False)


@pytest.mark.parametrize(("first", "then", "error"), [
    ("confirm", "confirm", "redemption_confirmed"),
    ("confirm", "release", "redemption_confirmed"),
    ("release", "release", "redemption_released"),
    ("release", "confirm", "redemption_released"),
])
def test_only_a_reserved_use_moves(first, then, error):
    r = reserved()
    getattr(r, first)(now=NOW)
    before = (r.status, r.confirmed_at, r.released_at)
    with pytest.raises(InvalidTransition) as caught:
        getattr(r, then)(now=LATER)
    assert caught.value.code == error
    assert (r.status, r.confirmed_at, r.released_at) == before


def test_reserved_and_confirmed_count_released_do_not():
    assert set(COUNTED) == {RedemptionStatus.RESERVED, RedemptionStatus.CONFIRMED}


def test_an_unknown_target_kind_is_refused():
    with pytest.raises(ValueError):
        reserved(target_kind="SERIES")


def code(**fields) -> DiscountCode:
    return DiscountCode.create(now=NOW, **{"id": "dc_1", "site_id": "site_1", "code": "SAVE",
                                           "kind": "PERCENT", "value": 10, **fields})


def test_release_gives_a_use_back_and_never_goes_below_zero():
    c = code(max_redemptions=2)
    c.redeem(NOW)
    c.redeem(NOW)
    assert c.remaining_redemptions == 0
    c.release(LATER)
    assert (c.redemption_count, c.updated_at, c.remaining_redemptions) == (1, LATER, 1)
    c.redeem(LATER)  # room again
    c.release(LATER)
    c.release(LATER)
    c.release(LATER)
    assert c.redemption_count == 0


def test_remaining_uses_without_a_cap_is_none():
    assert code(max_redemptions=None).remaining_redemptions is None
    assert code(max_redemptions=3, redemption_count=5).remaining_redemptions == 0
