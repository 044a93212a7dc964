"""Periodic publishing: scheduled chapters whose time has come, and scheduled free dates."""

from dependency_injector.wiring import Provide, inject

from ownverso.services.publishing.chapter_schedule import ChapterPublishingService
from ownverso.services.publishing.chapter_unlocks import ChapterUnlockService


@inject
def publish_due_chapters(
        *, publishing: ChapterPublishingService = Provide["chapter_publishing"]) -> dict:
    """Publish every scheduled chapter that is due (idempotent: a second run publishes none)."""
    return publishing.publish_due().summary()


@inject
def unlock_due_chapters(
        *, unlocks: ChapterUnlockService = Provide["chapter_unlocks"]) -> dict:
    """Turn FREE every SCHEDULED_FREE chapter whose free date has come, and record it
    (idempotent; readers got it at its date already: the paywall follows the clock)."""
    return unlocks.unlock_due().summary()
