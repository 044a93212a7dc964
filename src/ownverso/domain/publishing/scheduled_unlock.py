"""The record of a SCHEDULED_FREE chapter's unlock: armed while the chapter waits for its free
date, UNLOCKED once the unlock job has turned it FREE (the level and tier it had are kept),
CANCELLED when the author moved it off SCHEDULED_FREE or dropped the date.

    (new) --arm--> PENDING --unlock--> UNLOCKED
    PENDING --arm (another date or tier)--> PENDING
    PENDING --cancel--> CANCELLED --arm--> PENDING
    UNLOCKED --arm (the author gated it again)--> PENDING

The paywall never waits for this record: it follows the chapter's free date and the clock.
"""

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from ownverso.domain.entity import Entity
from ownverso.domain.publishing.values import ChapterAccessLevel

MAX_ERROR = 500


class UnlockStatus(StrEnum):
    PENDING = "PENDING"
    UNLOCKED = "UNLOCKED"
    CANCELLED = "CANCELLED"


@dataclass(eq=False, kw_only=True)
class ScheduledUnlock(Entity):
    chapter_id: str
    unlock_at: datetime
    timezone: str = "UTC"
    original_access_level: ChapterAccessLevel = ChapterAccessLevel.SCHEDULED_FREE
    original_minimum_tier_id: str | None = None
    status: UnlockStatus = UnlockStatus.PENDING
    unlocked_at: datetime | None = None
    error_message: str | None = None
    created_at: datetime
    updated_at: datetime

    @property
    def is_pending(self) -> bool:
        return self.status == UnlockStatus.PENDING

    def is_due(self, now: datetime) -> bool:
        return self.is_pending and self.unlock_at <= now

    def arm(self, *, unlock_at: datetime, timezone: str, level: ChapterAccessLevel,
            minimum_tier_id: str | None, now: datetime) -> bool:
        """Wait for ``unlock_at`` (again); ``False`` when nothing changed."""
        wanted = (UnlockStatus.PENDING, unlock_at, timezone, ChapterAccessLevel(level),
                  minimum_tier_id)
        if (self.status, self.unlock_at, self.timezone, self.original_access_level,
                self.original_minimum_tier_id) == wanted:
            return False
        (self.status, self.unlock_at, self.timezone, self.original_access_level,
         self.original_minimum_tier_id) = wanted
        self.unlocked_at = self.error_message = None
        self.updated_at = now
        return True

    def cancel(self, *, now: datetime) -> bool:
        """The chapter no longer waits for a free date; ``False`` unless it was pending."""
        if not self.is_pending:
            return False
        self.status, self.updated_at = UnlockStatus.CANCELLED, now
        return True

    def record_unlocked(self, *, now: datetime) -> None:
        self.status, self.unlocked_at, self.error_message = UnlockStatus.UNLOCKED, now, None
        self.updated_at = now

    def record_failure(self, error: str, *, now: datetime) -> None:
        """Kept for the author; the row stays PENDING and the next run tries again."""
        self.error_message, self.updated_at = error[:MAX_ERROR], now
