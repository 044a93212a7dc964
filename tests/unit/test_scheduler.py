"""The scheduler on the in-memory suite: publish what is due, exactly once, retry failures a
few times and record why; the periodic job that runs it."""

from datetime import timedelta

import pytest

from ownverso.container import build_container
from ownverso.domain.publishing.chapter import Chapter
from ownverso.domain.publishing.chapter_values import ChapterStatus
from ownverso.entrypoints.bootstrap import wire
from ownverso.entrypoints.workers.jobs.publishing import publish_due_chapters
from ownverso.entrypoints.workers.main import PERIODIC
from ownverso.services.ports import ConcurrencyConflict
from ownverso.services.publishing.chapter_schedule import MAX_PUBLISH_ATTEMPTS
from tests.support.chapters import author_kit, series_of


@pytest.fixture
def container():
    return build_container(env="test")


@pytest.fixture
def wired(container):
    wire(container)  # the job function is injected from it
    return container


@pytest.fixture
def clock(container):
    return container.clock()


@pytest.fixture
def kit(container):
    return author_kit(container, tier="STARTER")


def scheduled(container, kit, *, hours: float, content: str = "Ready to go.") -> Chapter:
    chapter = container.chapters().create(actor=kit.actor, series_id=kit.series_id,
                                          data={"title": f"In {hours}h", "content": content})
    return container.chapter_publishing().schedule(
        actor=kit.actor, chapter_id=chapter.id,
        publish_at=container.clock().now() + timedelta(hours=hours))


def stored(container, chapter_id) -> Chapter:
    with container.uow() as uow:
        return uow.chapters.get(chapter_id)


@pytest.mark.usefixtures("wired")
def test_the_job_publishes_a_due_chapter_once_and_readers_then_see_it(container, clock, kit):
    chapter = scheduled(container, kit, hours=2)
    assert publish_due_chapters() == {"published": 0, "failed": 0, "skipped": 0}
    clock.advance(hours=2)
    assert publish_due_chapters()["published"] == 1
    published = stored(container, chapter.id)
    assert published.status == ChapterStatus.PUBLISHED and published.published_at == clock.now()
    items, _ = container.chapters().list_public(series_id=kit.series_id)
    assert [c.id for c in items] == [chapter.id]
    series = series_of(container, kit.series_id)
    assert (series.published_chapter_count, series.last_published_at,
            series.next_scheduled_at) == (1, clock.now(), None)
    assert publish_due_chapters()["published"] == 0  # nothing new the second time


def test_only_what_is_due_is_published_and_the_next_date_follows(container, clock, kit):
    soon, later = scheduled(container, kit, hours=1), scheduled(container, kit, hours=5)
    clock.advance(hours=1)
    run = container.chapter_publishing().publish_due()
    assert run.published == [soon.id]
    assert stored(container, later.id).status == ChapterStatus.SCHEDULED
    assert series_of(container, kit.series_id).next_scheduled_at == later.scheduled_at


def test_a_deleted_or_cancelled_chapter_is_not_published(container, clock, kit):
    deleted, cancelled = scheduled(container, kit, hours=1), scheduled(container, kit, hours=1)
    container.chapters().delete(actor=kit.actor, chapter_id=deleted.id)
    container.chapter_publishing().cancel_schedule(actor=kit.actor, chapter_id=cancelled.id)
    clock.advance(hours=1)
    assert container.chapter_publishing().publish_due().published == []


def test_a_failure_is_recorded_and_retried_a_few_times_then_left_to_the_author(
        container, clock, kit):
    empty = container.chapters().create(actor=kit.actor, series_id=kit.series_id, data={})
    container.chapter_publishing().schedule(actor=kit.actor, chapter_id=empty.id,
                                            publish_at=clock.now() + timedelta(minutes=5))
    fine = scheduled(container, kit, hours=0.05)
    clock.advance(minutes=5)
    run = container.chapter_publishing().publish_due()
    assert (run.published, run.failed) == ([fine.id], [empty.id])  # one failure stops no other
    failed = stored(container, empty.id)
    assert failed.status == ChapterStatus.SCHEDULED and failed.publish_attempts == 1
    assert failed.last_publish_error.startswith("chapter_empty")
    for _ in range(MAX_PUBLISH_ATTEMPTS + 2):
        clock.advance(minutes=1)
        container.chapter_publishing().publish_due()
    assert stored(container, empty.id).publish_attempts == MAX_PUBLISH_ATTEMPTS
    # the author fixes it and reschedules: the count starts again, and it goes out
    container.chapter_content().save(actor=kit.actor, chapter_id=empty.id, content="Written.")
    container.chapter_publishing().reschedule(actor=kit.actor, chapter_id=empty.id,
                                              publish_at=clock.now() + timedelta(minutes=1))
    clock.advance(minutes=1)
    assert container.chapter_publishing().publish_due().published == [empty.id]
    assert stored(container, empty.id).last_publish_error is None


def test_a_chapter_of_a_deleted_series_fails_with_a_reason(container, clock, kit):
    chapter = scheduled(container, kit, hours=1)
    with container.uow() as uow:
        uow.series.get(kit.series_id).deleted_at = clock.now()
        uow.commit()
    clock.advance(hours=1)
    assert container.chapter_publishing().publish_due().failed == [chapter.id]
    assert stored(container, chapter.id).last_publish_error.startswith("series_deleted")


def test_two_units_of_work_cannot_both_publish_the_same_chapter(container, clock, kit):
    chapter = scheduled(container, kit, hours=1)
    clock.advance(hours=1)
    first, second = container.uow(), container.uow()
    with first, second:
        mine, theirs = first.chapters.get(chapter.id), second.chapters.get(chapter.id)
        mine.publish(now=clock.now())
        theirs.publish(now=clock.now())
        first.commit()
        with pytest.raises(ConcurrencyConflict):
            second.commit()
    assert stored(container, chapter.id).version == chapter.version + 1


def test_a_run_that_lost_the_race_skips_the_chapter(container, clock, kit):
    chapter = scheduled(container, kit, hours=1)
    clock.advance(hours=1)
    publishing = container.chapter_publishing()
    # a concurrent run published it between our list and our publication
    with container.uow() as uow:
        due = uow.chapters.get(chapter.id)
        due.publish(now=clock.now())
        uow.commit()
    outcome = publishing._publish_one(chapter.id, kit.series_id, clock.now())
    assert outcome == "skipped"
    assert series_of(container, kit.series_id).published_chapter_count == 0  # not touched


def test_the_job_runs_every_minute():
    assert ("ownverso.entrypoints.workers.jobs.publishing.publish_due_chapters", 60) in PERIODIC
