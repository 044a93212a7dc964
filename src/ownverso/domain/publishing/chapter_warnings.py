"""A content warning on one chapter (from the content warnings catalog)."""

from dataclasses import dataclass
from datetime import datetime

from ownverso.domain.entity import Entity

MAX_DETAILS = 1000


@dataclass(eq=False, kw_only=True)
class ChapterContentWarning(Entity):
    chapter_id: str
    warning_id: str
    added_at: datetime
    details: str | None = None
    added_by_id: str | None = None
