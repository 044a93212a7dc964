"""The refund request's rules: who may ask, for what, until when, how often, and its moves."""

from datetime import UTC, datetime, timedelta

import pytest

from ownverso.domain.commerce.purchase import Purchase, PurchaseStatus
from ownverso.domain.commerce.refund_request import (
    MESSAGE_MAX,
    REFUND_WINDOW,
    RefundReason,
    RefundRequest,
    RefundRequestStatus,
)
from ownverso.domain.errors import InvalidTransition, RuleViolation

PAID = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)
NOW = PAID + timedelta(days=3)
_ids = iter(range(1, 10_000))


def delivered(**fields) -> Purchase:
    values = {"id": "pur_1", "buyer_id": "u1", "site_id": "s1", "author_id": "a1",
              "chapter_id": "ch_1", "amount": 300, "original_amount": 300, "currency": "INR",
              **fields}
    purchase = Purchase.pending(now=PAID - timedelta(minutes=1), **values)
    purchase.succeed(now=PAID)
    return purchase


def file(purchase: Purchase | None = None, *, buyer_id: str = "u1", earlier=(), now=NOW,
         reason: str = "NOT_AS_DESCRIBED", message: str | None = "Pages are missing.",
         ) -> RefundRequest:
    return RefundRequest.file(id=f"rfr_{next(_ids)}", purchase=purchase or delivered(),
                              buyer_id=buyer_id, reason=reason, message=message,
                              earlier=list(earlier), now=now)


def refused(error: type, code: str, **kwargs) -> None:
    with pytest.raises(error) as caught:
        file(**kwargs)
    assert caught.value.code == code


def test_the_buyer_asks_for_what_they_paid():
    request = file()
    assert (request.status, request.amount, request.currency) == (
        RefundRequestStatus.OPEN, 300, "INR")
    assert (request.purchase_id, request.buyer_id, request.site_id, request.author_id) == (
        "pur_1", "u1", "s1", "a1")
    assert (request.chapter_id, request.reason, request.open_slot) == (
        "ch_1", RefundReason.NOT_AS_DESCRIBED, "pur_1")
    assert file(message="   ").message is None


def test_only_the_buyer_asks():
    refused(RuleViolation, "not_the_buyer", buyer_id="u2")


def test_reason_and_message_are_checked():
    refused(RuleViolation, "invalid_reason", reason="BORED")
    refused(RuleViolation, "message_too_long", message="x" * (MESSAGE_MAX + 1))
    assert len(file(message="x" * MESSAGE_MAX).message) == MESSAGE_MAX


@pytest.mark.parametrize("status", ["PENDING", "FAILED", "EXPIRED", "REFUNDED"])
def test_only_a_succeeded_purchase_is_refunded(status):
    purchase = delivered()
    purchase.status = PurchaseStatus(status)
    refused(InvalidTransition, "purchase_not_refundable", purchase=purchase)


def test_a_free_purchase_has_nothing_to_refund():
    refused(InvalidTransition, "nothing_to_refund",
            purchase=delivered(amount=0, original_amount=0))


def test_within_the_window_from_delivery():
    assert file(now=PAID + REFUND_WINDOW).status == RefundRequestStatus.OPEN
    refused(InvalidTransition, "refund_window_passed",
            now=PAID + REFUND_WINDOW + timedelta(seconds=1))
    assert timedelta(days=30) == REFUND_WINDOW


def test_one_request_in_progress_at_a_time():
    first = file()
    refused(InvalidTransition, "refund_request_open", earlier=[first])
    first.approve(reviewer_id="a1", note=None, now=NOW)
    refused(InvalidTransition, "refund_request_open", earlier=[first])


def test_a_withdrawn_request_leaves_the_way_open_but_a_declined_one_does_not():
    first = file()
    first.withdraw(buyer_id="u1", now=NOW)
    assert (first.status, first.open_slot, first.withdrawn_at) == (
        RefundRequestStatus.WITHDRAWN, None, NOW)
    second = file(earlier=[first])
    second.decline(reviewer_id="a1", note="Read it all.", now=NOW)
    refused(InvalidTransition, "refund_declined", earlier=[first, second])


def test_approved_then_refunded():
    request = file()
    later = NOW + timedelta(hours=1)
    request.approve(reviewer_id="a1", note=" Sorry! ", now=later)
    assert (request.status, request.reviewer_id, request.review_note, request.reviewed_at) == (
        RefundRequestStatus.APPROVED, "a1", "Sorry!", later)
    assert request.open_slot == "pur_1"  # still in progress
    request.refunded(gateway_refund_id="re_1", now=later)
    assert (request.status, request.gateway_refund_id, request.refunded_at,
            request.open_slot) == (RefundRequestStatus.REFUNDED, "re_1", later, None)
    for move in (lambda: request.approve(reviewer_id="a1", note=None, now=later),
                 lambda: request.decline(reviewer_id="a1", note="No", now=later),
                 lambda: request.withdraw(buyer_id="u1", now=later)):
        with pytest.raises(InvalidTransition) as caught:
            move()
        assert caught.value.code == "refund_request_refunded"


def test_a_failed_refund_goes_back_open_to_be_retried():
    request = file()
    request.approve(reviewer_id="a1", note=None, now=NOW)
    request.refund_failed(code="gateway_unavailable", now=NOW)
    assert (request.status, request.failure_code) == (
        RefundRequestStatus.OPEN, "gateway_unavailable")
    request.approve(reviewer_id="a1", note=None, now=NOW)
    assert (request.status, request.failure_code) == (RefundRequestStatus.APPROVED, None)
    with pytest.raises(InvalidTransition) as caught:
        request.withdraw(buyer_id="u1", now=NOW)
    assert caught.value.code == "refund_request_approved"


def test_only_an_approved_request_is_refunded_or_fails():
    request = file()
    with pytest.raises(InvalidTransition):
        request.refunded(gateway_refund_id="re_1", now=NOW)
    with pytest.raises(InvalidTransition):
        request.refund_failed(code="x", now=NOW)


def test_a_decline_needs_a_note_of_bounded_length():
    request = file()
    for note, code in ((None, "note_required"), ("  ", "note_required"),
                       ("x" * 2001, "note_too_long")):
        with pytest.raises(RuleViolation) as caught:
            request.decline(reviewer_id="a1", note=note, now=NOW)
        assert caught.value.code == code
    request.decline(reviewer_id="a1", note="Not eligible.", now=NOW)
    assert (request.status, request.review_note, request.open_slot) == (
        RefundRequestStatus.DECLINED, "Not eligible.", None)


def test_only_the_buyer_withdraws_an_open_request():
    request = file()
    with pytest.raises(RuleViolation) as caught:
        request.withdraw(buyer_id="u2", now=NOW)
    assert caught.value.code == "not_the_buyer"
    request.decline(reviewer_id="a1", note="No.", now=NOW)
    with pytest.raises(InvalidTransition) as caught:
        request.withdraw(buyer_id="u1", now=NOW)
    assert caught.value.code == "refund_request_declined"
