"""Publishing, scheduling (time zones), archiving on the in-memory suite, and the series'
counters that follow them."""

from datetime import UTC, datetime, timedelta

import pytest

from ownverso.container import build_container
from ownverso.domain.publishing.chapter_values import ChapterStatus
from ownverso.domain.sites.values import CollaboratorRole
from ownverso.services.errors import (
    Conflict,
    NotFound,
    PermissionDenied,
    ValidationFailed,
)
from tests.support.chapters import actor_of, add_member, add_user, author_kit, series_of

START = datetime(2026, 1, 1, 12, 0, tzinfo=UTC)  # the fixed clock of the test settings


@pytest.fixture
def container():
    return build_container(env="test")


@pytest.fixture
def kit(container):
    return author_kit(container, tier="STARTER")


@pytest.fixture
def publishing(container):
    return container.chapter_publishing()


@pytest.fixture
def chapter(container, kit):
    return container.chapters().create(actor=kit.actor, series_id=kit.series_id,
                                       data={"title": "One", "content": "Three words here."})


def site_of(container, site_id):
    with container.uow() as uow:
        return uow.sites.get(site_id)


def test_publishing_now_dates_the_chapter_and_moves_the_counters(container, publishing, kit,
                                                                 chapter):
    published = publishing.publish(actor=kit.actor, chapter_id=chapter.id)
    assert published.status == ChapterStatus.PUBLISHED and published.published_at == START
    series = series_of(container, kit.series_id)
    assert (series.published_chapter_count, series.chapter_count, series.word_count,
            series.last_published_at) == (1, 1, 3, START)
    assert site_of(container, kit.site_id).last_published_at == START
    with pytest.raises(Conflict) as twice:
        publishing.publish(actor=kit.actor, chapter_id=chapter.id)
    assert twice.value.code == "invalid_chapter_transition"


def test_unpublishing_takes_the_chapter_out_of_the_counters(container, publishing, kit,
                                                            chapter):
    publishing.publish(actor=kit.actor, chapter_id=chapter.id)
    draft = publishing.unpublish(actor=kit.actor, chapter_id=chapter.id)
    assert draft.status == ChapterStatus.DRAFT and draft.published_at is None
    series = series_of(container, kit.series_id)
    assert (series.published_chapter_count, series.word_count, series.last_published_at) == (
        0, 0, None)


def test_an_empty_chapter_is_not_published(container, publishing, kit):
    empty = container.chapters().create(actor=kit.actor, series_id=kit.series_id, data={})
    with pytest.raises(ValidationFailed) as refused:
        publishing.publish(actor=kit.actor, chapter_id=empty.id)
    assert refused.value.code == "chapter_empty"


@pytest.mark.parametrize(("publish_at", "zone", "expected"), [
    (datetime(2026, 1, 2, 9, 0, tzinfo=UTC), None, datetime(2026, 1, 2, 9, 0, tzinfo=UTC)),
    (datetime(2026, 1, 2, 9, 0), "Asia/Kolkata", datetime(2026, 1, 2, 3, 30, tzinfo=UTC)),
    (datetime(2026, 7, 2, 9, 0), "America/New_York", datetime(2026, 7, 2, 13, 0, tzinfo=UTC)),
    (datetime(2026, 1, 2, 9, 0, tzinfo=UTC), "Asia/Tokyo",
     datetime(2026, 1, 2, 9, 0, tzinfo=UTC)),  # an offset wins over the zone
])
def test_a_schedule_is_read_in_its_time_zone_and_kept_in_utc(container, publishing, kit,
                                                             chapter, publish_at, zone,
                                                             expected):
    scheduled = publishing.schedule(actor=kit.actor, chapter_id=chapter.id,
                                    publish_at=publish_at, timezone=zone)
    assert scheduled.status == ChapterStatus.SCHEDULED and scheduled.scheduled_at == expected
    assert scheduled.schedule_timezone == (zone or "UTC")
    assert series_of(container, kit.series_id).next_scheduled_at == expected


@pytest.mark.parametrize(("publish_at", "zone", "code"), [
    (datetime(2026, 1, 2, 9, 0), None, "timezone_required"),
    (datetime(2026, 1, 2, 9, 0), "Mars/Olympus", "invalid_timezone"),
    (datetime(2026, 1, 2, 9, 0), "../../etc/passwd", "invalid_timezone"),
    (START - timedelta(minutes=1), None, "date_in_past"),
    (START, None, "date_in_past"),
])
def test_a_schedule_needs_a_future_instant_and_a_known_zone(publishing, kit, chapter,
                                                            publish_at, zone, code):
    with pytest.raises(ValidationFailed) as refused:
        publishing.schedule(actor=kit.actor, chapter_id=chapter.id, publish_at=publish_at,
                            timezone=zone)
    assert refused.value.code == code


def test_scheduling_needs_a_plan_with_scheduled_publishing(container, publishing):
    free = author_kit(container, tier="FREE")
    chapter = container.chapters().create(actor=free.actor, series_id=free.series_id,
                                          data={"content": "x"})
    with pytest.raises(PermissionDenied) as refused:
        publishing.schedule(actor=free.actor, chapter_id=chapter.id,
                            publish_at=START + timedelta(days=1))
    assert refused.value.code == "feature_not_in_plan"


def test_rescheduling_and_cancelling_move_the_next_scheduled_date(container, publishing, kit,
                                                                  chapter):
    with pytest.raises(Conflict):
        publishing.reschedule(actor=kit.actor, chapter_id=chapter.id,
                              publish_at=START + timedelta(days=1))
    publishing.schedule(actor=kit.actor, chapter_id=chapter.id,
                        publish_at=START + timedelta(days=1))
    with pytest.raises(Conflict):  # scheduling again is a reschedule
        publishing.schedule(actor=kit.actor, chapter_id=chapter.id,
                            publish_at=START + timedelta(days=2))
    moved = publishing.reschedule(actor=kit.actor, chapter_id=chapter.id,
                                  publish_at=START + timedelta(days=3))
    assert moved.scheduled_at == START + timedelta(days=3)
    assert series_of(container, kit.series_id).next_scheduled_at == moved.scheduled_at
    cancelled = publishing.cancel_schedule(actor=kit.actor, chapter_id=chapter.id)
    assert cancelled.status == ChapterStatus.DRAFT and cancelled.scheduled_at is None
    assert series_of(container, kit.series_id).next_scheduled_at is None


def test_archiving_hides_a_published_chapter_and_unarchiving_brings_it_back(
        container, publishing, kit, chapter):
    publishing.publish(actor=kit.actor, chapter_id=chapter.id)
    publishing.archive(actor=kit.actor, chapter_id=chapter.id)
    series = series_of(container, kit.series_id)
    assert (series.published_chapter_count, series.word_count) == (0, 0)
    assert container.chapters().list_public(series_id=kit.series_id) == ([], 0)
    back = publishing.unarchive(actor=kit.actor, chapter_id=chapter.id)
    assert back.status == ChapterStatus.PUBLISHED
    assert series_of(container, kit.series_id).published_chapter_count == 1
    with pytest.raises(Conflict):
        publishing.unarchive(actor=kit.actor, chapter_id=chapter.id)


def test_publishing_is_for_those_with_the_publish_permission(container, publishing, kit,
                                                             chapter):
    stranger = actor_of(add_user(container, tier="STARTER"))
    analyst = actor_of(add_member(container, kit.site_id, CollaboratorRole.ANALYST,
                                  invited_by=kit.user))
    editor = actor_of(add_member(container, kit.site_id, CollaboratorRole.EDITOR,
                                 invited_by=kit.user))
    calls = (lambda who: publishing.publish(actor=who, chapter_id=chapter.id),
             lambda who: publishing.schedule(actor=who, chapter_id=chapter.id,
                                             publish_at=START + timedelta(days=1)),
             lambda who: publishing.archive(actor=who, chapter_id=chapter.id))
    for call in calls:
        with pytest.raises(NotFound):
            call(stranger)
        with pytest.raises(PermissionDenied):
            call(analyst)
    publishing.schedule(actor=editor, chapter_id=chapter.id,
                        publish_at=START + timedelta(days=1))  # the owner's plan counts
    publishing.publish(actor=editor, chapter_id=chapter.id)
