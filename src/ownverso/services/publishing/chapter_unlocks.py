"""Scheduled unlocks: the record that a SCHEDULED_FREE chapter waits for its free date, kept in
line with the chapter by every access change (``sync_unlock``), and the periodic job that, once
the date has come, turns the chapter FREE and records it (``ChapterUnlockService``).

The paywall does not wait for the job: it follows the chapter's free date and the clock. The
job makes the chapter's stored level say what readers already get, and keeps the level and
tier it had on the record.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from ownverso.domain.publishing.chapter import Chapter
from ownverso.domain.publishing.scheduled_unlock import ScheduledUnlock, UnlockStatus
from ownverso.domain.publishing.values import ChapterAccessLevel
from ownverso.services.ports import Clock, ConcurrencyConflict, UnitOfWork

log = logging.getLogger("ownverso.publishing")


def unlock_id(chapter_id: str) -> str:
    """One record per chapter, so its id follows the chapter's (``chp_x`` -> ``unl_x``)."""
    return f"unl_{chapter_id.split('_', 1)[-1]}"


def waits_for_free_date(chapter: Chapter) -> bool:
    return chapter.access_level == ChapterAccessLevel.SCHEDULED_FREE and \
        chapter.free_at is not None


def sync_unlock(uow: UnitOfWork, chapter: Chapter, *, now: datetime) -> None:
    """PENDING while the chapter is SCHEDULED_FREE with a free date (its date, level and
    tier), CANCELLED once it is not (an UNLOCKED record stays UNLOCKED). One read, and a write
    only when something changed."""
    record = uow.scheduled_unlocks.get_by(chapter_id=chapter.id)
    if not waits_for_free_date(chapter):
        if record is not None:
            record.cancel(now=now)
        return
    assert chapter.free_at is not None
    zone = chapter.free_timezone or "UTC"
    if record is None:
        uow.scheduled_unlocks.add(ScheduledUnlock(
            id=unlock_id(chapter.id), chapter_id=chapter.id, unlock_at=chapter.free_at,
            timezone=zone, original_access_level=chapter.access_level,
            original_minimum_tier_id=chapter.minimum_tier_id, created_at=now, updated_at=now))
        return
    record.arm(unlock_at=chapter.free_at, timezone=zone, level=chapter.access_level,
               minimum_tier_id=chapter.minimum_tier_id, now=now)


@dataclass
class UnlockRun:
    """What one run of the unlock job did."""

    unlocked: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # changed meanwhile, or done already

    def summary(self) -> dict:
        return {"unlocked": len(self.unlocked), "failed": len(self.failed),
                "skipped": len(self.skipped)}


class ChapterUnlockService:
    def __init__(self, *, uow: Callable[[], UnitOfWork], clock: Clock):
        self.uow, self.clock = uow, clock

    def unlock_due(self, *, now: datetime | None = None, limit: int = 500) -> UnlockRun:
        """Every pending unlock whose date has come, each in its own transaction;
        idempotent (a second run finds none pending)."""
        now = now or self.clock.now()
        with self.uow() as uow:
            due = [u.id for u in uow.scheduled_unlocks.list(
                status=UnlockStatus.PENDING, unlock_at__lte=now, order_by=["unlock_at", "id"],
                limit=limit)]
        run = UnlockRun()
        for record_id in due:
            getattr(run, self._unlock_one(record_id, now)).append(record_id)
        if due:
            log.info("scheduled unlocks", extra=run.summary())
        return run

    def _unlock_one(self, record_id: str, now: datetime) -> str:
        try:
            with self.uow() as uow:
                record = uow.scheduled_unlocks.get_by(id=record_id, for_update=True)
                if record is None or not record.is_due(now):
                    return "skipped"
                chapter = uow.chapters.get_by(id=record.chapter_id, for_update=True)
                if chapter is None or not waits_for_free_date(chapter):
                    record.cancel(now=now)  # the author changed it: nothing to unlock
                elif chapter.unlock_free(now=now):  # its own date counts, should they differ
                    record.unlock_at = chapter.free_at or record.unlock_at
                    record.record_unlocked(now=now)
                else:
                    sync_unlock(uow, chapter, now=now)  # moved to a later date: wait for it
                uow.commit()
                return "unlocked" if record.status == UnlockStatus.UNLOCKED else "skipped"
        except ConcurrencyConflict:
            return "skipped"
        except Exception as error:  # kept on the record; the next run tries again
            log.exception("a scheduled unlock failed", extra={"unlock": record_id})
            self._record_failure(record_id, f"{type(error).__name__}: {error}", now)
            return "failed"

    def _record_failure(self, record_id: str, reason: str, now: datetime) -> None:
        try:
            with self.uow() as uow:
                record = uow.scheduled_unlocks.get(record_id)
                if record is not None and record.is_pending:
                    record.record_failure(reason, now=now)
                    uow.commit()
        except ConcurrencyConflict:
            pass
