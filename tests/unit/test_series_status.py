"""The series lifecycle, listing on discovery and stats, on the memory suite."""

import pytest

from ownverso.domain.publishing.series import STATUS_ACTIONS
from ownverso.domain.publishing.values import SeriesStatus
from ownverso.domain.sites.values import CollaboratorRole
from ownverso.services.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from tests.support.series import NOW, World, png, set_series, stored_series

D, ON, H, C, X = (SeriesStatus.DRAFT, SeriesStatus.ONGOING, SeriesStatus.HIATUS,
                  SeriesStatus.COMPLETED, SeriesStatus.CANCELLED)
ALLOWED = {
    ("publish", D): ON,
    ("unpublish", ON): D, ("unpublish", H): D,
    ("hiatus", ON): H,
    ("resume", H): ON,
    ("complete", ON): C, ("complete", H): C,
    ("cancel", D): X, ("cancel", ON): X, ("cancel", H): X,
}
EVERY_MOVE = [(action, status) for action in STATUS_ACTIONS for status in SeriesStatus]


@pytest.fixture
def world():
    return World()


@pytest.fixture
def owner(world):
    return world.user()


@pytest.fixture
def site(world, owner):
    return world.site(owner)


@pytest.fixture
def series(world, owner, site):
    return world.container.series().create(actor=owner, site_id=site.id,
                                           fields={"title": "Keeper", "synopsis": "Storms."})


@pytest.fixture
def status(world):
    return world.container.series_status()


def test_every_status_endpoint_is_in_the_table():
    assert {action for action, _ in ALLOWED} == set(STATUS_ACTIONS)


@pytest.mark.parametrize(("action", "start"), EVERY_MOVE)
def test_each_move_from_each_status(world, owner, series, status, action, start):
    set_series(world.container, series.id, status=start)
    if (action, start) in ALLOWED:
        moved = status.change(actor=owner, series_id=series.id, action=action)
        assert moved.status == ALLOWED[(action, start)]
        assert stored_series(world.container, series.id).status == moved.status
    else:
        with pytest.raises(Conflict) as refused:
            status.change(actor=owner, series_id=series.id, action=action)
        assert refused.value.code == "invalid_series_transition"
        assert stored_series(world.container, series.id).status == start


def test_completing_records_when_and_is_final(owner, series, status, world):
    status.change(actor=owner, series_id=series.id, action="publish")
    done = status.change(actor=owner, series_id=series.id, action="complete")
    assert done.is_complete and done.completed_at == world.container.clock().now()


def test_unpublishing_is_refused_while_chapters_are_published(world, owner, series, status):
    status.change(actor=owner, series_id=series.id, action="publish")
    set_series(world.container, series.id, published_chapter_count=2)

    with pytest.raises(Conflict) as refused:
        status.change(actor=owner, series_id=series.id, action="unpublish")
    assert refused.value.code == "series_has_published_chapters"

    set_series(world.container, series.id, published_chapter_count=0)
    assert status.change(actor=owner, series_id=series.id, action="unpublish").status == D


def test_status_moves_need_the_publish_permission(world, owner, site, series, status):
    analyst = world.collaborator(site, CollaboratorRole.ANALYST)
    editor = world.collaborator(site, CollaboratorRole.EDITOR)
    with pytest.raises(PermissionDenied):
        status.change(actor=analyst, series_id=series.id, action="publish")
    with pytest.raises(NotFound):
        status.change(actor=world.user(), series_id=series.id, action="publish")
    assert status.change(actor=editor, series_id=series.id, action="publish").status == ON


def test_listing_names_every_missing_requirement(world, owner, series, status):
    set_series(world.container, series.id, synopsis="  ")
    with pytest.raises(ValidationFailed) as refused:
        status.list_on_discovery(actor=owner, series_id=series.id)
    assert refused.value.code == "listing_requirements_unmet"
    assert set(refused.value.fields) == {"cover_image", "synopsis", "chapters", "status"}


def test_a_ready_series_is_listed_and_leaves_discovery_when_it_loses_its_cover(
        world, owner, series, status):
    container = world.container
    status.change(actor=owner, series_id=series.id, action="publish")
    container.series_options().set_image(actor=owner, series_id=series.id, kind="cover",
                                         data=png())
    set_series(container, series.id, published_chapter_count=1)

    assert status.list_on_discovery(actor=owner, series_id=series.id).is_listed
    assert not status.unlist(actor=owner, series_id=series.id).is_listed
    status.list_on_discovery(actor=owner, series_id=series.id)
    removed = container.series_options().remove_image(actor=owner, series_id=series.id,
                                                      kind="cover")
    assert not removed.is_listed


def test_cancelling_and_unpublishing_unlist(world, owner, series, status):
    set_series(world.container, series.id, status=ON, is_listed=True)
    assert not status.change(actor=owner, series_id=series.id, action="cancel").is_listed


def test_stats_come_from_the_counters_and_detailed_adds_aggregates(world, owner, series,
                                                                   status):
    container = world.container
    set_series(container, series.id, chapter_count=4, published_chapter_count=3,
               word_count=1001, view_count=30, subscriber_count=5, average_rating=4.5,
               last_published_at=NOW)
    container.series_genres().add(actor=owner, series_id=series.id, genre_id="fantasy")
    container.series_tags().add(actor=owner, series_id=series.id, name="Slow burn")

    stats = status.stats(actor=owner, series_id=series.id)
    assert stats["unpublished_chapter_count"] == 1 and stats["reading_time_minutes"] == 5
    detailed = status.detailed_stats(actor=owner, series_id=series.id)
    assert detailed["taxonomy"] == {"genres": 1, "tags": 1, "content_warnings": 0}
    assert detailed["average_words_per_chapter"] == 250
    assert detailed["views_per_published_chapter"] == 10.0
    assert detailed["chapters_by_status"] == {}  # no chapter rows in this test
    assert "cover_image" in detailed["listing_problems"]
