"""The tip's rules: bounds per currency, the message, no tipping yourself, refunds."""

from datetime import UTC, datetime

import pytest

from ownverso.domain.commerce.tip import (
    DEFAULT_TIP_BOUNDS,
    MESSAGE_MAX,
    Tip,
    TipBounds,
    TipOrder,
    TipStatus,
    parse_tip_bounds,
)
from ownverso.domain.errors import InvalidTransition, RuleViolation

NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)
BOUNDS = parse_tip_bounds(DEFAULT_TIP_BOUNDS)


def order(**changes) -> TipOrder:
    values = {"tipper_id": "usr_reader", "author_id": "usr_author", "site_id": None,
              "amount": 5000, "currency": "inr", "bounds": BOUNDS}
    return TipOrder.check(**{**values, **changes})


def test_bounds_parse_per_currency_and_refuse_nonsense():
    assert BOUNDS["INR"] == TipBounds(1000, 5_000_000)
    assert BOUNDS["USD"] == TipBounds(100, 50_000)
    assert parse_tip_bounds(" usd:1-2 ") == {"USD": TipBounds(1, 2)}
    for raw in ("", "INR:10", "INR:5-1", "INR:0-5", "INRR:1-5"):
        with pytest.raises(ValueError):
            parse_tip_bounds(raw)


def test_an_order_is_normalised():
    made = order(message="  Thank you!\x07\r\nMore please  ", is_anonymous=True)
    assert (made.currency, made.amount, made.is_anonymous) == ("INR", 5000, True)
    assert made.message == "Thank you!\nMore please"
    assert order(message="   ").message is None
    assert order().to_payload() == {"author_id": "usr_author", "message": None,
                                    "is_anonymous": False}


@pytest.mark.parametrize("amount, currency", [(999, "INR"), (5_000_001, "INR"), (99, "USD"),
                                              (50_001, "USD"), (True, "INR"), (10.5, "INR")])
def test_amounts_outside_the_bounds_are_refused_naming_them(amount, currency):
    with pytest.raises(RuleViolation) as refused:
        order(amount=amount, currency=currency)
    assert refused.value.code == "amount_out_of_bounds"
    limit = BOUNDS[currency]
    assert refused.value.fields["min_amount"] == limit.minimum
    assert refused.value.fields["max_amount"] == limit.maximum
    assert refused.value.fields["currency"] == currency


def test_the_bounds_themselves_are_allowed():
    assert order(amount=1000).amount == 1000
    assert order(amount=5_000_000).amount == 5_000_000


def test_unknown_currency_self_tip_and_long_message_are_refused():
    with pytest.raises(RuleViolation) as refused:
        order(currency="JPY")
    assert refused.value.code == "unsupported_currency"
    assert refused.value.fields["supported"] == ["EUR", "GBP", "INR", "USD"]
    with pytest.raises(RuleViolation) as refused:
        order(tipper_id="usr_author")
    assert refused.value.code == "own_tip"
    assert order(message=" " + "x" * MESSAGE_MAX + " ").message == "x" * MESSAGE_MAX
    with pytest.raises(RuleViolation) as refused:
        order(message="x" * (MESSAGE_MAX + 1))
    assert refused.value.code == "invalid_tip_message"


def test_a_paid_tip_hides_an_anonymous_tipper_and_refunds_once():
    tip = Tip.paid(order(site_id="site_1", is_anonymous=True), id="tip_1",
                   tipper_id="usr_reader", now=NOW, checkout_session_id="cs_1")
    assert (tip.status, tip.paid_at, tip.site_id) == (TipStatus.SUCCEEDED, NOW, "site_1")
    assert tip.tipper_visible_to_author() is None
    named = Tip.paid(order(), id="tip_2", tipper_id="usr_reader", now=NOW)
    assert named.tipper_visible_to_author() == "usr_reader"
    tip.refund(now=NOW)
    assert (tip.status, tip.refunded_at) == (TipStatus.REFUNDED, NOW)
    with pytest.raises(InvalidTransition) as refused:
        tip.refund(now=NOW)
    assert refused.value.code == "tip_refunded"
