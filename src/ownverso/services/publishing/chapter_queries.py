"""The read side of chapters: lists as DTOs without the text, one query per page and one per
total (a port, with SQL and in-memory adapters)."""

import abc
from dataclasses import dataclass, fields
from datetime import datetime

from ownverso.domain.publishing.chapter_values import ChapterStatus
from ownverso.domain.publishing.values import ChapterAccessLevel


@dataclass(frozen=True)
class ChapterCard:
    """A chapter as lists show it: the chapters row without its text."""

    id: str
    series_id: str
    slug: str
    title: str | None
    chapter_number: float
    volume_number: int | None
    word_count: int
    status: ChapterStatus
    access_level: ChapterAccessLevel
    price: int | None
    currency: str
    published_at: datetime | None
    scheduled_at: datetime | None
    free_at: datetime | None
    sort_order: int
    current_version: int
    publish_attempts: int
    last_publish_error: str | None
    autosave_at: datetime | None
    created_at: datetime
    updated_at: datetime
    deleted_at: datetime | None


@dataclass(frozen=True)
class VersionCard:
    """A version as the history lists it: without its text."""

    id: str
    chapter_id: str
    version_number: int
    title: str | None
    word_count: int
    change_note: str | None
    created_by_id: str | None
    created_at: datetime


CARD_FIELDS = tuple(f.name for f in fields(ChapterCard))
VERSION_FIELDS = tuple(f.name for f in fields(VersionCard))
# reading order: the author's order, then the numbers; the id breaks ties
CHAPTER_ORDER = ("sort_order", "volume_number", "chapter_number", "id")


@dataclass(frozen=True)
class ChapterFilter:
    """Chapters of one series: ``deleted`` lists the soft-deleted ones instead of the others;
    ``status`` narrows to one status (PUBLISHED for readers)."""

    series_id: str
    status: ChapterStatus | None = None
    deleted: bool = False


class ChapterQueries(abc.ABC):
    @abc.abstractmethod
    def cards(self, where: ChapterFilter, *, offset: int = 0,
              limit: int | None = None) -> tuple[list[ChapterCard], int]:
        """One page of the matching chapters in reading order, and how many match in all."""

    @abc.abstractmethod
    def versions(self, chapter_id: str, *, offset: int = 0,
                 limit: int | None = None) -> tuple[list[VersionCard], int]:
        """One page of a chapter's versions, newest first, and how many there are."""
