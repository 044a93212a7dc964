"""The payment state machine: every allowed move logs one event, every other one is refused,
refunds never pass what was paid, and the recording functions are idempotent."""

from datetime import UTC, datetime, timedelta
from itertools import count

import pytest

from ownverso.domain.errors import InvalidTransition, RuleViolation
from ownverso.domain.payments.payment import (
    PAID,
    TRANSITIONS,
    UNSETTLED,
    Payment,
    PaymentStatus,
    PaymentType,
)

S = PaymentStatus
NOW = datetime(2026, 12, 1, 12, tzinfo=UTC)
_ids = count(1)


def eid() -> str:
    return f"pev_{next(_ids)}"


def opened(amount: int = 1000) -> Payment:
    payment, created = Payment.open(
        id="pay_1", event_id=eid(), now=NOW, reader_id="usr_r", author_id="usr_a",
        site_id="site_1", type=PaymentType.ONE_TIME_PURCHASE, gross_amount=amount,
        currency="INR", gateway="sandbox", gateway_payment_id="cs_1")
    assert (created.event_type, created.previous_status, created.new_status,
            created.amount, created.sequence) == ("created", None, S.PENDING, amount, 1)
    return payment


def paid(amount: int = 1000) -> Payment:
    payment = opened(amount)
    payment.succeed(event_id=eid(), now=NOW)
    return payment


def in_status(status: PaymentStatus) -> Payment:
    """A payment brought to ``status`` through the allowed moves."""
    payment = opened()
    moves = {
        S.PENDING: [],
        S.PROCESSING: [lambda p: p.start_processing(event_id=eid(), now=NOW)],
        S.SUCCEEDED: [lambda p: p.succeed(event_id=eid(), now=NOW)],
        S.FAILED: [lambda p: p.fail(event_id=eid(), now=NOW, code="card_declined")],
        S.CANCELLED: [lambda p: p.cancel(event_id=eid(), now=NOW)],
        S.PARTIALLY_REFUNDED: [lambda p: p.succeed(event_id=eid(), now=NOW),
                               lambda p: p.refund(event_id=eid(), now=NOW, amount=100)],
        S.REFUNDED: [lambda p: p.succeed(event_id=eid(), now=NOW),
                     lambda p: p.refund(event_id=eid(), now=NOW, amount=1000)],
        S.DISPUTED: [lambda p: p.succeed(event_id=eid(), now=NOW),
                     lambda p: p.open_dispute(event_id=eid(), now=NOW)],
        S.CHARGEBACK_LOST: [lambda p: p.succeed(event_id=eid(), now=NOW),
                            lambda p: p.open_dispute(event_id=eid(), now=NOW),
                            lambda p: p.lose_dispute(event_id=eid(), now=NOW)],
    }[status]
    for move in moves:
        move(payment)
    assert payment.status == status
    return payment


MOVES = {
    S.PROCESSING: lambda p: p.start_processing(event_id=eid(), now=NOW),
    S.SUCCEEDED: lambda p: p.succeed(event_id=eid(), now=NOW),
    S.FAILED: lambda p: p.fail(event_id=eid(), now=NOW, code="x"),
    S.CANCELLED: lambda p: p.cancel(event_id=eid(), now=NOW),
    S.REFUNDED: lambda p: p.refund(event_id=eid(), now=NOW, amount=p.refundable_amount or 1),
    S.DISPUTED: lambda p: p.open_dispute(event_id=eid(), now=NOW),
    S.CHARGEBACK_LOST: lambda p: p.lose_dispute(event_id=eid(), now=NOW),
}


def test_a_checkout_payment_is_created_pending_then_succeeds_with_two_log_lines():
    payment = opened()
    later = NOW + timedelta(seconds=3)
    event = payment.succeed(event_id="pev_x", now=later, gateway_fee=30)
    assert (event.id, event.payment_id, event.event_type, event.previous_status,
            event.new_status, event.amount, event.sequence) == (
        "pev_x", "pay_1", "succeeded", S.PENDING, S.SUCCEEDED, 1000, 2)
    assert (payment.status, payment.processed_at, payment.gateway_fee,
            payment.net_amount) == (S.SUCCEEDED, later, 30, 970)
    assert payment.event_count == 2


def test_a_payment_goes_through_processing_before_its_outcome():
    for outcome, move in ((S.SUCCEEDED, MOVES[S.SUCCEEDED]), (S.FAILED, MOVES[S.FAILED]),
                          (S.CANCELLED, MOVES[S.CANCELLED])):
        payment = opened()
        processing = payment.start_processing(event_id=eid(), now=NOW)
        assert (processing.previous_status, processing.new_status) == (S.PENDING,
                                                                         S.PROCESSING)
        event = move(payment)
        assert (event.previous_status, event.new_status, payment.status) == (
            S.PROCESSING, outcome, outcome)


def test_a_declined_payment_keeps_its_failure_code_and_a_fee_is_not_known_until_told():
    payment = opened()
    event = payment.fail(event_id=eid(), now=NOW, code="card_declined", message="Declined.")
    assert (payment.status, payment.failure_code, payment.failure_message) == (
        S.FAILED, "card_declined", "Declined.")
    assert event.metadata == {"code": "card_declined"}
    assert paid().gateway_fee is None and paid().net_amount is None


def test_refunds_in_parts_end_refunded_and_never_pass_what_was_paid():
    payment = paid(1000)
    first = payment.refund(event_id=eid(), now=NOW, amount=300, gateway_refund_id="re_1")
    assert (first.event_type, first.new_status, first.amount, first.metadata) == (
        "partially_refunded", S.PARTIALLY_REFUNDED, 300, {"gateway_refund_id": "re_1"})
    assert (payment.refunded_amount, payment.refundable_amount, payment.kept_amount) == (
        300, 700, 700)
    with pytest.raises(RuleViolation) as too_much:
        payment.refund(event_id=eid(), now=NOW, amount=701)
    assert too_much.value.code == "refund_exceeds_payment"
    assert payment.status == S.PARTIALLY_REFUNDED and payment.refunded_amount == 300
    last = payment.refund(event_id=eid(), now=NOW, amount=700)
    assert (last.event_type, last.previous_status, last.new_status) == (
        "refunded", S.PARTIALLY_REFUNDED, S.REFUNDED)
    assert (payment.refunded_amount, payment.kept_amount, payment.refunded_at) == (
        1000, 0, NOW)
    with pytest.raises(InvalidTransition) as again:
        payment.refund(event_id=eid(), now=NOW, amount=1)
    assert again.value.code == "payment_refunded"


@pytest.mark.parametrize("amount", [0, -5, 1.5, True])
def test_amounts_are_positive_integers(amount):
    with pytest.raises(RuleViolation):
        paid().refund(event_id=eid(), now=NOW, amount=amount)
    with pytest.raises(RuleViolation):
        Payment.open(id="pay_2", event_id=eid(), now=NOW, reader_id="r", type=PaymentType.TIP,
                     gross_amount=amount, currency="INR", gateway="sandbox",
                     gateway_payment_id="cs_2")


def test_a_won_dispute_returns_to_where_it_was_and_a_lost_one_is_a_chargeback():
    won = paid()
    won.open_dispute(event_id=eid(), now=NOW, reason="fraudulent")
    assert won.status == S.DISPUTED and won.disputed_at == NOW
    assert won.win_dispute(event_id=eid(), now=NOW).new_status == S.SUCCEEDED
    part = in_status(S.PARTIALLY_REFUNDED)
    part.open_dispute(event_id=eid(), now=NOW)
    assert part.win_dispute(event_id=eid(), now=NOW).new_status == S.PARTIALLY_REFUNDED
    lost = in_status(S.PARTIALLY_REFUNDED)
    lost.open_dispute(event_id=eid(), now=NOW)
    event = lost.lose_dispute(event_id=eid(), now=NOW)
    assert (event.new_status, event.amount, lost.kept_amount, lost.collected) == (
        S.CHARGEBACK_LOST, 900, 0, True)


@pytest.mark.parametrize("start", list(S))
@pytest.mark.parametrize("target", list(MOVES))
def test_every_move_outside_the_table_is_refused_and_changes_nothing(start, target):
    payment = in_status(start)
    sources = {S.PROCESSING: UNSETTLED, S.SUCCEEDED: UNSETTLED, S.FAILED: UNSETTLED,
               S.CANCELLED: UNSETTLED, S.REFUNDED: PAID, S.DISPUTED: PAID,
               S.CHARGEBACK_LOST: {S.DISPUTED}}[target]
    allowed = start in sources and target in TRANSITIONS[start]
    if allowed:
        event = MOVES[target](payment)
        assert event.previous_status == start and payment.status == event.new_status
        return
    before = (payment.status, payment.event_count, payment.refunded_amount)
    with pytest.raises(InvalidTransition) as refused:
        MOVES[target](payment)
    assert refused.value.code == f"payment_{start.lower()}"
    assert (payment.status, payment.event_count, payment.refunded_amount) == before


def test_winning_is_only_for_a_disputed_payment():
    with pytest.raises(InvalidTransition):
        paid().win_dispute(event_id=eid(), now=NOW)
