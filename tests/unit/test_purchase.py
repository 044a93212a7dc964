"""The purchase's rules: one item, sane amounts, and its one-way moves."""

from datetime import UTC, datetime, timedelta

import pytest

from ownverso.domain.commerce.purchase import Purchase, PurchaseItem, PurchaseStatus
from ownverso.domain.errors import InvalidTransition, RuleViolation

NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)


def pending(**fields) -> Purchase:
    values = {"id": "pur_1", "buyer_id": "u1", "site_id": "s1", "author_id": "a1",
              "product_id": "prod_1", "amount": 400, "original_amount": 500,
              "discount_amount": 100, "currency": "INR", **fields}
    return Purchase.pending(now=NOW, **values)


def test_a_purchase_is_of_exactly_one_item():
    assert pending().item is PurchaseItem.PRODUCT
    assert pending(product_id=None, chapter_id="c1").item is PurchaseItem.CHAPTER
    for item in ({"chapter_id": "c1"}, {"product_id": None}):
        with pytest.raises(RuleViolation) as refused:
            pending(**item)
        assert refused.value.code == "invalid_purchase_item"


def test_amounts_are_checked():
    for amounts in ({"amount": -1}, {"amount": 600}, {"discount_amount": -5}):
        with pytest.raises(RuleViolation) as refused:
            pending(**amounts)
        assert refused.value.code == "invalid_purchase_amount"


def test_success_delivers_and_holds_stock():
    purchase = pending()
    assert purchase.is_pending and purchase.holds_stock and purchase.delivered_at is None
    later = NOW + timedelta(minutes=5)
    purchase.succeed(now=later)
    assert (purchase.status, purchase.delivered_at) == (PurchaseStatus.SUCCEEDED, later)
    assert purchase.holds_stock and purchase.download_count == 0
    with pytest.raises(InvalidTransition) as refused:
        purchase.expire(now=later)
    assert refused.value.code == "purchase_succeeded"
    purchase.refund(now=later)
    assert purchase.status is PurchaseStatus.REFUNDED and not purchase.holds_stock


def test_expired_and_failed_give_the_unit_back_once():
    expired, failed = pending(), pending()
    expired.expire(now=NOW)
    failed.fail(now=NOW, code="sold_out")
    assert (expired.status, failed.status, failed.failure_code) == (
        PurchaseStatus.EXPIRED, PurchaseStatus.FAILED, "sold_out")
    assert not expired.holds_stock and not failed.holds_stock
    for done in (expired, failed):
        with pytest.raises(InvalidTransition):
            done.succeed(now=NOW)
        with pytest.raises(InvalidTransition):
            done.refund(now=NOW)
