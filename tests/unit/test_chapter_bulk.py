"""Bulk operations (all or nothing, a result per chapter), reordering and moving chapters, on
the in-memory suite."""

from datetime import timedelta

import pytest

from ownverso.container import build_container
from ownverso.domain.publishing.chapter_values import ChapterStatus
from ownverso.domain.publishing.values import ContentType
from ownverso.domain.sites.values import CollaboratorRole
from ownverso.services.errors import NotFound, PermissionDenied, ValidationFailed
from tests.support.chapters import (
    actor_of,
    add_member,
    add_series,
    add_user,
    author_kit,
    series_of,
)


@pytest.fixture
def container():
    return build_container(env="test")


@pytest.fixture
def kit(container):
    return author_kit(container, tier="STARTER")


@pytest.fixture
def bulk(container):
    return container.chapter_bulk()


def make(container, kit, n=3, **data):
    return [container.chapters().create(actor=kit.actor, series_id=kit.series_id,
                                        data={"title": f"C{i}", "content": "Two words.",
                                              **data}) for i in range(n)]


def statuses(container, chapters):
    with container.uow() as uow:
        return [uow.chapters.get(c.id).status for c in chapters]


def test_bulk_publish_publishes_all_and_reports_each(container, kit, bulk):
    chapters = make(container, kit)
    results = bulk.publish(actor=kit.actor, series_id=kit.series_id,
                           chapter_ids=[c.id for c in chapters])
    assert [(r.chapter_id, r.ok) for r in results] == [(c.id, True) for c in chapters]
    assert statuses(container, chapters) == [ChapterStatus.PUBLISHED] * 3
    series = series_of(container, kit.series_id)
    assert (series.published_chapter_count, series.word_count) == (3, 6)


def test_one_failure_changes_nothing_and_every_result_is_listed(container, kit, bulk):
    chapters = make(container, kit)
    container.chapter_publishing().publish(actor=kit.actor, chapter_id=chapters[1].id)
    ids = [chapters[0].id, chapters[1].id, "chp_nope", chapters[2].id]
    with pytest.raises(ValidationFailed) as failed:
        bulk.publish(actor=kit.actor, series_id=kit.series_id, chapter_ids=ids)
    assert failed.value.code == "bulk_failed"
    results = failed.value.fields["results"]
    assert [(r["chapter_id"], r["ok"]) for r in results] == [
        (ids[0], True), (ids[1], False), (ids[2], False), (ids[3], True)]
    assert results[1]["error"] == "invalid_chapter_transition" and results[1]["status"] == 409
    assert results[2]["error"] == "chapter_not_found"
    assert statuses(container, chapters) == [ChapterStatus.DRAFT, ChapterStatus.PUBLISHED,
                                             ChapterStatus.DRAFT]
    assert series_of(container, kit.series_id).published_chapter_count == 1


def test_a_chapter_of_another_series_is_not_found_in_this_one(container, kit, bulk):
    other = author_kit(container, tier="STARTER")
    theirs = make(container, other, n=1)[0]
    with pytest.raises(ValidationFailed) as failed:
        bulk.delete(actor=kit.actor, series_id=kit.series_id, chapter_ids=[theirs.id])
    assert failed.value.fields["results"][0]["error"] == "chapter_not_found"


def test_bulk_delete_update_and_access(container, kit, bulk):
    chapters = make(container, kit)
    ids = [c.id for c in chapters]
    bulk.update(actor=kit.actor, series_id=kit.series_id, chapter_ids=ids,
                changes={"volume_number": 2, "author_note_position": "BEFORE"})
    bulk.access(actor=kit.actor, series_id=kit.series_id, chapter_ids=ids,
                changes={"access_level": "SUBSCRIBERS", "preview_paragraphs": 2})
    with container.uow() as uow:
        stored = [uow.chapters.get(i) for i in ids]
    assert {(c.volume_number, c.author_note_position, c.access_level, c.preview_paragraphs)
            for c in stored} == {(2, "BEFORE", "SUBSCRIBERS", 2)}
    bulk.delete(actor=kit.actor, series_id=kit.series_id, chapter_ids=ids[:2])
    assert series_of(container, kit.series_id).chapter_count == 1


def test_bulk_update_refuses_numbers_that_would_collide(container, kit, bulk):
    first, second = make(container, kit, n=2, chapter_number=None)
    container.chapters().update(actor=kit.actor, chapter_id=second.id,
                                changes={"chapter_number": 1, "volume_number": 1})
    with pytest.raises(ValidationFailed) as failed:
        bulk.update(actor=kit.actor, series_id=kit.series_id, chapter_ids=[first.id],
                    changes={"volume_number": 1})
    assert failed.value.fields["results"][0]["error"] == "chapter_number_taken"


def test_bulk_access_lists_the_invalid_ones(container, kit, bulk):
    chapters = make(container, kit, n=2)
    with pytest.raises(ValidationFailed) as failed:
        bulk.access(actor=kit.actor, series_id=kit.series_id,
                    chapter_ids=[c.id for c in chapters],
                    changes={"access_level": "SPECIFIC_TIER"})
    assert {r["error"] for r in failed.value.fields["results"]} == {"invalid_access_settings"}


def test_bulk_schedule_staggers_the_chapters_in_the_order_given(container, kit, bulk):
    chapters = make(container, kit)
    start = container.clock().now() + timedelta(days=1)
    bulk.schedule(actor=kit.actor, series_id=kit.series_id,
                  chapter_ids=[c.id for c in reversed(chapters)], publish_at=start,
                  interval_hours=24)
    with container.uow() as uow:
        dates = [uow.chapters.get(c.id).scheduled_at for c in chapters]
    assert dates == [start + timedelta(days=2), start + timedelta(days=1), start]
    assert series_of(container, kit.series_id).next_scheduled_at == start


def test_bulk_schedule_on_a_plan_without_it_is_refused_whole(container, bulk):
    free = author_kit(container)
    chapters = make(container, free, n=1)
    with pytest.raises(PermissionDenied):
        bulk.schedule(actor=free.actor, series_id=free.series_id,
                      chapter_ids=[chapters[0].id],
                      publish_at=container.clock().now() + timedelta(days=1))


def test_bulk_needs_each_chapter_once_and_the_permission(container, kit, bulk):
    chapters = make(container, kit, n=1)
    with pytest.raises(ValidationFailed):
        bulk.delete(actor=kit.actor, series_id=kit.series_id,
                    chapter_ids=[chapters[0].id, chapters[0].id])
    analyst = actor_of(add_member(container, kit.site_id, CollaboratorRole.ANALYST,
                                  invited_by=kit.user))
    with pytest.raises(PermissionDenied):
        bulk.delete(actor=analyst, series_id=kit.series_id, chapter_ids=[chapters[0].id])
    with pytest.raises(NotFound):
        bulk.delete(actor=actor_of(add_user(container)), series_id=kit.series_id,
                    chapter_ids=[chapters[0].id])


# -- reorder and move -----------------------------------------------------------------------
def test_reordering_needs_every_chapter_once(container, kit):
    a, b, c = make(container, kit)
    order = container.chapter_order()
    cards = order.reorder(actor=kit.actor, series_id=kit.series_id,
                          chapter_ids=[c.id, a.id, b.id])
    assert [card.id for card in cards] == [c.id, a.id, b.id]
    for wrong in ([a.id, b.id], [a.id, b.id, c.id, "chp_x"], [a.id, a.id, b.id, c.id]):
        with pytest.raises(ValidationFailed) as refused:
            order.reorder(actor=kit.actor, series_id=kit.series_id, chapter_ids=wrong)
        assert refused.value.code == "invalid_chapter_order"


def test_a_chapter_moves_to_the_end_of_another_series_of_the_author(container, kit):
    moving, _ = make(container, kit, n=2)
    container.chapter_publishing().publish(actor=kit.actor, chapter_id=moving.id)
    target_id = add_series(container, site_id=kit.site_id, author_id=kit.user.id)
    container.chapters().create(actor=kit.actor, series_id=target_id,
                                data={"title": "C0", "chapter_number": 7})
    moved = container.chapter_order().move(actor=kit.actor, chapter_id=moving.id,
                                           series_id=target_id)
    assert (moved.series_id, moved.chapter_number, moved.slug) == (target_id, 8.0, "c0-2")
    source, target = series_of(container, kit.series_id), series_of(container, target_id)
    assert (source.chapter_count, source.published_chapter_count, source.word_count) == (1, 0, 0)
    assert (target.chapter_count, target.published_chapter_count, target.word_count) == (2, 1, 2)


def test_a_chapter_does_not_move_to_another_authors_series_nor_a_comic(container, kit):
    chapter = make(container, kit, n=1)[0]
    order = container.chapter_order()
    other = author_kit(container)
    with pytest.raises(NotFound):  # no role on the other site
        order.move(actor=kit.actor, chapter_id=chapter.id, series_id=other.series_id)
    add_member(container, other.site_id, CollaboratorRole.EDITOR, invited_by=other.user,
               user=kit.user)
    with pytest.raises(ValidationFailed) as refused:
        order.move(actor=kit.actor, chapter_id=chapter.id, series_id=other.series_id)
    assert refused.value.code == "not_same_author"
    comic = add_series(container, site_id=kit.site_id, author_id=kit.user.id,
                       content_type=ContentType.WEBTOON)
    with pytest.raises(ValidationFailed):
        order.move(actor=kit.actor, chapter_id=chapter.id, series_id=comic)
    with pytest.raises(ValidationFailed):
        order.move(actor=kit.actor, chapter_id=chapter.id, series_id=kit.series_id)
