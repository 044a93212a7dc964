"""The access rule (issue 4, rules 1-7): each rule in order, and its edges."""

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from ownverso.domain.access import (
    ChapterFacts,
    EntitlementFacts,
    EntitlementKind,
    EntitlementState,
    SeriesFacts,
    SiteFacts,
    SubscriptionFacts,
    SubscriptionStatus,
    TierFacts,
    ViewerFacts,
    decide,
)
from ownverso.domain.identity.values import UserStatus
from ownverso.domain.publishing.values import ChapterAccessLevel as Level

NOW = datetime(2026, 11, 1, 12, tzinfo=UTC)
DAY = timedelta(days=1)
SITE = SiteFacts(is_visible=True, author_id="author")
SERIES = SeriesFacts(is_visible=True)
READER = ViewerFacts(user_id="reader")
BASIC = TierFacts(id="basic", name="Basic", monthly_price=300, annual_price=3000,
                  display_order=1)
PREMIUM = TierFacts(id="premium", name="Premium", monthly_price=900, display_order=2)
FREE_TIER = TierFacts(id="free", name="Free", monthly_price=0, display_order=0)
TIERS = (FREE_TIER, BASIC, PREMIUM)


def chapter(level=Level.FREE, **kw):
    return ChapterFacts(id="ch", is_published=True, published_at=NOW - 30 * DAY,
                        access_level=level, **kw)


def sub(tier="basic", status=SubscriptionStatus.ACTIVE, **kw):
    return SubscriptionFacts(tier_id=tier, status=status, **kw)


def run(ch=None, *, series=SERIES, site=SITE, viewer=READER, tiers=TIERS, subs=(),
        ents=(), now=NOW):
    return decide(chapter=ch or chapter(), series=series, site=site, viewer=viewer,
                  tiers=tiers, subscriptions=subs, entitlements=ents, now=now)


# -- rule 1: hidden chapters exist only for staff ---------------------------------------------
HIDDEN = {
    "unpublished chapter": dict(ch=replace(chapter(), is_published=False)),
    "hidden series": dict(series=SeriesFacts(is_visible=False)),
    "hidden site": dict(site=SiteFacts(is_visible=False, author_id="author")),
}


@pytest.mark.parametrize("case", HIDDEN.values(), ids=HIDDEN.keys())
def test_a_hidden_chapter_is_not_found_for_readers_and_anonymous(case):
    for viewer in (READER, ViewerFacts.anonymous()):
        decision = run(viewer=viewer, **case)
        assert (decision.exists, decision.granted, decision.reason) == (False, False,
                                                                        "not_found")


@pytest.mark.parametrize("case", HIDDEN.values(), ids=HIDDEN.keys())
@pytest.mark.parametrize(("viewer", "reason"), [
    (ViewerFacts(user_id="author"), "author"),
    (ViewerFacts(user_id="x", site_role="OWNER", has_content_rights=True), "author"),
    (ViewerFacts.of(user_id="ed", site_role="EDITOR"), "collaborator"),
    (ViewerFacts(user_id="adm", is_admin=True), "admin"),
])
def test_staff_read_hidden_chapters(case, viewer, reason):
    decision = run(viewer=viewer, **case)
    assert (decision.exists, decision.granted, decision.reason) == (True, True, reason)


def test_a_collaborator_without_content_rights_is_a_reader():
    viewer = ViewerFacts(user_id="an", site_role="ANALYST", has_content_rights=False)
    assert run(viewer=viewer, **HIDDEN["unpublished chapter"]).reason == "not_found"
    gated = run(chapter(Level.SUBSCRIBERS), viewer=viewer)
    assert (gated.granted, gated.reason) == (False, "subscription_required")


def test_the_content_rights_flag_comes_from_the_permission_matrix():
    assert ViewerFacts.of(user_id="a", site_role="ANALYST").has_content_rights
    assert not ViewerFacts.of(user_id="a", site_role="NOBODY").has_content_rights
    assert not ViewerFacts.of(user_id="a").has_content_rights


# -- rule 2: staff read everything --------------------------------------------------------------
@pytest.mark.parametrize(("viewer", "reason"), [
    (ViewerFacts(user_id="author"), "author"),
    (ViewerFacts.of(user_id="tr", site_role="TRANSLATOR"), "collaborator"),
    (ViewerFacts(user_id="adm", is_admin=True), "admin"),
    (ViewerFacts(user_id="author", status=UserStatus.SUSPENDED), "author"),  # rule 2 first
])
@pytest.mark.parametrize("level", list(Level))
def test_staff_read_every_level(viewer, reason, level):
    ch = chapter(level, minimum_tier_id="premium", scheduled_free_at=NOW + DAY)
    decision = run(ch, viewer=viewer, series=SeriesFacts(is_visible=True, early_access_days=60))
    assert (decision.granted, decision.reason) == (True, reason)


# -- rule 3: suspended and banned readers -------------------------------------------------------
@pytest.mark.parametrize("status", [UserStatus.SUSPENDED, UserStatus.BANNED])
def test_restricted_readers_read_nothing_not_even_free_or_bought(status):
    viewer = ViewerFacts(user_id="r", status=status)
    bought = [EntitlementFacts(kind=EntitlementKind.PURCHASE, chapter_id="ch")]
    for ch in (chapter(), chapter(Level.SUBSCRIBERS, price=100)):
        decision = run(ch, viewer=viewer, subs=[sub("premium")], ents=bought)
        assert (decision.exists, decision.granted) == (True, False)
        assert decision.reason == "account_restricted"
        assert decision.shows_preview


def test_restricted_readers_still_get_404_on_hidden_chapters():
    viewer = ViewerFacts(user_id="r", status=UserStatus.BANNED)
    assert run(viewer=viewer, **HIDDEN["hidden site"]).exists is False


def test_unverified_readers_are_not_restricted():
    viewer = ViewerFacts(user_id="r", status=UserStatus.PENDING_VERIFICATION)
    assert run(viewer=viewer).granted


# -- rule 4: permanent entitlements -------------------------------------------------------------
@pytest.mark.parametrize(("kind", "state", "granted", "reason"), [
    (EntitlementKind.PURCHASE, EntitlementState.SUCCEEDED, True, "purchase"),
    (EntitlementKind.COIN_UNLOCK, EntitlementState.SUCCEEDED, True, "coin_unlock"),
    (EntitlementKind.PURCHASE, EntitlementState.REFUNDED, False, "tier_required"),
    (EntitlementKind.PURCHASE, EntitlementState.CHARGED_BACK, False, "tier_required"),
    (EntitlementKind.COIN_UNLOCK, EntitlementState.REFUNDED, False, "tier_required"),
])
def test_entitlements_count_until_refunded(kind, state, granted, reason):
    ch = chapter(Level.SPECIFIC_TIER, minimum_tier_id="premium", price=500)
    decision = run(ch, ents=[EntitlementFacts(kind=kind, chapter_id="ch", state=state)])
    assert (decision.granted, decision.reason) == (granted, reason)


def test_an_entitlement_to_another_chapter_does_not_count():
    ents = [EntitlementFacts(kind=EntitlementKind.PURCHASE, chapter_id="other")]
    assert not run(chapter(Level.SUBSCRIBERS), ents=ents).granted


# -- rule 5: the rolling release ----------------------------------------------------------------
P = NOW
EARLY = SeriesFacts(is_visible=True, early_access_days=7)
TIER_A = TierFacts(id="a", name="A", monthly_price=1000, early_access_days=7)
TIER_B = TierFacts(id="b", name="B", monthly_price=500, early_access_days=3)
ROLLING = (TIER_A, TIER_B, FREE_TIER)


@pytest.mark.parametrize(("offset", "anyone", "tier_a", "tier_b"), [
    (timedelta(0), False, True, False),
    (2 * DAY, False, True, False),
    (4 * DAY - timedelta(seconds=1), False, True, False),
    (4 * DAY, False, True, True),
    (6 * DAY, False, True, True),
    (7 * DAY, True, True, True),
    (30 * DAY, True, True, True),
])
def test_rolling_release_timeline(offset, anyone, tier_a, tier_b):
    ch = ChapterFacts(id="ch", is_published=True, published_at=P)
    now = P + offset
    for subs, expected in (((), anyone), ([sub("a")], tier_a), ([sub("b")], tier_b),
                           ([sub("free")], anyone)):
        decision = run(ch, series=EARLY, tiers=ROLLING, subs=subs, now=now)
        assert decision.granted is expected, (offset, subs)
        if not expected:
            assert decision.reason == "early_access"


def test_rolling_release_reasons_and_times():
    ch = ChapterFacts(id="ch", is_published=True, published_at=P)
    early = run(ch, series=EARLY, tiers=ROLLING, subs=[sub("b")], now=P + 5 * DAY)
    assert (early.reason, early.readable_at) == ("early_access_subscriber", P + 4 * DAY)
    waiting = run(ch, series=EARLY, tiers=ROLLING, subs=[sub("b")], now=P + DAY)
    assert waiting.readable_at == P + 4 * DAY
    anon = run(ch, series=EARLY, tiers=ROLLING, viewer=ViewerFacts.anonymous(), now=P)
    assert (anon.reason, anon.readable_at) == ("early_access", P + 7 * DAY)
    later = run(ch, series=EARLY, tiers=ROLLING, now=P + 8 * DAY)
    assert (later.reason, later.readable_at) == ("free", P + 7 * DAY)


def test_early_access_never_before_publication():
    ch = ChapterFacts(id="ch", is_published=True, published_at=P)
    long = replace(TIER_A, early_access_days=30)
    assert run(ch, series=EARLY, tiers=(long,), subs=[sub("a")], now=P).readable_at == P


def test_the_early_access_schedule_is_in_the_unlock_options():
    ch = ChapterFacts(id="ch", is_published=True, published_at=P)
    options = run(ch, series=EARLY, tiers=ROLLING, now=P).unlock_options
    assert [(o.tier_id, o.available_at) for o in options.tiers] == [("b", P + 4 * DAY),
                                                                   ("a", P)]
    assert options.free_at == P + 7 * DAY
    assert options.purchase_price is None and options.coin_price is None


def test_a_free_chapter_without_early_access_is_free_at_once():
    decision = run(chapter(), viewer=ViewerFacts.anonymous())
    assert (decision.granted, decision.reason, decision.readable_at) == (True, "free", None)
    assert decision.unlock_options.tiers == ()
