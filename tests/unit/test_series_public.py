"""What readers see of series, on the memory suite."""

import pytest

from ownverso.domain.accounts.tiers import PlatformTier
from ownverso.domain.publishing.values import SeriesStatus
from ownverso.domain.sites.values import CollaboratorRole, SiteStatus
from ownverso.services.errors import NotFound
from tests.support.series import World, hide_site, set_series


@pytest.fixture
def world():
    return World()


@pytest.fixture
def owner(world):
    return world.user(platform_tier=PlatformTier.GROWTH, username="mira")


@pytest.fixture
def site(world, owner):
    return world.site(owner)


@pytest.fixture
def public(world):
    return world.container.series_public()


def make(world, owner, site, slug, status=SeriesStatus.ONGOING, **counters):
    series = world.container.series().create(actor=owner, site_id=site.id,
                                             fields={"title": slug.title(), "slug": slug})
    set_series(world.container, series.id, status=status, **counters)
    return series


def test_the_public_site_list_has_no_drafts_and_nothing_deleted(world, owner, site, public):
    make(world, owner, site, "draft", status=SeriesStatus.DRAFT)
    gone = make(world, owner, site, "gone")
    make(world, owner, site, "live")
    make(world, owner, site, "done", status=SeriesStatus.COMPLETED)
    world.container.series().delete(actor=owner, series_id=gone.id)

    items, total = public.site_series(site_id=site.id, sort="title")
    assert [s.slug for s in items] == ["done", "live"] and total == 2


def test_a_hidden_site_has_no_public_series(world, owner, site, public):
    make(world, owner, site, "live")
    hide_site(world.container, site.id)
    with pytest.raises(NotFound):
        public.site_series(site_id=site.id)
    assert public.user_series(username="mira") == ([], 0)


def test_a_draft_is_visible_only_to_its_sites_team(world, owner, site, public):
    draft = make(world, owner, site, "draft", status=SeriesStatus.DRAFT)
    analyst = world.collaborator(site, CollaboratorRole.ANALYST)

    for viewer in (None, world.user()):
        with pytest.raises(NotFound):
            public.by_id(series_id=draft.id, viewer=viewer)
        with pytest.raises(NotFound):
            public.by_slug(site_id=site.id, slug="draft", viewer=viewer)
    assert public.by_id(series_id=draft.id, viewer=analyst)["series"].id == draft.id
    assert public.by_slug(site_id=site.id, slug="DRAFT", viewer=owner)["series"].id == draft.id


def test_the_public_view_carries_site_genres_tags_and_warnings(world, owner, site, public):
    live = make(world, owner, site, "live")
    container = world.container
    container.series_genres().add(actor=owner, series_id=live.id, genre_id="fantasy")
    container.series_tags().add(actor=owner, series_id=live.id, tag_id="dungeon")
    container.series_warnings().add(actor=owner, series_id=live.id, warning_id="gore")

    view = public.by_id(series_id=live.id)
    assert view["site"]["slug"] == site.slug
    assert [g.slug for g in view["genres"]] == ["fantasy"]
    assert [t.slug for t in view["tags"]] == ["dungeon"]
    assert [w.slug for w in view["content_warnings"]] == ["gore"]


def test_a_users_series_and_stats_count_public_series_only(world, owner, site, public):
    make(world, owner, site, "a", published_chapter_count=3, word_count=900, view_count=10)
    make(world, owner, site, "b", status=SeriesStatus.COMPLETED, is_complete=True,
         published_chapter_count=2, word_count=100, subscriber_count=4)
    make(world, owner, site, "c", status=SeriesStatus.DRAFT, word_count=5000)
    other = world.site(owner)
    make(world, owner, other, "d", word_count=7000)
    hide_site(world.container, other.id, SiteStatus.MAINTENANCE)  # maintenance stays public

    items, total = public.user_series(username="MIRA", sort="title")
    assert [s.slug for s in items] == ["a", "b", "d"] and total == 3
    stats = public.user_stats(username="mira")
    assert stats == {"username": "mira", "series": 3, "completed_series": 1,
                     "published_chapters": 5, "words": 8000, "views": 10, "subscribers": 4}


def test_a_private_profile_has_no_public_series_page(world, owner, site, public):
    with world.container.uow() as uow:
        uow.users.get(owner.user_id).preferences = {"profile_public": False}
        uow.commit()
    with pytest.raises(NotFound):
        public.user_series(username="mira", viewer=world.user())
    assert public.user_stats(username="mira", viewer=owner)["series"] == 0
    with pytest.raises(NotFound):
        public.user_stats(username="nobody")
