"""The facts the access rule reads, built from the publishing and sites entities."""

from datetime import UTC, datetime, timedelta

import pytest

from ownverso.domain.access import ChapterFacts, SeriesFacts, SiteFacts, TierFacts, ViewerFacts
from ownverso.domain.identity.values import UserStatus
from ownverso.domain.publishing.chapter import Chapter
from ownverso.domain.publishing.chapter_access import AccessSettings
from ownverso.domain.publishing.series import Series
from ownverso.domain.publishing.values import ChapterAccessLevel, SeriesStatus
from ownverso.domain.sites.site import Site
from ownverso.domain.sites.values import SiteStatus

NOW = datetime(2026, 11, 1, tzinfo=UTC)


def test_chapter_facts_follow_the_chapter():
    ch = Chapter(id="c1", series_id="s", site_id="w", author_id="a", slug="one",
                 chapter_number=1, created_at=NOW, updated_at=NOW, content="text")
    ch.publish(now=NOW)
    ch.schedule_free(NOW + timedelta(days=3), timezone="UTC", now=NOW, replacing=False)
    ch.set_access(AccessSettings(access_level=ChapterAccessLevel.SCHEDULED_FREE, price=99,
                                 currency="USD", preview_paragraphs=2), now=NOW)
    facts = ChapterFacts.of(ch, coin_price=12)
    assert (facts.id, facts.is_published, facts.published_at) == ("c1", True, NOW)
    assert (facts.access_level, facts.price, facts.currency, facts.coin_price) == (
        ChapterAccessLevel.SCHEDULED_FREE, 99, "USD", 12)
    assert (facts.scheduled_free_at, facts.preview_paragraphs) == (NOW + timedelta(days=3), 2)
    ch.soft_delete(now=NOW)
    assert not ChapterFacts.of(ch).is_published


@pytest.mark.parametrize(("status", "visible"), [
    (SeriesStatus.DRAFT, False), (SeriesStatus.ONGOING, True), (SeriesStatus.HIATUS, True),
    (SeriesStatus.COMPLETED, True), (SeriesStatus.CANCELLED, False),
])
def test_series_facts_visible_when_public_and_active(status, visible):
    series = Series(id="s", author_id="a", site_id="w", slug="s", title="S", synopsis="",
                    created_at=NOW, updated_at=NOW, status=status, early_access_days=4,
                    preview_paragraphs=5)
    facts = SeriesFacts.of(series)
    assert (facts.is_visible, facts.early_access_days, facts.preview_paragraphs) == (
        visible, 4, 5)
    series.deleted_at = NOW
    assert not SeriesFacts.of(series).is_visible


@pytest.mark.parametrize(("status", "public", "visible"), [
    (SiteStatus.ACTIVE, True, True), (SiteStatus.MAINTENANCE, True, True),
    (SiteStatus.SUSPENDED, True, False), (SiteStatus.DELETED, True, False),
    (SiteStatus.ACTIVE, False, False),
])
def test_site_facts_visible_when_public_and_active(status, public, visible):
    site = Site(id="w", author_id="a", slug="site", name="Site", created_at=NOW,
                updated_at=NOW, status=status, is_public=public)
    assert SiteFacts.of(site) == SiteFacts(is_visible=visible, author_id="a")


def test_viewer_facts():
    assert not ViewerFacts.anonymous().is_restricted
    assert ViewerFacts(user_id="u", status=UserStatus.BANNED).is_restricted
    site = SiteFacts(is_visible=True, author_id="a")
    assert ViewerFacts(user_id="a").is_author_of(site)
    assert not ViewerFacts.anonymous().is_author_of(site)


def test_tier_rank_by_monthly_price_then_display_order():
    cheap = TierFacts(id="1", name="1", monthly_price=100, display_order=0)
    dear = TierFacts(id="2", name="2", monthly_price=200, display_order=9)
    first = TierFacts(id="3", name="3", monthly_price=200, display_order=1)
    assert dear.ranks_at_least(cheap) and not cheap.ranks_at_least(dear)
    assert first.ranks_at_least(dear) and not dear.ranks_at_least(first)
    assert cheap.ranks_at_least(cheap)
    assert TierFacts(id="f", name="f", monthly_price=0).is_free
    assert not TierFacts(id="f", name="f", monthly_price=0, annual_price=100).is_free
