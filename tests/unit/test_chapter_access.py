"""Access settings and the scheduled free date on the in-memory suite."""

from datetime import UTC, datetime, timedelta

import pytest

from ownverso.container import build_container
from ownverso.domain.sites.values import CollaboratorRole
from ownverso.services.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from tests.support.chapters import actor_of, add_member, add_user, author_kit
from tests.support.subscriptions import add_tier

START = datetime(2026, 1, 1, 12, 0, tzinfo=UTC)


@pytest.fixture
def container():
    return build_container(env="test")


@pytest.fixture
def kit(container):
    return author_kit(container, tier="STARTER")  # one-time purchases included


@pytest.fixture
def access(container):
    return container.chapter_access()


@pytest.fixture
def chapter(container, kit):
    return container.chapters().create(actor=kit.actor, series_id=kit.series_id,
                                       data={"content": "Text."})


def test_access_settings_are_stored_and_validated_as_a_whole(container, access, kit, chapter):
    gold = add_tier(container, kit.site_id, name="Gold", monthly_price=900)
    changed = access.update_access(actor=kit.actor, chapter_id=chapter.id, changes={
        "access_level": "SPECIFIC_TIER", "minimum_tier_id": gold, "price": 299,
        "currency": "USD", "preview_paragraphs": 2, "paywall_message": "Join the crew"})
    assert (changed.access_level, changed.minimum_tier_id, changed.price, changed.currency,
            changed.preview_paragraphs, changed.paywall_message) == (
        "SPECIFIC_TIER", gold, 299, "USD", 2, "Join the crew")
    assert access.access(actor=kit.actor, chapter_id=chapter.id).is_purchasable
    with pytest.raises(ValidationFailed) as refused:
        access.update_access(actor=kit.actor, chapter_id=chapter.id,
                             changes={"minimum_tier_id": None})
    assert refused.value.code == "invalid_access_settings"
    assert "minimum_tier_id" in refused.value.fields
    with pytest.raises(ValidationFailed):
        access.update_access(actor=kit.actor, chapter_id=chapter.id, changes={"price": -5})


def test_a_price_needs_a_plan_with_one_time_purchases(container, access):
    free = author_kit(container)
    chapter = container.chapters().create(actor=free.actor, series_id=free.series_id,
                                          data={"access_level": "SUBSCRIBERS"})
    with pytest.raises(PermissionDenied) as refused:
        access.update_access(actor=free.actor, chapter_id=chapter.id, changes={"price": 100})
    assert refused.value.code == "feature_not_in_plan"
    with pytest.raises(PermissionDenied):
        container.chapters().create(actor=free.actor, series_id=free.series_id,
                                    data={"access_level": "SUBSCRIBERS", "price": 100})


def test_an_editor_sets_access_but_not_prices(container, access, kit, chapter):
    editor = actor_of(add_member(container, kit.site_id, CollaboratorRole.EDITOR,
                                 invited_by=kit.user))
    access.update_access(actor=editor, chapter_id=chapter.id,
                         changes={"access_level": "SUBSCRIBERS"})
    with pytest.raises(PermissionDenied) as refused:
        access.update_access(actor=editor, chapter_id=chapter.id, changes={"price": 100})
    assert refused.value.fields == {"permission": ["monetization.manage"]}
    manager = actor_of(add_member(container, kit.site_id, CollaboratorRole.MANAGER,
                                  invited_by=kit.user))
    access.update_access(actor=manager, chapter_id=chapter.id, changes={"price": 100})
    # a price already set does not stop an editor from other changes
    access.update_access(actor=editor, chapter_id=chapter.id,
                         changes={"paywall_message": "Subscribe"})


def test_the_free_date_is_set_changed_and_cancelled(access, kit, chapter):
    with pytest.raises(Conflict) as none:
        access.schedule_free(actor=kit.actor, chapter_id=chapter.id,
                             free_at=START + timedelta(days=7), replacing=True)
    assert none.value.code == "no_free_schedule"
    set_ = access.schedule_free(actor=kit.actor, chapter_id=chapter.id,
                                free_at=datetime(2026, 1, 8, 9, 0), timezone="Asia/Kolkata")
    assert set_.free_at == datetime(2026, 1, 8, 3, 30, tzinfo=UTC)
    assert set_.free_timezone == "Asia/Kolkata"
    with pytest.raises(Conflict):
        access.schedule_free(actor=kit.actor, chapter_id=chapter.id,
                             free_at=START + timedelta(days=7))
    moved = access.schedule_free(actor=kit.actor, chapter_id=chapter.id,
                                 free_at=START + timedelta(days=9), replacing=True)
    assert moved.free_at == START + timedelta(days=9)
    access.update_access(actor=kit.actor, chapter_id=chapter.id,
                         changes={"access_level": "SCHEDULED_FREE"})
    with pytest.raises(ValidationFailed) as used:
        access.cancel_free(actor=kit.actor, chapter_id=chapter.id)
    assert used.value.code == "free_at_required"
    access.update_access(actor=kit.actor, chapter_id=chapter.id,
                         changes={"access_level": "SUBSCRIBERS"})
    assert access.cancel_free(actor=kit.actor, chapter_id=chapter.id).free_at is None


def test_scheduled_free_needs_a_free_date_and_the_date_is_in_the_future(access, kit, chapter):
    with pytest.raises(ValidationFailed) as refused:
        access.update_access(actor=kit.actor, chapter_id=chapter.id,
                             changes={"access_level": "SCHEDULED_FREE"})
    assert "free_at" in refused.value.fields
    with pytest.raises(ValidationFailed) as past:
        access.schedule_free(actor=kit.actor, chapter_id=chapter.id,
                             free_at=START - timedelta(days=1))
    assert past.value.code == "date_in_past"


def test_access_is_private_to_the_site_team(container, access, kit, chapter):
    stranger = actor_of(add_user(container))
    analyst = actor_of(add_member(container, kit.site_id, CollaboratorRole.ANALYST,
                                  invited_by=kit.user))
    with pytest.raises(NotFound):
        access.access(actor=stranger, chapter_id=chapter.id)
    assert access.access(actor=analyst, chapter_id=chapter.id).access_level == "FREE"
    with pytest.raises(PermissionDenied):
        access.update_access(actor=analyst, chapter_id=chapter.id,
                             changes={"access_level": "SUBSCRIBERS"})
    with pytest.raises(PermissionDenied):
        access.schedule_free(actor=analyst, chapter_id=chapter.id,
                             free_at=START + timedelta(days=1))
