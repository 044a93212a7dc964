"""Scheduled unlocks on the in-memory suite: the record follows every access change, the
paywall follows the clock before the job runs, and the job turns the chapter FREE once."""

from datetime import timedelta

import pytest

from ownverso.container import build_container
from ownverso.domain.publishing.scheduled_unlock import ScheduledUnlock, UnlockStatus
from ownverso.domain.publishing.values import ChapterAccessLevel
from ownverso.services.errors import ValidationFailed
from tests.support.chapters import actor_of, add_user, author_kit
from tests.support.subscriptions import add_tier, subscribe

DAY = timedelta(days=1)


@pytest.fixture
def container():
    return build_container(env="test")


@pytest.fixture
def kit(container):
    return author_kit(container, tier="STARTER")


@pytest.fixture
def access(container):
    return container.chapter_access()


def published(container, kit, **data):
    made = container.chapters().create(actor=kit.actor, series_id=kit.series_id,
                                       data={"content": "One.\n\nTwo.\n\nThree.\n\nSecret.",
                                             **data})
    container.chapter_publishing().publish(actor=kit.actor, chapter_id=made.id)
    return made


def record_of(container, chapter_id) -> ScheduledUnlock | None:
    with container.uow() as uow:
        return uow.scheduled_unlocks.get_by(chapter_id=chapter_id)


def scheduled_free(container, access, kit, chapter_id, at, **changes):
    access.schedule_free(actor=kit.actor, chapter_id=chapter_id, free_at=at)
    return access.update_access(actor=kit.actor, chapter_id=chapter_id,
                                changes={"access_level": "SCHEDULED_FREE", **changes})


def test_scheduled_free_keeps_its_minimum_tier_which_must_be_the_sites(container, access,
                                                                         kit):
    gold = add_tier(container, kit.site_id, name="Gold", monthly_price=900)
    other = author_kit(container)
    foreign = add_tier(container, other.site_id, name="Theirs", monthly_price=100)
    made = published(container, kit)
    at = container.clock().now() + 3 * DAY
    changed = scheduled_free(container, access, kit, made.id, at, minimum_tier_id=gold)
    assert (changed.access_level, changed.minimum_tier_id) == ("SCHEDULED_FREE", gold)
    for tier_id in (foreign, "tier_nowhere"):
        with pytest.raises(ValidationFailed) as refused:
            access.update_access(actor=kit.actor, chapter_id=made.id,
                                 changes={"minimum_tier_id": tier_id})
        assert refused.value.code == "tier_not_on_site"
        assert "minimum_tier_id" in refused.value.fields
    dropped = access.update_access(actor=kit.actor, chapter_id=made.id,
                                   changes={"access_level": "SUBSCRIBERS"})
    assert dropped.minimum_tier_id is None  # only tiered levels keep a tier


def test_the_record_follows_every_access_change(container, access, kit):
    gold = add_tier(container, kit.site_id, name="Gold", monthly_price=900)
    made = published(container, kit, access_level="SUBSCRIBERS")
    now = container.clock().now()
    access.schedule_free(actor=kit.actor, chapter_id=made.id, free_at=now + 3 * DAY,
                         timezone="Asia/Kolkata")
    assert record_of(container, made.id) is None  # a date alone does not gate anything
    access.update_access(actor=kit.actor, chapter_id=made.id, changes={
        "access_level": "SCHEDULED_FREE", "minimum_tier_id": gold})
    record = record_of(container, made.id)
    assert (record.status, record.unlock_at, record.timezone) == (
        UnlockStatus.PENDING, now + 3 * DAY, "Asia/Kolkata")
    assert (record.original_access_level, record.original_minimum_tier_id) == (
        ChapterAccessLevel.SCHEDULED_FREE, gold)
    access.schedule_free(actor=kit.actor, chapter_id=made.id, free_at=now + 5 * DAY,
                         replacing=True)
    assert record_of(container, made.id).unlock_at == now + 5 * DAY
    access.update_access(actor=kit.actor, chapter_id=made.id,
                         changes={"access_level": "SUBSCRIBERS"})
    assert record_of(container, made.id).status == UnlockStatus.CANCELLED
    access.update_access(actor=kit.actor, chapter_id=made.id,
                         changes={"access_level": "SCHEDULED_FREE"})
    assert record_of(container, made.id).status == UnlockStatus.PENDING
    copy = container.chapters().duplicate(actor=kit.actor, chapter_id=made.id)
    assert record_of(container, copy.id).status == UnlockStatus.PENDING


def test_bulk_access_changes_keep_the_records(container, access, kit):
    made = [published(container, kit, access_level="SUBSCRIBERS") for _ in range(2)]
    for chapter in made:
        access.schedule_free(actor=kit.actor, chapter_id=chapter.id,
                             free_at=container.clock().now() + DAY)
    container.chapter_bulk().access(actor=kit.actor, series_id=kit.series_id,
                                    chapter_ids=[c.id for c in made],
                                    changes={"access_level": "SCHEDULED_FREE"})
    assert all(record_of(container, c.id).is_pending for c in made)


def test_the_paywall_follows_the_clock_and_the_job_records_the_unlock(container, access,
                                                                      kit):
    gold = add_tier(container, kit.site_id, name="Gold", monthly_price=900)
    silver = add_tier(container, kit.site_id, name="Silver", monthly_price=300)
    made = published(container, kit)
    clock, reader, unlocks = container.clock(), container.reader(), container.chapter_unlocks()
    free_at = clock.now() + 2 * DAY
    scheduled_free(container, access, kit, made.id, free_at, minimum_tier_id=gold)
    low = actor_of(add_user(container))
    subscribe(container, low.user_id, kit.site_id, silver)

    before = reader.read(viewer=low, chapter_id=made.id)
    assert (before.decision.reason, before.decision.readable_at) == ("tier_required", free_at)
    assert before.decision.unlock_options.free_at == free_at and before.is_preview
    assert unlocks.unlock_due().summary() == {"unlocked": 0, "failed": 0, "skipped": 0}

    clock.advance(days=2)  # the date has come; the job has not run
    for viewer in (None, low):
        decision = reader.read(viewer=viewer, chapter_id=made.id).decision
        assert (decision.granted, decision.reason) == (True, "scheduled_free")
    assert record_of(container, made.id).is_pending

    clock.advance(minutes=1)
    assert unlocks.unlock_due().summary() == {"unlocked": 1, "failed": 0, "skipped": 0}
    assert unlocks.unlock_due().summary()["unlocked"] == 0  # once
    record = record_of(container, made.id)
    assert (record.status, record.unlocked_at) == (UnlockStatus.UNLOCKED, clock.now())
    assert (record.original_access_level, record.original_minimum_tier_id) == (
        ChapterAccessLevel.SCHEDULED_FREE, gold)
    stored = access.access(actor=kit.actor, chapter_id=made.id)
    assert (stored.access_level, stored.minimum_tier_id) == ("FREE", None)
    assert reader.read(viewer=None, chapter_id=made.id).decision.granted


def test_an_unlocked_chapter_stays_free_for_all_despite_early_access(container, access, kit):
    with container.uow() as uow:
        uow.series.get(kit.series_id).early_access_days = 7
        uow.commit()
    made = published(container, kit, access_level="SUBSCRIBERS")
    scheduled_free(container, access, kit, made.id, container.clock().now() + DAY)
    container.clock().advance(days=1)
    assert container.reader().read(viewer=None, chapter_id=made.id).decision.granted
    assert container.chapter_unlocks().unlock_due().summary()["unlocked"] == 1
    after = container.reader().read(viewer=None, chapter_id=made.id).decision
    assert (after.granted, after.reason) == (True, "free")


def test_a_record_whose_chapter_moved_on_is_cancelled_by_the_job(container, access, kit):
    made = published(container, kit, access_level="SUBSCRIBERS")
    scheduled_free(container, access, kit, made.id, container.clock().now() + DAY)
    with container.uow() as uow:  # changed behind the service's back
        uow.chapters.get(made.id).access_level = ChapterAccessLevel.SUBSCRIBERS
        uow.commit()
    container.clock().advance(days=2)
    assert container.chapter_unlocks().unlock_due().summary()["skipped"] == 1
    assert record_of(container, made.id).status == UnlockStatus.CANCELLED
