"""A series (a serial story) on a site, with its lifecycle as a state machine."""

from dataclasses import dataclass, field
from datetime import datetime

from ownverso.domain.entity import Entity
from ownverso.domain.errors import InvalidTransition, RuleViolation
from ownverso.domain.publishing.values import (
    ChapterAccessLevel,
    ContentType,
    ReadingDirection,
    SeriesStatus,
)
from ownverso.domain.sites.values import ContentRating

TRANSITIONS: dict[SeriesStatus, frozenset[SeriesStatus]] = {
    SeriesStatus.DRAFT: frozenset({SeriesStatus.ONGOING, SeriesStatus.CANCELLED}),
    SeriesStatus.ONGOING: frozenset({SeriesStatus.HIATUS, SeriesStatus.COMPLETED,
                                     SeriesStatus.CANCELLED}),
    SeriesStatus.HIATUS: frozenset({SeriesStatus.ONGOING, SeriesStatus.COMPLETED,
                                    SeriesStatus.CANCELLED}),
    SeriesStatus.COMPLETED: frozenset(),
    SeriesStatus.CANCELLED: frozenset(),
}

# What each status endpoint does: the states it starts from and the state it leads to.
_LIVE = frozenset({SeriesStatus.ONGOING, SeriesStatus.HIATUS})
STATUS_ACTIONS: dict[str, tuple[frozenset[SeriesStatus], SeriesStatus]] = {
    "publish": (frozenset({SeriesStatus.DRAFT}), SeriesStatus.ONGOING),
    "unpublish": (_LIVE, SeriesStatus.DRAFT),
    "hiatus": (frozenset({SeriesStatus.ONGOING}), SeriesStatus.HIATUS),
    "resume": (frozenset({SeriesStatus.HIATUS}), SeriesStatus.ONGOING),
    "complete": (_LIVE, SeriesStatus.COMPLETED),
    "cancel": (frozenset({SeriesStatus.DRAFT}) | _LIVE, SeriesStatus.CANCELLED),
}


@dataclass(eq=False, kw_only=True)
class Series(Entity):
    author_id: str
    site_id: str
    slug: str
    title: str
    synopsis: str
    created_at: datetime
    updated_at: datetime
    cover_image_url: str | None = None
    cover_image_key: str | None = None
    banner_image_url: str | None = None
    banner_image_key: str | None = None
    thumbnail_url: str | None = None
    thumbnail_key: str | None = None
    content_type: ContentType = ContentType.WEB_NOVEL
    content_rating: ContentRating = ContentRating.EVERYONE
    status: SeriesStatus = SeriesStatus.DRAFT
    language: str = "en"
    original_language: str = "en"
    reading_direction: ReadingDirection = ReadingDirection.LTR
    view_count: int = 0
    subscriber_count: int = 0
    average_rating: float = 0.0
    update_schedule: str | None = None
    update_days: list = field(default_factory=list)  # 0 = Monday … 6 = Sunday
    last_published_at: datetime | None = None
    next_scheduled_at: datetime | None = None
    default_access_level: ChapterAccessLevel = ChapterAccessLevel.FREE
    early_access_days: int = 0
    preview_paragraphs: int = 3
    paywall_message: str | None = None
    settings: dict = field(default_factory=dict)
    is_listed: bool = False
    listing_score: float = 0.0
    trending_score: float = 0.0
    meta_title: str | None = None
    meta_description: str | None = None
    canonical_url: str | None = None
    is_complete: bool = False
    completed_at: datetime | None = None
    total_planned_chapters: int | None = None
    published_chapter_count: int = 0
    chapter_count: int = 0
    word_count: int = 0
    deleted_at: datetime | None = None

    def change_status(self, status: SeriesStatus, *, now: datetime) -> None:
        """DRAFT → ONGOING ↔ HIATUS → COMPLETED / CANCELLED; anything else is refused."""
        if status == self.status:
            return
        if status not in TRANSITIONS[self.status]:
            raise InvalidTransition(
                f"A {self.status.lower()} series cannot become {status.lower()}.",
                code="invalid_series_transition",
                fields={"status": [f"Allowed from {self.status.value}: "
                                   f"{', '.join(sorted(TRANSITIONS[self.status])) or 'none'}."]})
        self.status = status
        self.is_complete = status == SeriesStatus.COMPLETED
        self.completed_at = now if self.is_complete else None
        self.updated_at = now

    def perform(self, action: str, *, now: datetime) -> None:
        """A status endpoint's move (``STATUS_ACTIONS``); unpublishing back to a draft is
        refused while chapters are published. Cancelled and drafted series leave discovery."""
        sources, target = STATUS_ACTIONS[action]
        if self.status not in sources:
            raise InvalidTransition(
                f"'{action}' is not possible on a {self.status.lower()} series.",
                code="invalid_series_transition",
                fields={"status": [f"'{action}' needs one of: {', '.join(sorted(sources))}."]})
        if target == SeriesStatus.DRAFT:
            if self.published_chapter_count > 0:
                raise InvalidTransition(
                    "Unpublish or delete the published chapters first.",
                    code="series_has_published_chapters",
                    fields={"chapters": [f"{self.published_chapter_count} published."]})
            self.status, self.updated_at = SeriesStatus.DRAFT, now
        else:
            self.change_status(target, now=now)
        if target in (SeriesStatus.DRAFT, SeriesStatus.CANCELLED):
            self.is_listed = False

    def listing_problems(self) -> dict[str, list[str]]:
        """What is missing before the series may be listed on discovery."""
        problems: dict[str, list[str]] = {}
        if not self.cover_image_url:
            problems["cover_image"] = ["A cover image is required."]
        if not (self.synopsis or "").strip():
            problems["synopsis"] = ["A synopsis is required."]
        if self.published_chapter_count < 1:
            problems["chapters"] = ["At least one published chapter is required."]
        if self.status in (SeriesStatus.DRAFT, SeriesStatus.CANCELLED):
            problems["status"] = ["Draft and cancelled series cannot be listed."]
        return problems

    def list_on_discovery(self, *, now: datetime) -> None:
        problems = self.listing_problems()
        if problems:
            raise RuleViolation("This series is not ready to be listed.",
                                code="listing_requirements_unmet", fields=problems)
        self.is_listed, self.updated_at = True, now

    def unlist(self, *, now: datetime) -> None:
        self.is_listed, self.updated_at = False, now

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None
