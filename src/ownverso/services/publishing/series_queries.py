"""The read side of series: lists and aggregates as DTOs, in one query per page (a port, with
SQL and in-memory adapters)."""

import abc
from dataclasses import dataclass, fields
from datetime import datetime

from ownverso.domain.publishing.values import ContentType, SeriesStatus
from ownverso.domain.sites.values import ContentRating, SiteStatus

PUBLIC_SITE_STATUSES = (SiteStatus.ACTIVE, SiteStatus.MAINTENANCE)  # Site.is_visible_to_public


@dataclass(frozen=True)
class SeriesCard:
    """A series as lists show it (columns of the series row only)."""

    id: str
    site_id: str
    author_id: str
    slug: str
    title: str
    synopsis: str
    cover_image_url: str | None
    thumbnail_url: str | None
    content_type: ContentType
    content_rating: ContentRating
    status: SeriesStatus
    language: str
    is_listed: bool
    is_complete: bool
    view_count: int
    subscriber_count: int
    average_rating: float
    chapter_count: int
    published_chapter_count: int
    word_count: int
    last_published_at: datetime | None
    created_at: datetime
    updated_at: datetime
    deleted_at: datetime | None


CARD_FIELDS = tuple(f.name for f in fields(SeriesCard))


@dataclass(frozen=True)
class SeriesFilter:
    """Which series a list holds. ``public``: not a draft, not deleted, on a site the public
    can see; ``listed``: public and on discovery."""

    site_id: str | None = None
    author_id: str | None = None
    status: SeriesStatus | None = None
    content_type: ContentType | None = None
    deleted: bool = False
    public: bool = False
    listed: bool = False
    genre_ids: tuple[str, ...] = ()
    tag_id: str | None = None


# sort name -> order of the series fields (``-`` descending); the id breaks ties
SORTS: dict[str, tuple[str, ...]] = {
    "updated": ("-updated_at",),
    "created": ("-created_at",),
    "title": ("title",),
    "popular": ("-view_count", "-subscriber_count"),
    "recent": ("-last_published_at",),
    "trending": ("-trending_score", "-view_count"),
}


@dataclass(frozen=True)
class AuthorTotals:
    series: int = 0
    completed_series: int = 0
    published_chapters: int = 0
    words: int = 0
    views: int = 0
    subscribers: int = 0


@dataclass(frozen=True)
class TagCard:
    id: str
    name: str
    slug: str
    usage_count: int


class SeriesQueries(abc.ABC):
    @abc.abstractmethod
    def cards(self, where: SeriesFilter, *, sort: str = "updated", offset: int = 0,
              limit: int | None = None) -> tuple[list[SeriesCard], int]:
        """One page of the matching series and how many match in all."""

    @abc.abstractmethod
    def totals(self, where: SeriesFilter) -> AuthorTotals:
        """Sums over every matching series (one aggregate query)."""

    @abc.abstractmethod
    def chapter_status_counts(self, series_id: str) -> dict[str, int]:
        """Chapters of the series by status (none until the chapters table exists)."""

    @abc.abstractmethod
    def search_tags(self, text: str, *, limit: int) -> list[TagCard]:
        """Usable tags whose name or slug contains ``text``, most used first."""
