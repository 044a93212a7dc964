"""The pure subscriber numbers: live counts, new and churned in a period, churn rates in basis
points, MRR per currency and tier (annual // 12, gifts and trials 0), revenue, the months of a
churn analysis, reasons and feedback; and the CSV formula guard."""

from datetime import UTC, datetime, timedelta
from itertools import count

import pytest

from ownverso.domain.memberships.invoice import InvoiceKind, InvoiceStatus, SubscriptionInvoice
from ownverso.domain.memberships.subscriber_stats import (
    churn_analysis,
    churn_rate_bp,
    month_windows,
    monthly_value,
    subscribed_at,
    subscriber_stats,
)
from ownverso.domain.memberships.subscription import Subscription
from ownverso.domain.memberships.values import BillingCycle
from ownverso.services.memberships.subscribers import safe_cell

NOW = datetime(2026, 3, 15, 12, 0, tzinfo=UTC)
PERIOD = (NOW - timedelta(days=30), NOW)  # Feb 13 12:00 -> Mar 15 12:00
NAMES = {"gold": "Gold", "silver": "Silver", "bronze": "Bronze"}
_ids = count(1)


def day(month: int, d: int, year: int = 2026) -> datetime:
    return datetime(year, month, d, 12, 0, tzinfo=UTC)


def sub(tier: str, price: int, started: datetime, *, cycle=BillingCycle.MONTHLY,
        currency: str = "USD", **start) -> Subscription:
    s = Subscription(id=f"sub_{next(_ids):03d}", reader_id=f"usr_{next(_ids):03d}",
                     site_id="site", tier_id=tier, billing_cycle=cycle, price_at_purchase=price,
                     original_price=price, currency=currency)
    if "gift_months" in start:
        s.start_gift(now=started, months=start["gift_months"])
    else:
        s.start(now=started, **start)
    return s


def invoice(s: Subscription, amount: int, at: datetime,
            status: InvoiceStatus = InvoiceStatus.PAID) -> SubscriptionInvoice:
    return SubscriptionInvoice(id=f"inv_{next(_ids):03d}", subscription_id=s.id,
                               reader_id=s.reader_id, site_id="site", tier_id=s.tier_id,
                               kind=InvoiceKind.RENEWAL, status=status, amount=amount,
                               original_amount=amount, currency=s.currency, created_at=at)


@pytest.fixture
def site():
    """Eleven started subscriptions and one unpaid checkout, in every state."""
    subs = {
        "a": sub("gold", 900, datetime(2025, 12, 1, 12, tzinfo=UTC)),
        "b": sub("gold", 9000, day(1, 10), cycle=BillingCycle.ANNUAL),
        "c": sub("silver", 300, day(3, 1)),
        "d": sub("gold", 900, day(3, 10), trial_days=14),
        "e": sub("gold", 900, day(2, 20), gift_months=2),
        "f": sub("silver", 300, day(1, 5)),
        "g": sub("silver", 300, day(2, 1)),
        "h": sub("gold", 900, day(2, 20)),
        "i": sub("silver", 300, day(1, 15)),
        "j": sub("bronze", 10000, day(1, 1), currency="INR"),
        "k": sub("gold", 900, day(2, 14)),
    }
    subs["f"].cancel(now=day(1, 20), reason="too expensive")
    assert subs["f"].expire_if_due(day(2, 6)) and subs["f"].expires_at == day(2, 5)
    subs["g"].cancel(now=day(2, 10), reason=" too expensive ", feedback="=cmd|' /C calc'!A0")
    assert subs["g"].expire_if_due(day(3, 2)) and subs["g"].expires_at == day(3, 1)
    subs["h"].cancel(now=day(3, 10), reason="not enough content",
                     feedback="More chapters please")
    subs["i"].pause(months=1, now=day(3, 1))
    subs["k"].payment_failed(now=day(3, 14))
    unpaid = Subscription(id="sub_unpaid", reader_id="usr_x", site_id="site", tier_id="gold",
                          price_at_purchase=900, original_price=900, created_at=day(3, 1))
    invoices = [invoice(subs["c"], 300, day(3, 1)), invoice(subs["k"], 900, day(3, 14),
                                                            InvoiceStatus.FAILED),
                invoice(subs["b"], 9000, day(1, 10)), invoice(subs["j"], 10000, day(3, 1))]
    return [*subs.values(), unpaid], invoices


def test_stats_of_a_known_site(site):
    subs, invoices = site
    stats = subscriber_stats(subs, invoices, now=NOW, start=PERIOD[0], end=PERIOD[1],
                             tier_names=NAMES)
    assert (stats.active, stats.trialing, stats.gifted, stats.past_due, stats.cancelling,
            stats.paused) == (8, 1, 1, 1, 1, 1)
    assert (stats.new, stats.churned, stats.subscribed_at_start) == (5, 1, 5)
    assert stats.churn_rate_bp == 2000
    assert [(m.currency, m.amount) for m in stats.mrr] == [("INR", 10000), ("USD", 3750)]
    assert [(t.tier_name, t.currency, t.amount, t.subscribers) for t in stats.mrr_by_tier] == [
        ("Bronze", "INR", 10000, 1), ("Gold", "USD", 3450, 4), ("Silver", "USD", 300, 1)]
    assert [(r.currency, r.amount, r.invoices) for r in stats.revenue] == [
        ("INR", 10000, 1), ("USD", 300, 1)]


def test_an_empty_site_has_no_churn_rate():
    stats = subscriber_stats([], [], now=NOW, start=PERIOD[0], end=PERIOD[1])
    assert (stats.active, stats.churn_rate_bp, stats.mrr, stats.revenue) == (0, None, [], [])


def test_churn_month_by_month(site):
    subs, _ = site
    churn = churn_analysis(subs, now=NOW, months=3, tier_names=NAMES)
    assert (churn.window_start, churn.window_end) == (datetime(2026, 1, 1, tzinfo=UTC),
                                                      datetime(2026, 4, 1, tzinfo=UTC))
    assert [(m.month, m.subscribed_at_start, m.new, m.churned, m.churn_rate_bp)
            for m in churn.months] == [("2026-01", 1, 4, 0, 0), ("2026-02", 5, 4, 1, 2000),
                                       ("2026-03", 8, 2, 1, 1250)]
    assert [(t.tier_name, t.subscribed_at_start, t.churned, t.churn_rate_bp)
            for t in churn.by_tier] == [("Silver", 0, 2, None), ("Gold", 1, 0, 0)]
    assert [(r.reason, r.count) for r in churn.cancel_reasons] == [
        ("too expensive", 2), ("not enough content", 1)]
    assert [(f.feedback, f.tier_name, f.cancelled_at) for f in churn.recent_feedback] == [
        ("More chapters please", "Gold", day(3, 10)),
        ("=cmd|' /C calc'!A0", "Silver", day(2, 10))]


def test_a_resumed_cancellation_leaves_no_reason():
    s = sub("gold", 900, day(3, 1))
    s.cancel(now=day(3, 2), reason="oops")
    s.resume(now=day(3, 3))
    churn = churn_analysis([s], now=NOW, months=1)
    assert churn.cancel_reasons == [] and churn.recent_feedback == []
    reasons = churn_analysis([sub("gold", 900, day(3, 1))], now=NOW, months=1).cancel_reasons
    assert reasons == []


def test_rates_round_half_up_in_basis_points():
    assert churn_rate_bp(1, 3) == 3333
    assert churn_rate_bp(2, 3) == 6667
    assert churn_rate_bp(1, 8) == 1250
    assert churn_rate_bp(0, 5) == 0
    assert churn_rate_bp(3, 2) == 15000  # new subscribers who left in the same period
    assert churn_rate_bp(1, 0) is None


def test_monthly_value_floors_annual_prices_and_ignores_gifts_and_trials():
    assert monthly_value(sub("gold", 9999, day(1, 1), cycle=BillingCycle.ANNUAL)) == 833
    assert monthly_value(sub("gold", 900, day(1, 1))) == 900
    assert monthly_value(sub("gold", 900, day(1, 1), trial_days=7)) == 0
    assert monthly_value(sub("gold", 0, day(1, 1), gift_months=1)) == 0


def test_subscribed_at_counts_from_the_start_until_expiry():
    s = sub("gold", 900, day(1, 5))
    s.cancel(now=day(1, 6))
    assert s.expire_if_due(day(2, 10))  # the job ran late: access ended Feb 5
    assert not subscribed_at(s, day(1, 5) - timedelta(seconds=1))
    assert subscribed_at(s, day(1, 5))
    assert subscribed_at(s, day(2, 5) - timedelta(seconds=1))
    assert not subscribed_at(s, day(2, 5))


def test_month_windows_cross_the_year():
    windows = month_windows(datetime(2026, 2, 3, tzinfo=UTC), 3)
    assert [start.date().isoformat() for start, _ in windows] == [
        "2025-12-01", "2026-01-01", "2026-02-01"]
    assert windows[-1][1] == datetime(2026, 3, 1, tzinfo=UTC)
    assert month_windows(datetime(2026, 12, 31, tzinfo=UTC), 1)[0][1] == datetime(
        2027, 1, 1, tzinfo=UTC)


@pytest.mark.parametrize("text, safe", [
    ("=HYPERLINK(\"x\")", "'=HYPERLINK(\"x\")"), ("+1", "'+1"), ("-2", "'-2"),
    ("@SUM(A1)", "'@SUM(A1)"), ("\tx", "'\tx"), ("ann", "ann"), ("a=b", "a=b"), ("", ""),
])
def test_spreadsheet_formulas_are_defused(text, safe):
    assert safe_cell(text) == safe


def test_numbers_are_left_alone():
    assert safe_cell(-5) == -5
