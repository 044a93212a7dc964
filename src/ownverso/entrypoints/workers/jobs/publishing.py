"""Periodic publishing: scheduled chapters whose time has come."""

from dependency_injector.wiring import Provide, inject

from ownverso.services.publishing.chapter_schedule import ChapterPublishingService


@inject
def publish_due_chapters(
        *, publishing: ChapterPublishingService = Provide["chapter_publishing"]) -> dict:
    """Publish every scheduled chapter that is due (idempotent: a second run publishes none)."""
    return publishing.publish_due().summary()
