"""The access rule's gates (rules 6 and 7): subscribers, a tier, scheduled free, live states."""

from datetime import UTC, datetime, timedelta

import pytest

from ownverso.domain.access import (
    ChapterFacts,
    SeriesFacts,
    SiteFacts,
    SubscriptionFacts,
    SubscriptionStatus,
    TierFacts,
    ViewerFacts,
    decide,
)
from ownverso.domain.publishing.values import ChapterAccessLevel as Level

NOW = datetime(2026, 11, 1, 12, tzinfo=UTC)
DAY = timedelta(days=1)
S = SubscriptionStatus
FREE_TIER = TierFacts(id="free", name="Free", monthly_price=0, display_order=0)
LOW = TierFacts(id="low", name="Low", monthly_price=300, annual_price=3000, display_order=1)
MID = TierFacts(id="mid", name="Mid", monthly_price=600, currency="USD", display_order=2)
TWIN = TierFacts(id="twin", name="Twin", monthly_price=600, display_order=3)  # ties MID
TOP = TierFacts(id="top", name="Top", monthly_price=900, display_order=4)
OLD = TierFacts(id="old", name="Old", monthly_price=900, display_order=5, is_active=False)
TIERS = (FREE_TIER, LOW, MID, TWIN, TOP, OLD)


def run(ch, subs=(), *, tiers=TIERS, now=NOW, viewer=None):
    return decide(chapter=ch, series=SeriesFacts(is_visible=True, early_access_days=5),
                  site=SiteFacts(is_visible=True, author_id="author"),
                  viewer=viewer or ViewerFacts(user_id="reader"), tiers=tiers,
                  subscriptions=subs, entitlements=(), now=now)


def chapter(level, **kw):
    return ChapterFacts(id="ch", is_published=True, published_at=NOW, access_level=level, **kw)


def sub(tier, status=S.ACTIVE, **kw):
    return SubscriptionFacts(tier_id=tier, status=status, **kw)


# -- SUBSCRIBERS ------------------------------------------------------------------------------
@pytest.mark.parametrize(("tier", "granted"), [
    ("low", True), ("top", True), ("old", True),  # a deactivated tier keeps its subscribers
    ("free", False),  # not a paid subscription
    ("elsewhere", False),  # a tier of another site
])
def test_subscribers_need_a_live_paid_subscription_to_the_site(tier, granted):
    decision = run(chapter(Level.SUBSCRIBERS), [sub(tier)])
    assert decision.granted is granted
    assert decision.reason == ("subscriber" if granted else "subscription_required")


def test_subscribers_chapters_are_not_rolled_out_by_early_access():
    assert not run(chapter(Level.SUBSCRIBERS), now=NOW + 100 * DAY).granted


# -- SPECIFIC_TIER ----------------------------------------------------------------------------
@pytest.mark.parametrize(("tier", "granted"), [
    ("mid", True),  # the minimum itself
    ("top", True),  # a higher monthly price
    ("old", True),  # higher, deactivated but live
    ("twin", False),  # same price, later display order: ranks below
    ("low", False), ("free", False),
])
def test_specific_tier_needs_the_minimum_or_higher(tier, granted):
    decision = run(chapter(Level.SPECIFIC_TIER, minimum_tier_id="mid"), [sub(tier)])
    assert (decision.granted, decision.reason) == (granted, "tier" if granted else
                                                   "tier_required")


def test_a_display_order_tie_break_ranks_the_earlier_tier_above():
    decision = run(chapter(Level.SPECIFIC_TIER, minimum_tier_id="twin"), [sub("mid")])
    assert decision.granted


def test_an_unknown_minimum_tier_grants_no_subscriber():
    decision = run(chapter(Level.SPECIFIC_TIER, minimum_tier_id="gone"), [sub("top")])
    assert (decision.granted, decision.unlock_options.tiers) == (False, ())


def test_specific_tier_unlock_options_list_the_active_tiers_that_grant():
    ch = chapter(Level.SPECIFIC_TIER, minimum_tier_id="mid", price=250, currency="USD",
                 coin_price=40)
    options = run(ch).unlock_options
    assert [o.tier_id for o in options.tiers] == ["mid", "top"]
    mid = options.tiers[0]
    assert (mid.name, mid.monthly_price, mid.annual_price, mid.currency,
            mid.available_at) == ("Mid", 600, None, "USD", None)
    assert (options.purchase_price, options.currency, options.coin_price,
            options.free_at) == (250, "USD", 40, None)


def test_subscribers_unlock_options_are_the_paid_active_tiers_cheapest_first():
    options = run(chapter(Level.SUBSCRIBERS)).unlock_options
    assert [o.tier_id for o in options.tiers] == ["low", "twin", "mid", "top"]
    assert options.purchase_price is None and options.currency is None


def test_purchase_required_when_no_tier_would_grant():
    ch = chapter(Level.SUBSCRIBERS, price=100)
    decision = run(ch, tiers=(FREE_TIER,))
    assert (decision.granted, decision.reason) == (False, "purchase_required")
    assert decision.unlock_options.purchase_price == 100


# -- SCHEDULED_FREE ---------------------------------------------------------------------------
FREE_AT = NOW + 10 * DAY


@pytest.mark.parametrize(("now", "subs", "granted", "reason"), [
    (NOW, (), False, "subscription_required"),
    (NOW, [sub("low")], True, "subscriber"),
    (FREE_AT - timedelta(seconds=1), (), False, "subscription_required"),
    (FREE_AT, (), True, "scheduled_free"),
    (FREE_AT + 30 * DAY, (), True, "scheduled_free"),
])
def test_scheduled_free_is_gated_until_the_date_then_free(now, subs, granted, reason):
    decision = run(chapter(Level.SCHEDULED_FREE, scheduled_free_at=FREE_AT), subs, now=now)
    assert (decision.granted, decision.reason) == (granted, reason)
    if not granted:
        assert decision.readable_at == FREE_AT
        assert decision.unlock_options.free_at == FREE_AT


@pytest.mark.parametrize(("now", "tier", "granted", "reason"), [
    (NOW, "low", False, "tier_required"),
    (NOW, "mid", True, "tier"),
    (NOW, "top", True, "tier"),
    (FREE_AT, None, True, "scheduled_free"),
])
def test_scheduled_free_with_a_minimum_tier_is_gated_like_specific_tier(now, tier, granted,
                                                                        reason):
    ch = chapter(Level.SCHEDULED_FREE, scheduled_free_at=FREE_AT, minimum_tier_id="mid")
    decision = run(ch, [sub(tier)] if tier else (), now=now)
    assert (decision.granted, decision.reason) == (granted, reason)


def test_scheduled_free_without_a_date_stays_gated():
    decision = run(chapter(Level.SCHEDULED_FREE), now=NOW + 1000 * DAY)
    assert (decision.granted, decision.readable_at) == (False, None)


# -- rule 7: which subscriptions are live -----------------------------------------------------
END = NOW + 5 * DAY
PAST = NOW - DAY
LIVE_CASES = {
    "active": (sub("low"), True),
    "trialing": (sub("low", is_trialing=True), True),
    "cancelled before period end": (sub("low", S.CANCELLED, current_period_end=END), True),
    "cancelled after period end": (sub("low", S.CANCELLED, current_period_end=PAST), False),
    "cancelled without a period": (sub("low", S.CANCELLED), False),
    "past due within grace": (sub("low", S.PAST_DUE, grace_ends_at=NOW + DAY), True),
    "past due after grace": (sub("low", S.PAST_DUE, grace_ends_at=PAST), False),
    "past due, default grace kept": (sub("low", S.PAST_DUE, current_period_end=PAST), True),
    "past due, default grace over": (
        sub("low", S.PAST_DUE, current_period_end=NOW - 4 * DAY), False),
    "paused": (sub("low", S.PAUSED, current_period_end=END), False),
    "expired": (sub("low", S.EXPIRED, current_period_end=END), False),
    "gift within its months": (sub("low", is_gift=True, current_period_end=END), True),
    "gift after its months": (sub("low", is_gift=True, current_period_end=PAST), False),
    "paused trial": (sub("low", S.PAUSED, is_trialing=True), False),
}


@pytest.mark.parametrize(("subscription", "live"), LIVE_CASES.values(), ids=LIVE_CASES.keys())
def test_every_subscription_state(subscription, live):
    assert subscription.is_live(NOW) is live
    assert run(chapter(Level.SUBSCRIBERS), [subscription]).granted is live
    ch = chapter(Level.SPECIFIC_TIER, minimum_tier_id="low")
    assert run(ch, [subscription]).granted is live


def test_one_live_subscription_among_dead_ones_is_enough():
    subs = [sub("top", S.EXPIRED), sub("low", S.PAUSED), sub("mid")]
    assert run(chapter(Level.SPECIFIC_TIER, minimum_tier_id="mid"), subs).granted
