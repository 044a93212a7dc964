"""SeriesService on the memory suite: creation, slugs, the series quota, lists, edits,
duplicates, the bin, and who may do what."""

import pytest

from ownverso.domain.accounts.tiers import PlatformTier
from ownverso.domain.publishing.values import ContentType, ReadingDirection, SeriesStatus
from ownverso.domain.sites.values import CollaboratorRole, ContentRating
from ownverso.services.errors import (
    Conflict,
    NotFound,
    PermissionDenied,
    QuotaExceeded,
    ValidationFailed,
)
from tests.support.series import World, png


@pytest.fixture
def world():
    return World()


@pytest.fixture
def owner(world):
    return world.user()


@pytest.fixture
def site(world, owner):
    return world.site(owner, default_content_rating=ContentRating.TEEN)


@pytest.fixture
def service(world):
    return world.container.series()


def make(service, owner, site, **fields):
    return service.create(actor=owner, site_id=site.id,
                          fields={"title": "The Lighthouse Keeper", **fields})


def test_a_series_starts_as_a_draft_with_a_slug_made_from_its_title(service, owner, site):
    series = make(service, owner, site, title="Héllo, Wörld!")

    assert series.slug == "hello-world"
    assert series.status == SeriesStatus.DRAFT
    assert series.author_id == owner.user_id and series.site_id == site.id
    assert series.content_rating == ContentRating.TEEN  # the site's default


def test_a_title_without_latin_letters_still_gets_a_slug(service, owner, site):
    assert make(service, owner, site, title="灯台守").slug.startswith("ser-")


def test_the_reading_direction_follows_the_content_type_unless_given(service, owner, site):
    assert make(service, owner, site, slug="a", content_type="MANGA").reading_direction \
        == ReadingDirection.RTL
    assert make(service, owner, site, slug="b", content_type="WEBTOON").reading_direction \
        == ReadingDirection.VERTICAL
    assert make(service, owner, site, slug="c", content_type="MANGA",
                reading_direction="LTR").reading_direction == ReadingDirection.LTR


def test_slugs_are_unique_per_site_only(world, service, owner, site):
    make(service, owner, site)
    with pytest.raises(Conflict) as refused:
        make(service, owner, site)
    assert refused.value.code == "slug_taken"

    other_site = world.site(owner)
    assert make(service, owner, other_site).slug == "the-lighthouse-keeper"


def test_bad_slugs_and_empty_titles_are_refused(service, owner, site):
    for fields in ({"slug": "Not A Slug"}, {"title": "   "}, {"language": "english"}):
        with pytest.raises(ValidationFailed):
            make(service, owner, site, **fields)


def test_the_plan_limits_the_owners_non_deleted_series(world, service, owner, site):
    for n in range(3):  # FREE allows 3
        last = make(service, owner, site, slug=f"s{n}")
    other_site = world.site(owner)
    with pytest.raises(QuotaExceeded) as refused:
        make(service, owner, other_site)
    assert refused.value.code == "max_series_exceeded"

    service.delete(actor=owner, series_id=last.id)
    make(service, owner, other_site)
    assert world.stored_user(owner).series_count == 3
    with pytest.raises(QuotaExceeded):
        service.restore(actor=owner, series_id=last.id)


def test_the_owners_series_count_follows_create_delete_restore_and_duplicate(
        world, service, owner, site):
    with world.container.uow() as uow:
        uow.users.get(owner.user_id).platform_tier = PlatformTier.GROWTH
        uow.commit()
    series = make(service, owner, site)
    assert world.stored_user(owner).series_count == 1
    service.duplicate(actor=owner, series_id=series.id)
    assert world.stored_user(owner).series_count == 2
    service.delete(actor=owner, series_id=series.id)
    assert world.stored_user(owner).series_count == 1
    service.restore(actor=owner, series_id=series.id)
    assert world.stored_user(owner).series_count == 2


def test_an_editor_creates_series_that_count_against_the_site_owner(world, service, owner,
                                                                     site):
    editor = world.collaborator(site, CollaboratorRole.EDITOR)
    series = make(service, editor, site)

    assert series.author_id == owner.user_id
    assert world.stored_user(owner).series_count == 1


def test_an_analyst_reads_but_cannot_write(world, service, owner, site):
    analyst = world.collaborator(site, CollaboratorRole.ANALYST)
    series = make(service, owner, site)

    assert service.get(actor=analyst, series_id=series.id).id == series.id
    for attempt in (lambda: make(service, analyst, site, slug="x"),
                    lambda: service.update(actor=analyst, series_id=series.id,
                                           changes={"title": "Mine"}),
                    lambda: service.delete(actor=analyst, series_id=series.id),
                    lambda: service.duplicate(actor=analyst, series_id=series.id)):
        with pytest.raises(PermissionDenied):
            attempt()


def test_someone_with_no_role_on_the_site_finds_nothing(world, service, owner, site):
    stranger = world.user()
    series = make(service, owner, site)

    with pytest.raises(NotFound):
        make(service, stranger, site)
    with pytest.raises(NotFound):
        service.list_for_site(actor=stranger, site_id=site.id)
    for attempt in (lambda: service.get(actor=stranger, series_id=series.id),
                    lambda: service.update(actor=stranger, series_id=series.id, changes={}),
                    lambda: service.delete(actor=stranger, series_id=series.id)):
        with pytest.raises(NotFound) as refused:
            attempt()
        assert refused.value.code == "series_not_found"


def test_the_site_list_holds_drafts_filters_and_pages(service, owner, site):
    first = make(service, owner, site, slug="one")
    make(service, owner, site, slug="two", title="Beta", content_type="WEBTOON")
    make(service, owner, site, slug="three", title="Alpha")
    service.delete(actor=owner, series_id=first.id)

    items, total = service.list_for_site(actor=owner, site_id=site.id, limit=1)
    assert total == 2 and len(items) == 1
    webtoons, _ = service.list_for_site(actor=owner, site_id=site.id,
                                        content_type=ContentType.WEBTOON)
    assert [s.slug for s in webtoons] == ["two"]
    binned, _ = service.list_for_site(actor=owner, site_id=site.id, deleted=True)
    assert [s.slug for s in binned] == ["one"]
    drafts, _ = service.list_for_site(actor=owner, site_id=site.id, status=SeriesStatus.DRAFT,
                                      sort="title")
    assert [s.slug for s in drafts] == ["three", "two"]


def test_an_update_changes_the_editable_fields_and_keeps_slugs_unique(service, owner, site):
    make(service, owner, site, slug="taken")
    series = make(service, owner, site)
    updated = service.update(actor=owner, series_id=series.id,
                             changes={"title": "New", "meta_title": "SEO", "synopsis": ""})
    assert (updated.title, updated.meta_title, updated.synopsis) == ("New", "SEO", "")

    with pytest.raises(Conflict):
        service.update(actor=owner, series_id=series.id, changes={"slug": "taken"})
    with pytest.raises(ValidationFailed) as refused:
        service.update(actor=owner, series_id=series.id, changes={"status": "ONGOING"})
    assert refused.value.code == "field_not_editable"


def test_a_duplicate_is_a_fresh_draft_with_copied_taxonomy_and_images(world, service, owner,
                                                                       site):
    container = world.container
    with container.uow() as uow:
        uow.users.get(owner.user_id).platform_tier = PlatformTier.GROWTH
        uow.commit()
    series = make(service, owner, site)
    container.series_genres().replace(actor=owner, series_id=series.id,
                                      genre_ids=["fantasy", "romance"],
                                      primary_genre_id="romance")
    container.series_tags().replace(actor=owner, series_id=series.id, names=["Slow burn"])
    container.series_warnings().replace(actor=owner, series_id=series.id,
                                        warning_ids=["violence"])
    container.series_options().set_image(actor=owner, series_id=series.id, kind="cover",
                                         data=png())
    container.series_status().change(actor=owner, series_id=series.id, action="publish")

    copy = service.duplicate(actor=owner, series_id=series.id)
    again = service.duplicate(actor=owner, series_id=series.id)

    assert copy.slug == "the-lighthouse-keeper-copy"
    assert again.slug == "the-lighthouse-keeper-copy-2"
    assert copy.status == SeriesStatus.DRAFT and copy.published_chapter_count == 0
    assert copy.cover_image_key and copy.cover_image_key != \
        container.series().get(actor=owner, series_id=series.id).cover_image_key
    genres = container.series_genres().get(actor=owner, series_id=copy.id)
    assert [(g.slug, g.is_primary) for g in genres] == [("romance", True), ("fantasy", False)]
    assert [t.slug for t in container.series_tags().get(actor=owner, series_id=copy.id)] \
        == ["slow-burn"]
    assert container.tags().get(slug="slow-burn").usage_count == 3
    assert [w.slug for w in container.series_warnings().get(actor=owner, series_id=copy.id)] \
        == ["violence"]


def test_a_deleted_series_is_gone_until_restored(service, owner, site):
    series = make(service, owner, site)
    service.delete(actor=owner, series_id=series.id)

    with pytest.raises(NotFound):
        service.get(actor=owner, series_id=series.id)
    with pytest.raises(NotFound):
        service.delete(actor=owner, series_id=series.id)
    assert service.restore(actor=owner, series_id=series.id).deleted_at is None
    with pytest.raises(NotFound):
        service.restore(actor=owner, series_id=series.id)
