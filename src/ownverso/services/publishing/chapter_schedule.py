"""A chapter's lifecycle: publish now, unpublish, schedule (time-zone aware), reschedule,
cancel, archive and unarchive; and the periodic run that publishes what is due, exactly once,
retrying failures a few times and recording why."""

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from ownverso.domain.publishing.chapter import Chapter
from ownverso.domain.publishing.chapter_values import ChapterStatus
from ownverso.domain.publishing.series import Series
from ownverso.domain.sites.permissions import Permission
from ownverso.domain.sites.site import Site
from ownverso.services.context import Actor
from ownverso.services.errors import ServiceError, domain_rules
from ownverso.services.ports import Clock, ConcurrencyConflict, UnitOfWork
from ownverso.services.publishing.chapter_support import (
    Scope,
    chapter_scope,
    refresh_series,
    to_utc,
)
from ownverso.services.quotas import require_feature

log = logging.getLogger("ownverso.publishing")
MAX_PUBLISH_ATTEMPTS = 3


def publish_chapter(uow: UnitOfWork, chapter: Chapter, series: Series, site: Site | None, *,
                    now: datetime) -> None:
    """Publish, and bring the series' counters and the site's last publication along."""
    words = chapter.published_words
    with domain_rules():
        chapter.publish(now=now, needs_text=not series.content_type.is_comic)
    refresh_series(uow, series, words_delta=chapter.published_words - words)
    if site is not None and (site.last_published_at is None or site.last_published_at < now):
        site.last_published_at = now


def schedule_chapter(uow: UnitOfWork, scope: Scope, publish_at: datetime,
                     timezone: str | None, *, now: datetime, reschedule: bool = False) -> None:
    """403 without scheduled publishing in the plan; 422 for a past date or unknown zone."""
    require_feature(uow, scope.series.author_id, "has_scheduled_publishing")
    at, zone = to_utc(publish_at, timezone, field="publish_at")
    with domain_rules():
        move = scope.chapter.reschedule if reschedule else scope.chapter.schedule
        move(at, timezone=zone, now=now)
    refresh_series(uow, scope.series)


def unpublish_chapter(uow: UnitOfWork, scope: Scope, *, now: datetime) -> None:
    words = scope.chapter.published_words
    with domain_rules():
        scope.chapter.unpublish(now=now)
    refresh_series(uow, scope.series, words_delta=-words)


@dataclass
class DueRun:
    """What one run of the scheduler did."""

    published: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # someone else published them first

    def summary(self) -> dict:
        return {"published": len(self.published), "failed": len(self.failed),
                "skipped": len(self.skipped)}


class ChapterPublishingService:
    def __init__(self, *, uow: Callable[[], UnitOfWork], clock: Clock,
                 max_attempts: int = MAX_PUBLISH_ATTEMPTS):
        self.uow, self.clock, self.max_attempts = uow, clock, max_attempts

    def _change(self, actor: Actor, chapter_id: str,
                change: Callable[[UnitOfWork, Scope, datetime], None]) -> Chapter:
        now = self.clock.now()
        with self.uow() as uow:
            scope = chapter_scope(uow, actor, chapter_id, Permission.CONTENT_PUBLISH,
                                  lock_series=True)
            change(uow, scope, now)
            uow.commit()
            return scope.chapter

    def publish(self, *, actor: Actor, chapter_id: str) -> Chapter:
        return self._change(actor, chapter_id, lambda uow, s, now: publish_chapter(
            uow, s.chapter, s.series, s.grant.site, now=now))

    def unpublish(self, *, actor: Actor, chapter_id: str) -> Chapter:
        return self._change(actor, chapter_id,
                            lambda uow, s, now: unpublish_chapter(uow, s, now=now))

    def schedule(self, *, actor: Actor, chapter_id: str, publish_at: datetime,
                 timezone: str | None = None) -> Chapter:
        return self._change(actor, chapter_id, lambda uow, s, now: schedule_chapter(
            uow, s, publish_at, timezone, now=now))

    def reschedule(self, *, actor: Actor, chapter_id: str, publish_at: datetime,
                   timezone: str | None = None) -> Chapter:
        return self._change(actor, chapter_id, lambda uow, s, now: schedule_chapter(
            uow, s, publish_at, timezone, now=now, reschedule=True))

    def cancel_schedule(self, *, actor: Actor, chapter_id: str) -> Chapter:
        def cancel(uow: UnitOfWork, scope: Scope, now: datetime) -> None:
            with domain_rules():
                scope.chapter.cancel_schedule(now=now)
            refresh_series(uow, scope.series)
        return self._change(actor, chapter_id, cancel)

    def archive(self, *, actor: Actor, chapter_id: str) -> Chapter:
        return self._change(actor, chapter_id, self._archiving(archive=True))

    def unarchive(self, *, actor: Actor, chapter_id: str) -> Chapter:
        return self._change(actor, chapter_id, self._archiving(archive=False))

    @staticmethod
    def _archiving(*, archive: bool) -> Callable[[UnitOfWork, Scope, datetime], None]:
        def change(uow: UnitOfWork, scope: Scope, now: datetime) -> None:
            words = scope.chapter.published_words
            with domain_rules():
                (scope.chapter.archive if archive else scope.chapter.unarchive)(now=now)
            refresh_series(uow, scope.series, words_delta=scope.chapter.published_words - words)
        return change

    # -- the scheduler ----------------------------------------------------------------------
    def publish_due(self, *, now: datetime | None = None, limit: int = 500) -> DueRun:
        """Publish every scheduled chapter whose time has come, each in its own transaction.

        Exactly once: each chapter is taken with its series row locked (``FOR UPDATE`` on
        Postgres) and only while still SCHEDULED; a concurrent run that lost the race finds it
        published, or fails its optimistic version check, and skips it. A chapter that cannot
        be published counts an attempt and keeps the reason; after ``max_attempts`` it waits
        for its author (rescheduling resets the count)."""
        now = now or self.clock.now()
        with self.uow() as uow:
            due = [(c.id, c.series_id) for c in uow.chapters.list(
                status=ChapterStatus.SCHEDULED, scheduled_at__lte=now, deleted_at__isnull=True,
                publish_attempts__lt=self.max_attempts, order_by=["scheduled_at", "id"],
                limit=limit)]
        run = DueRun()
        for chapter_id, series_id in due:
            outcome = self._publish_one(chapter_id, series_id, now)
            getattr(run, outcome).append(chapter_id)
        if due:
            log.info("scheduled chapters", extra=run.summary())
        return run

    def _publish_one(self, chapter_id: str, series_id: str, now: datetime) -> str:
        try:
            with self.uow() as uow:
                # the series first, as every chapter use case locks it: no deadlock
                series = uow.series.get_by(id=series_id, for_update=True)
                chapter = uow.chapters.get_by(id=chapter_id, status=ChapterStatus.SCHEDULED,
                                              for_update=True)
                if chapter is None or not chapter.is_due(now, max_attempts=self.max_attempts):
                    return "skipped"
                site = uow.sites.get(chapter.site_id)
                if series is None or series.is_deleted or site is None or site.is_deleted:
                    raise ServiceError("The series or its site has been deleted.",
                                       code="series_deleted")
                publish_chapter(uow, chapter, series, site, now=now)
                uow.commit()
                return "published"
        except ConcurrencyConflict:
            return "skipped"
        except ServiceError as error:
            reason = f"{error.code}: {error.message}"
        except Exception as error:  # recorded for the author; the run goes on with the others
            log.exception("publishing a scheduled chapter failed", extra={"chapter": chapter_id})
            reason = f"{type(error).__name__}: {error}"
        self._record_failure(chapter_id, reason, now)
        return "failed"

    def _record_failure(self, chapter_id: str, reason: str, now: datetime) -> None:
        try:
            with self.uow() as uow:
                chapter = uow.chapters.get(chapter_id)
                if chapter is not None and chapter.status == ChapterStatus.SCHEDULED:
                    chapter.record_publish_failure(reason, now=now)
                    uow.commit()
        except ConcurrencyConflict:
            pass  # changed meanwhile (rescheduled, published): nothing to record
