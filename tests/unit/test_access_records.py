"""The paywall's stored records: entitlements and scheduled unlocks, and the tier a
SCHEDULED_FREE chapter keeps."""

from datetime import UTC, datetime, timedelta

import pytest

from ownverso.domain.access import EntitlementKind, EntitlementState
from ownverso.domain.access.entitlement import ChapterEntitlement
from ownverso.domain.errors import InvalidTransition
from ownverso.domain.publishing.chapter import Chapter
from ownverso.domain.publishing.chapter_access import AccessSettings
from ownverso.domain.publishing.scheduled_unlock import ScheduledUnlock, UnlockStatus
from ownverso.domain.publishing.values import ChapterAccessLevel as Level

NOW = datetime(2026, 11, 1, 12, tzinfo=UTC)
DAY = timedelta(days=1)


def test_an_entitlement_counts_until_refunded_or_charged_back():
    held = ChapterEntitlement.grant(id="e", user_id="u", chapter_id="c", source_id="p",
                                    kind=EntitlementKind.COIN_UNLOCK, now=NOW)
    assert held.counts and held.facts().counts and held.facts().kind == "COIN_UNLOCK"
    with pytest.raises(InvalidTransition):
        held.end(EntitlementState.SUCCEEDED, now=NOW)
    held.end(EntitlementState.CHARGED_BACK, now=NOW + DAY)
    assert not held.counts and held.updated_at == NOW + DAY
    with pytest.raises(InvalidTransition) as again:
        held.end(EntitlementState.REFUNDED, now=NOW)
    assert again.value.code == "entitlement_ended"


def test_a_scheduled_unlock_is_armed_cancelled_and_recorded():
    record = ScheduledUnlock(id="u", chapter_id="c", unlock_at=NOW + DAY, created_at=NOW,
                             updated_at=NOW, original_minimum_tier_id="gold")
    assert record.is_pending and not record.is_due(NOW) and record.is_due(NOW + DAY)
    assert not record.arm(unlock_at=NOW + DAY, timezone="UTC", level=Level.SCHEDULED_FREE,
                          minimum_tier_id="gold", now=NOW)
    assert record.cancel(now=NOW) and not record.cancel(now=NOW)
    assert record.status == UnlockStatus.CANCELLED and not record.is_due(NOW + DAY)
    assert record.arm(unlock_at=NOW + 2 * DAY, timezone="Asia/Kolkata",
                      level=Level.SCHEDULED_FREE, minimum_tier_id=None, now=NOW)
    record.record_failure("x" * 900, now=NOW)
    assert record.is_pending and len(record.error_message) == 500
    record.record_unlocked(now=NOW + 2 * DAY)
    assert (record.status, record.unlocked_at, record.error_message) == (
        UnlockStatus.UNLOCKED, NOW + 2 * DAY, None)


def test_scheduled_free_keeps_its_tier_and_unlocks_to_free_at_its_date():
    chapter = Chapter(id="c", series_id="s", site_id="w", author_id="a", slug="c",
                      chapter_number=1, created_at=NOW, updated_at=NOW, content="Text.")
    chapter.schedule_free(NOW + DAY, timezone="UTC", now=NOW, replacing=False)
    chapter.set_access(AccessSettings(access_level=Level.SCHEDULED_FREE, price=100,
                                      minimum_tier_id="gold"), now=NOW)
    assert chapter.minimum_tier_id == "gold"
    assert not chapter.unlock_free(now=NOW)  # not yet
    assert chapter.unlock_free(now=NOW + DAY)
    assert (chapter.access_level, chapter.minimum_tier_id, chapter.price, chapter.free_at) == (
        Level.FREE, None, None, NOW + DAY)
    assert not chapter.unlock_free(now=NOW + 2 * DAY)  # FREE already
