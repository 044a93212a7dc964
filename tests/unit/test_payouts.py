"""Payout statements from payments: per gateway and currency, refunds (whole and partial), a
lost chargeback and an open dispute netted, unknown gateway fees counted but not invented,
the FREE-tier platform fee shared between gateways to the unit; the nets add up to what the
payments kept minus every fee; a refund or chargeback in a later month is that month's
adjustment."""

from datetime import UTC, datetime
from itertools import count

import pytest

from ownverso.domain.billing.platform_invoice import usage_fee
from ownverso.domain.payments.payment import Payment, PaymentEvent, PaymentType
from ownverso.domain.payments.payout import (
    AuthorPayout,
    PayoutStatus,
    PlatformCharge,
    allocate,
    payout_figures,
)

OCT_1, NOV_1 = datetime(2026, 10, 1, tzinfo=UTC), datetime(2026, 11, 1, tzinfo=UTC)
OCT_5 = datetime(2026, 10, 5, 12, tzinfo=UTC)
T = PaymentType
_ids = count(1)


def paid(gross: int, *, fee: int | None = None, type: PaymentType = T.TIP,
         gateway: str = "stripe", author: str | None = "usr_ana", currency: str = "INR",
         at: datetime = OCT_5) -> Payment:
    """A payment collected at ``at`` through the state machine, with the gateway's fee if
    it reported one."""
    n = next(_ids)
    payment, _ = Payment.open(
        id=f"pay_{n}", event_id=f"pev_{n}_0", now=at, reader_id="usr_reader",
        author_id=author, type=type, gross_amount=gross, currency=currency, gateway=gateway,
        gateway_payment_id=f"gw_{n}")
    payment.succeed(event_id=f"pev_{n}_1", now=at, gateway_fee=fee)
    return payment


LOG: list[PaymentEvent] = []  # the payments' event log lines, as storage keeps them


def refunded(payment: Payment, amount: int, at: datetime = OCT_5) -> Payment:
    LOG.append(payment.refund(event_id=f"{payment.id}_r{payment.event_count}", now=at,
                              amount=amount))
    return payment


def disputed(payment: Payment, *, lost: bool = False, at: datetime = OCT_5) -> Payment:
    LOG.append(payment.open_dispute(event_id=f"{payment.id}_d", now=at))
    if lost:
        LOG.append(payment.lose_dispute(event_id=f"{payment.id}_l", now=at))
    return payment


def october() -> list[Payment]:
    failed, _ = Payment.open(id="pay_failed", event_id="pev_f", now=OCT_5,
                             reader_id="usr_reader", author_id="usr_ana", type=T.TIP,
                             gross_amount=999, currency="INR", gateway="stripe",
                             gateway_payment_id="gw_failed")
    failed.fail(event_id="pev_f1", now=OCT_5, code="card_declined")
    return [
        paid(10000, fee=320, type=T.SUBSCRIPTION),
        refunded(paid(5000, fee=175, type=T.ONE_TIME_PURCHASE), 1000),  # partial refund
        refunded(paid(2000, fee=88), 2000),  # wholly refunded: the fee is not returned
        disputed(paid(3000, fee=117, type=T.SUBSCRIPTION), lost=True),  # a chargeback
        disputed(paid(4000)),  # still open, fee unknown
        paid(1500, gateway="sandbox", type=T.GIFT),  # the sandbox reports no fee
        failed,
        paid(7777, fee=1, at=datetime(2026, 9, 30, 23, 59, tzinfo=UTC)),
        paid(8888, fee=1, at=NOV_1),
        paid(9999, type=T.COINS, author=None),  # the platform sold it
    ]


def test_a_month_is_netted_per_gateway_and_currency_with_nothing_invented():
    payments = october()
    fee = usage_fee(15500, fee_bps=1000, gst_bps=1800)  # the invoice: 14000 + 1500 kept
    assert (fee.fee_amount, fee.gst_amount) == (1550, 279)
    sandbox, stripe = payout_figures(payments, LOG, start=OCT_1, end=NOV_1, charges={
        ("usr_ana", "INR"): PlatformCharge(fee=fee.fee_amount, gst=fee.gst_amount)},
        revenues={("usr_ana", "stripe", "INR"): 14000, ("usr_ana", "sandbox", "INR"): 1500})

    assert (stripe.gateway, stripe.currency, stripe.transaction_count) == ("stripe", "INR", 5)
    assert (stripe.gross_revenue, stripe.refunded_amount, stripe.charged_back_amount,
            stripe.gateway_fees) == (24000, 3000, 3000, 700)
    # the fee is shared 1500 : 14000 between the gateways' invoice revenue
    assert (stripe.platform_fees, sandbox.platform_fees) == (1400 + 252, 150 + 27)
    assert stripe.net_payout == 24000 - 3000 - 3000 - 700 - 1652
    assert stripe.breakdown["by_type"] == {
        "ONE_TIME_PURCHASE": {"count": 1, "gross": 5000, "refunded": 1000, "charged_back": 0,
                              "gateway_fees": 175, "unknown_fees": 0, "net": 3825},
        "SUBSCRIPTION": {"count": 2, "gross": 13000, "refunded": 0, "charged_back": 3000,
                         "gateway_fees": 437, "unknown_fees": 0, "net": 9563},
        "TIP": {"count": 2, "gross": 6000, "refunded": 2000, "charged_back": 0,
                "gateway_fees": 88, "unknown_fees": 1, "net": 3912}}
    assert stripe.breakdown["unknown_fee_count"] == 1
    assert stripe.breakdown["open_disputes"] == {"count": 1, "amount": 4000}
    assert stripe.breakdown["platform_fee"] == {"revenue": 14000, "fee": 1400, "gst": 252,
                                                "invoice_number": None}
    assert (sandbox.gross_revenue, sandbox.gateway_fees, sandbox.net_payout,
            sandbox.breakdown["unknown_fee_count"]) == (1500, 0, 1500 - 177, 1)

    # payouts add up to what the payments kept minus the gateway's and the platform's fees
    counted = [p for p in payments if OCT_1 <= p.processed_at < NOV_1 and p.author_id]
    assert stripe.net_payout + sandbox.net_payout == (
        sum(p.kept_amount for p in counted) - sum(p.gateway_fee or 0 for p in counted)
        - fee.total_amount)


def test_an_issued_invoice_is_named_and_a_paid_tier_pays_no_platform_fee():
    payments = [paid(1000, fee=30), paid(2000, fee=60, currency="USD"),
                paid(500, fee=15, author="usr_bob")]
    charges = {("usr_ana", "INR"): PlatformCharge(fee=100, gst=18,
                                                  invoice_number="OV-2026-000007")}
    ana_inr, ana_usd, bob = payout_figures(payments, LOG, start=OCT_1, end=NOV_1, charges=charges,
                                           revenues={})
    assert (ana_inr.platform_fees, ana_inr.net_payout, ana_inr.invoice_number) == (
        118, 1000 - 30 - 118, "OV-2026-000007")
    assert (ana_usd.platform_fees, ana_usd.net_payout, ana_usd.invoice_number) == (
        0, 1940, None)
    assert (bob.author_id, bob.platform_fees, bob.net_payout) == ("usr_bob", 0, 485)


def test_a_month_of_only_refunds_still_shows_the_fees_kept():
    [figures] = payout_figures([refunded(paid(2000, fee=88), 2000)], LOG, start=OCT_1, end=NOV_1,
                               charges={}, revenues={})
    assert (figures.gross_revenue, figures.refunded_amount, figures.net_payout) == (
        2000, 2000, -88)
    assert payout_figures([], LOG, start=OCT_1, end=NOV_1, charges={}, revenues={}) == []


@pytest.mark.parametrize(("total", "weights", "shares"), [
    (10, [1, 1, 1], [4, 3, 3]),
    (7, [2, 3, 5], [1, 2, 4]),
    (100, [0, 0], [100, 0]),
    (0, [5, 5], [0, 0]),
    (1829, [1500, 14000], [177, 1652]),
])
def test_a_fee_is_shared_in_whole_units_that_add_up(total, weights, shares):
    assert allocate(total, weights) == shares
    assert sum(allocate(total, weights)) == total


def test_a_statement_is_final_when_made():
    [figures] = payout_figures([paid(1000, fee=30)], LOG, start=OCT_1, end=NOV_1, charges={},
                               revenues={})
    payout = AuthorPayout.settle(id="apo_1", figures=figures, period_start=OCT_1,
                                 period_end=NOV_1, now=NOV_1)
    assert (payout.status, payout.completed_at, payout.net_payout, payout.gateway) == (
        PayoutStatus.COMPLETED, NOV_1, 970, "stripe")


def test_a_later_refund_or_chargeback_is_the_later_months_adjustment():
    nov_5, dec_1 = datetime(2026, 11, 5, tzinfo=UTC), datetime(2026, 12, 1, tzinfo=UTC)
    tip = refunded(paid(3000, fee=90), 1000, at=nov_5)  # October's tip, refunded in November
    lost = disputed(paid(2000, fee=60, type=T.SUBSCRIPTION), lost=True, at=nov_5)
    november_tip = paid(500, fee=15, at=nov_5)
    payments = [tip, lost, november_tip]

    [october] = payout_figures(payments, LOG, start=OCT_1, end=NOV_1, charges={},
                               revenues={})
    assert (october.gross_revenue, october.refunded_amount, october.charged_back_amount,
            october.net_payout, october.transaction_count) == (5000, 0, 0, 5000 - 150, 2)
    [november] = payout_figures(payments, LOG, start=NOV_1, end=dec_1, charges={},
                                revenues={})
    assert (november.gross_revenue, november.refunded_amount, november.charged_back_amount,
            november.net_payout, november.transaction_count) == (
        500, 1000, 2000, 500 - 15 - 1000 - 2000, 1)
    assert november.breakdown["adjustments"] == {"count": 2, "refunded": 1000,
                                                 "charged_back": 2000}
    assert november.breakdown["by_type"]["SUBSCRIPTION"] == {
        "count": 0, "gross": 0, "refunded": 0, "charged_back": 2000, "gateway_fees": 0,
        "unknown_fees": 0, "net": -2000}
    # over both months, the statements take back what the payments gave back
    assert october.net_payout + november.net_payout == (
        sum(p.kept_amount for p in payments) - sum(p.gateway_fee or 0 for p in payments))
