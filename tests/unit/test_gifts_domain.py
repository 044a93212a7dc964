"""A gift subscription's rules: the order a giver places, its price, the claim code, and the
moves PENDING -> DELIVERED -> CLAIMED | EXPIRED, or CANCELLED."""

from datetime import UTC, datetime, timedelta

import pytest

from ownverso.domain.errors import InvalidTransition, RuleViolation
from ownverso.domain.memberships.gift import (
    CODE_ALPHABET,
    CODE_LENGTH,
    Gift,
    GiftOrder,
    GiftStatus,
    gift_price,
    new_claim_code,
    normalize_claim_code,
)

NOW = datetime(2026, 3, 1, 12, tzinfo=UTC)


def order(**fields) -> GiftOrder:
    values = {"now": NOW, "giver_email": "gia@example.com",
              "recipient_email": "Rex@Example.com ", "months": 3}
    return GiftOrder.check(**{**values, **fields})


def gift(**fields) -> Gift:
    return Gift.bought(order(**fields), id="gift_1", now=NOW, giver_id="usr_g",
                       giver_email="gia@example.com", site_id="site_1", tier_id="tier_1",
                       amount=2700, currency="INR", claim_code=new_claim_code())


def delivered() -> Gift:
    made = gift()
    made.deliver(now=NOW)
    return made


def refused(call, code: str, kind=RuleViolation):
    with pytest.raises(kind) as caught:
        call()
    assert caught.value.code == code
    return caught.value


# -- the order ------------------------------------------------------------------------------
def test_an_order_normalises_the_recipient_and_trims_the_texts():
    placed = order(recipient_name="  Rex ", gift_message="  Enjoy!  ", giver_name=" Gia ")
    assert placed.recipient_email == "rex@example.com"
    assert (placed.recipient_name, placed.gift_message, placed.giver_name) == (
        "Rex", "Enjoy!", "Gia")
    assert order(gift_message="   ").gift_message is None


@pytest.mark.parametrize("months", [0, 13, -1, 1.5, True, "3"])
def test_a_gift_is_one_to_twelve_whole_months(months):
    refused(lambda: order(months=months), "invalid_gift_months")


@pytest.mark.parametrize("email", ["", "rex", "rex@", "rex@example", "r ex@example.com",
                                   "a" * 250 + "@example.com"])
def test_the_recipient_needs_a_valid_email(email):
    refused(lambda: order(recipient_email=email), "invalid_recipient_email")


def test_nobody_gifts_themselves():
    error = refused(lambda: order(recipient_email="GIA@example.com"), "own_gift")
    assert "recipient_email" in error.fields


def test_the_message_is_at_most_a_thousand_characters():
    assert order(gift_message="x" * 1000).gift_message == "x" * 1000
    refused(lambda: order(gift_message="x" * 1001), "invalid_gift_message")
    refused(lambda: order(recipient_name="x" * 101), "invalid_recipient_name")


def test_a_delivery_date_is_ahead_by_at_most_a_year():
    later = NOW + timedelta(days=10)
    assert order(delivery_date=later).delivery_date == later
    assert order(delivery_date=NOW + timedelta(days=365)).delivery_date is not None
    refused(lambda: order(delivery_date=NOW + timedelta(days=366)), "invalid_delivery_date")
    refused(lambda: order(delivery_date=NOW - timedelta(days=1)), "invalid_delivery_date")
    refused(lambda: order(delivery_date=datetime(2026, 4, 1)), "invalid_delivery_date")


def test_a_delivery_time_just_passed_means_now():
    assert order(delivery_date=NOW - timedelta(minutes=30)).delivery_date is None


# -- price and code -------------------------------------------------------------------------
@pytest.mark.parametrize(("months", "annual", "price"), [
    (1, 9000, 900), (3, 9000, 2700), (11, 9000, 9900), (12, 9000, 9000), (12, None, 10800),
    (12, 20000, 10800)])
def test_the_price_is_the_monthly_price_times_the_months_or_the_cheaper_annual(
        months, annual, price):
    assert gift_price(monthly_price=900, annual_price=annual, months=months) == price


def test_claim_codes_are_long_random_and_unambiguous():
    codes = {new_claim_code() for _ in range(200)}
    assert len(codes) == 200
    assert all(len(c) == CODE_LENGTH and set(c) <= set(CODE_ALPHABET) for c in codes)
    assert not set("01OI") & set(CODE_ALPHABET)


def test_a_typed_code_is_read_in_any_case_with_dashes_or_spaces():
    assert normalize_claim_code(" abcd-efgh jkmn-pqrs ") == "ABCDEFGHJKMNPQRS"


# -- delivery -------------------------------------------------------------------------------
def test_an_unscheduled_gift_is_due_at_once():
    made = gift()
    assert (made.status, made.is_scheduled, made.delivery_date) == (GiftStatus.PENDING, False,
                                                                    NOW)
    assert made.deliver_if_due(NOW)
    assert made.status == GiftStatus.DELIVERED and made.delivered_at == NOW
    assert made.expires_at == NOW + timedelta(days=365)


def test_a_scheduled_gift_waits_for_its_date():
    when = NOW + timedelta(days=7)
    made = gift(delivery_date=when)
    assert made.is_scheduled and made.delivery_date == when
    assert not made.deliver_if_due(when - timedelta(seconds=1))
    assert made.status == GiftStatus.PENDING
    assert made.deliver_if_due(when) and made.expires_at == when + timedelta(days=365)


def test_a_gift_is_delivered_once():
    made = delivered()
    assert not made.deliver_if_due(NOW)
    refused(lambda: made.deliver(now=NOW), "cannot_deliver", InvalidTransition)


# -- claiming -------------------------------------------------------------------------------
def test_the_recipient_is_matched_by_email_in_any_case():
    made = gift()
    assert made.is_for(" REX@example.com") and not made.is_for("gia@example.com")
    assert not made.is_for(None)


def test_a_delivered_gift_is_claimed_once():
    made = delivered()
    made.claim(recipient_id="usr_r", subscription_id="sub_1", now=NOW + timedelta(days=1))
    assert (made.status, made.recipient_id, made.subscription_id) == (
        GiftStatus.CLAIMED, "usr_r", "sub_1")
    assert made.claimed_at == NOW + timedelta(days=1)
    refused(lambda: made.claim(recipient_id="usr_r", subscription_id="sub_2", now=NOW),
            "gift_already_claimed", InvalidTransition)


def test_a_pending_gift_cannot_be_claimed():
    refused(lambda: gift().claim(recipient_id="usr_r", subscription_id="s", now=NOW),
            "gift_not_delivered", InvalidTransition)


def test_a_gift_is_claimable_for_365_days_after_delivery():
    made = delivered()
    made.check_claimable(NOW + timedelta(days=364, hours=23))
    refused(lambda: made.claim(recipient_id="usr_r", subscription_id="s",
                               now=NOW + timedelta(days=365)),
            "gift_expired", InvalidTransition)
    assert made.status == GiftStatus.DELIVERED  # refused: nothing changed


def test_an_unclaimed_gift_expires_after_365_days():
    made = delivered()
    assert not made.expire_if_due(NOW + timedelta(days=364))
    assert made.expire_if_due(NOW + timedelta(days=365))
    assert made.status == GiftStatus.EXPIRED
    assert not made.expire_if_due(NOW + timedelta(days=400))
    refused(lambda: made.check_claimable(NOW), "gift_expired", InvalidTransition)


def test_pending_or_claimed_gifts_never_expire():
    pending = gift()
    assert not pending.expire_if_due(NOW + timedelta(days=800))
    claimed = delivered()
    claimed.claim(recipient_id="usr_r", subscription_id="s", now=NOW)
    assert not claimed.expire_if_due(NOW + timedelta(days=800))


def test_only_an_unclaimed_gift_can_be_cancelled():
    made = gift()
    made.cancel(now=NOW)
    assert made.status == GiftStatus.CANCELLED
    refused(lambda: made.check_claimable(NOW), "gift_cancelled", InvalidTransition)
    refused(lambda: made.cancel(now=NOW), "cannot_cancel", InvalidTransition)
    sent = delivered()
    sent.cancel(now=NOW)
    claimed = delivered()
    claimed.claim(recipient_id="usr_r", subscription_id="s", now=NOW)
    refused(lambda: claimed.cancel(now=NOW), "cannot_cancel", InvalidTransition)
