"""The payment refund and dispute records: defaults, limits, the in-progress rule, the retry
of an unanswered refund with its key, and taking coins back never below zero."""

from datetime import UTC, datetime, timedelta

import pytest

from ownverso.domain.commerce.coins import CoinWallet, LedgerKind
from ownverso.domain.errors import InvalidTransition, RuleViolation
from ownverso.domain.payments.dispute import Dispute
from ownverso.domain.payments.payment import Payment, PaymentType
from ownverso.domain.payments.refund import PaymentRefund

NOW = datetime(2026, 5, 1, tzinfo=UTC)


def payment(gross: int = 1000) -> Payment:
    made, _ = Payment.open(id="pay_1", event_id="pev_1", now=NOW, reader_id="usr_r",
                           author_id="usr_a", type=PaymentType.ONE_TIME_PURCHASE,
                           gross_amount=gross, currency="INR", gateway="sandbox",
                           gateway_payment_id="cs_1")
    made.succeed(event_id="pev_2", now=NOW)
    return made


def ask(pay: Payment, amount: int | None = None, earlier=(), reason: str = "Asked"):
    return PaymentRefund.request(id="prf_1", payment=pay, amount=amount, reason=reason,
                                 requested_by="usr_a", now=NOW, earlier=earlier)


def test_a_refund_defaults_to_the_rest_and_names_its_key_by_sequence():
    pay = payment()
    pay.refund(event_id="pev_3", now=NOW, amount=300)
    first = ask(payment(), 300)
    first.succeed(gateway_refund_id="re_1", now=NOW)
    second = ask(pay, earlier=[first])
    assert (second.amount, second.sequence, second.idempotency_key) == (
        700, 2, "refund:payment:pay_1:2")


@pytest.mark.parametrize(("amount", "code"), [(0, "invalid_amount"), (True, "invalid_amount"),
                                              (1001, "refund_exceeds_payment")])
def test_bad_amounts_are_refused(amount, code):
    with pytest.raises(RuleViolation) as refused:
        ask(payment(), amount)
    assert refused.value.code == code


def test_a_reason_is_required_and_one_pending_refund_at_a_time():
    with pytest.raises(RuleViolation) as refused:
        ask(payment(), reason="  ")
    assert refused.value.code == "reason_required"
    pending = ask(payment(), 100)
    with pytest.raises(InvalidTransition) as busy:
        ask(payment(), earlier=[pending])
    assert busy.value.code == "refund_in_progress"


def test_a_fully_refunded_payment_has_nothing_to_refund():
    pay = payment()
    pay.refund(event_id="pev_3", now=NOW, amount=1000)
    with pytest.raises(InvalidTransition) as refused:
        ask(pay)
    assert refused.value.code == "nothing_to_refund"


def test_an_unanswered_or_stale_refund_is_retried_but_one_in_flight_is_not():
    refund = ask(payment())
    assert not refund.retryable(NOW)
    assert refund.retryable(NOW + timedelta(minutes=10))
    refund.unanswered(code="gateway_unavailable")
    assert refund.retryable(NOW)
    refund.retry(now=NOW)
    assert (refund.failure_code, refund.retryable(NOW)) == (None, False)
    refund.awaiting(gateway_refund_id="re_1")
    assert not refund.retryable(NOW + timedelta(days=1))
    with pytest.raises(InvalidTransition):
        refund.retry(now=NOW)
    refund.fail(code="refund_failed", now=NOW)
    with pytest.raises(InvalidTransition) as settled:
        refund.succeed(gateway_refund_id="re_1", now=NOW)
    assert settled.value.code == "refund_failed"


def test_coins_are_taken_back_down_to_zero_with_the_shortfall():
    wallet = CoinWallet.open(id="cwal_1", user_id="usr_r", now=NOW)
    wallet.credit(entry_id="e1", kind=LedgerKind.PURCHASE, paid=100, source_type="checkout",
                  source_id="cs_1", now=NOW)
    wallet.credit(entry_id="e2", kind=LedgerKind.BONUS, bonus=20, source_type="checkout",
                  source_id="cs_1", now=NOW)
    wallet.spend(50, entry_id="e3", source_type="chapter", source_id="ch_1", now=NOW)
    entry, shortfall = wallet.take_back(paid=100, bonus=20, entry_id="e4",
                                        source_type="payment", source_id="pay_1", now=NOW)
    assert (entry.kind, entry.amount, entry.balance_after, shortfall) == (
        LedgerKind.REFUND, -70, 0, 50)
    assert wallet.take_back(paid=100, bonus=20, entry_id="e5", source_type="payment",
                            source_id="pay_1", now=NOW) == (None, 120)


def test_a_dispute_takes_evidence_then_one_verdict():
    dispute = Dispute.open(id="dsp_1", payment_id="pay_1", reason=None, amount=1000,
                           currency="INR", evidence_due_by=None, now=NOW)
    assert (dispute.status, dispute.reason) == ("NEEDS_RESPONSE", "unspecified")
    dispute.add_evidence(key="disputes/pay_1/a.pdf", filename="a.pdf",
                         content_type="application/pdf", size=10, uploaded_by="usr_a",
                         now=NOW, note="Delivered on time.")
    assert (dispute.status, dispute.evidence_note) == ("UNDER_REVIEW", "Delivered on time.")
    dispute.resolve(outcome="LOST", by="usr_admin", now=NOW)
    with pytest.raises(InvalidTransition) as closed:
        dispute.resolve(outcome="WON", by="usr_admin", now=NOW)
    assert closed.value.code == "dispute_lost"
