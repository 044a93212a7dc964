"""The FREE-tier usage fee: the rule's exact numbers and its one rounding (half up, once on
the fee and once on the GST of the rounded fee), revenue per author and currency, the month,
the invoice's states and its reminders."""

from datetime import UTC, datetime, timedelta

import pytest

from ownverso.domain.billing.platform_invoice import (
    InvoiceCounter,
    PlatformInvoice,
    PlatformInvoiceStatus,
    ReminderStage,
    Revenue,
    half_up,
    month_period,
    previous_month,
    revenue_of,
    usage_fee,
)
from ownverso.domain.errors import InvalidTransition, RuleViolation
from ownverso.domain.payments.payment import Payment, PaymentStatus, PaymentType

OCT = datetime(2026, 10, 1, tzinfo=UTC)
NOV = datetime(2026, 11, 1, tzinfo=UTC)


@pytest.mark.parametrize(("revenue", "fee", "gst", "total"), [
    (100000, 10000, 1800, 11800),  # 1000.00 -> 100.00 + 18.00
    (12345, 1235, 222, 1457),  # fee 1234.5 -> 1235 (half up); GST 222.3 -> 222
    (12344, 1234, 222, 1456),  # fee 1234.4 -> 1234; GST 222.12 -> 222
    (25, 3, 1, 4),  # fee 2.5 -> 3; GST 0.54 -> 1
    (5, 1, 0, 1),  # fee 0.5 -> 1; GST 0.18 -> 0
    (4, 0, 0, 0),  # fee 0.4 -> 0
    (0, 0, 0, 0),
    (27778, 2778, 500, 3278),  # GST 500.04 -> 500
    (19445, 1945, 350, 2295),  # fee 1944.5 -> 1945; GST 350.1 -> 350
])
def test_the_fee_and_gst_round_half_up_once_each(revenue, fee, gst, total):
    result = usage_fee(revenue, fee_bps=1000, gst_bps=1800)
    assert (result.gross_revenue, result.fee_amount, result.gst_amount,
            result.total_amount) == (revenue, fee, gst, total)


def test_gst_is_on_the_rounded_fee_not_on_the_exact_one():
    # revenue 25: the exact fee 2.5 would carry GST 0.45 -> 0; the invoiced fee is 3, so 1
    assert usage_fee(25, fee_bps=1000, gst_bps=1800).gst_amount == 1
    # other rates: 2.5% of 1,000,001 is 25000.025 -> 25000, and GST 18% of it 4500 exactly
    fee = usage_fee(1_000_001, fee_bps=250, gst_bps=1800)
    assert (fee.fee_amount, fee.gst_amount, fee.total_amount) == (25000, 4500, 29500)


def test_half_up_and_bad_input():
    assert [half_up(n, 10) for n in (14, 15, 16, 24, 25)] == [1, 2, 2, 2, 3]
    with pytest.raises(RuleViolation):
        usage_fee(-1, fee_bps=1000, gst_bps=1800)


def _payment(n: int, *, author: str | None = "usr_a", gross: int = 1000, refunded: int = 0,
             status: PaymentStatus = PaymentStatus.SUCCEEDED, currency: str = "INR",
             type: PaymentType = PaymentType.TIP,
             at: datetime = OCT + timedelta(days=3)) -> Payment:
    return Payment(id=f"pay_{n}", reader_id="usr_r", author_id=author, type=type,
                   status=status, gross_amount=gross, refunded_amount=refunded,
                   currency=currency, gateway="sandbox", gateway_payment_id=f"g{n}",
                   processed_at=at, created_at=at, updated_at=at)


def test_revenue_counts_kept_money_per_author_and_currency_in_the_month():
    payments = [
        _payment(1, gross=30000, type=PaymentType.SUBSCRIPTION),
        _payment(2, gross=10000, refunded=2500, status=PaymentStatus.PARTIALLY_REFUNDED,
                 type=PaymentType.ONE_TIME_PURCHASE),
        _payment(3, gross=5000, refunded=5000, status=PaymentStatus.REFUNDED),
        _payment(4, gross=2000),
        _payment(5, gross=999, status=PaymentStatus.FAILED),
        _payment(6, gross=999, status=PaymentStatus.DISPUTED),
        _payment(7, gross=999, at=NOV),  # next month
        _payment(8, gross=999, at=OCT - timedelta(seconds=1)),  # last month
        _payment(9, gross=500, currency="USD"),
        _payment(10, gross=999, author=None, type=PaymentType.COINS),
        _payment(11, gross=700, author="usr_b", refunded=700, status=PaymentStatus.REFUNDED),
    ]
    assert revenue_of(payments, start=OCT, end=NOV) == [
        Revenue(author_id="usr_a", currency="INR", amount=39500, transaction_count=4,
                breakdown={"ONE_TIME_PURCHASE": 7500, "SUBSCRIPTION": 30000, "TIP": 2000}),
        Revenue(author_id="usr_a", currency="USD", amount=500, transaction_count=1,
                breakdown={"TIP": 500}),
    ]  # usr_b kept nothing: no revenue, no invoice


def test_months():
    assert month_period(2026, 10) == (OCT, NOV)
    assert month_period(2026, 12) == (datetime(2026, 12, 1, tzinfo=UTC),
                                      datetime(2027, 1, 1, tzinfo=UTC))
    assert previous_month(datetime(2027, 1, 1, 0, 5, tzinfo=UTC)) == (2026, 12)
    assert previous_month(NOV) == (2026, 10)
    with pytest.raises(RuleViolation):
        month_period(2026, 13)


def _invoice(now: datetime = NOV) -> PlatformInvoice:
    counter = InvoiceCounter(id="pic_1", year=2026)
    revenue = Revenue(author_id="usr_a", currency="INR", amount=12345, transaction_count=2,
                      breakdown={"TIP": 12345})
    return PlatformInvoice.issue(id="pin_1", number=counter.take(), revenue=revenue,
                                 period_start=OCT, period_end=NOV, fee_bps=1000,
                                 gst_bps=1800, due_days=15, now=now)


def test_an_issued_invoice_states_the_rule_and_is_paid_once():
    invoice = _invoice()
    assert (invoice.number, invoice.fee_amount, invoice.gst_amount, invoice.total_amount,
            invoice.status) == ("OV-2026-000001", 1235, 222, 1457,
                                PlatformInvoiceStatus.PENDING)
    assert invoice.due_date == datetime(2026, 11, 16, tzinfo=UTC)
    with pytest.raises(RuleViolation) as bad:
        invoice.mark_paid(now=NOV, payment_method="  ")
    assert bad.value.code == "invalid_payment_method"
    invoice.mark_paid(now=NOV, payment_method="bank_transfer", payment_reference=" UTR1 ")
    assert (invoice.status, invoice.paid_at, invoice.payment_reference) == (
        PlatformInvoiceStatus.PAID, NOV, "UTR1")
    with pytest.raises(InvalidTransition) as again:
        invoice.mark_paid(now=NOV, payment_method="bank_transfer")
    assert again.value.code == "invoice_already_paid"


def test_counters_number_without_gaps():
    counter = InvoiceCounter(id="pic_1", year=2027, last_number=41)
    assert [counter.take() for _ in range(2)] == ["OV-2027-000042", "OV-2027-000043"]


def test_reminders_come_once_per_stage():
    invoice = _invoice()
    due = invoice.due_date
    assert invoice.reminder_due(due - timedelta(days=3, seconds=1)) is None
    assert invoice.reminder_due(due - timedelta(days=3)) == ReminderStage.DUE_SOON
    invoice.remind(ReminderStage.DUE_SOON, due - timedelta(days=3))
    assert invoice.reminder_due(due - timedelta(days=1)) is None
    assert invoice.reminder_due(due) == ReminderStage.OVERDUE
    invoice.remind(ReminderStage.OVERDUE, due)
    assert invoice.reminder_due(due + timedelta(days=30)) is None
    late = _invoice()  # never reminded before it fell due: only the overdue one
    assert late.reminder_due(due + timedelta(days=1)) == ReminderStage.OVERDUE
    late.mark_paid(now=due, payment_method="upi")
    assert late.reminder_due(due + timedelta(days=1)) is None
