"""A chapter of a series: its text, its lifecycle as a state machine, its access settings."""

from dataclasses import dataclass, fields
from datetime import datetime

from ownverso.domain.entity import Entity
from ownverso.domain.errors import InvalidTransition, RuleViolation
from ownverso.domain.publishing.chapter_access import AccessSettings
from ownverso.domain.publishing.chapter_values import AuthorNotePosition, ChapterStatus
from ownverso.domain.publishing.values import ChapterAccessLevel
from ownverso.domain.publishing.versions import ChapterVersion

DRAFT, SCHEDULED = ChapterStatus.DRAFT, ChapterStatus.SCHEDULED
PUBLISHED, ARCHIVED = ChapterStatus.PUBLISHED, ChapterStatus.ARCHIVED

# action: (the statuses it may start from, the status it leads to; None: decided by the move)
MOVES: dict[str, tuple[frozenset[ChapterStatus], ChapterStatus | None]] = {
    "publish": (frozenset({DRAFT, SCHEDULED}), PUBLISHED),
    "unpublish": (frozenset({PUBLISHED}), DRAFT),
    "schedule": (frozenset({DRAFT}), SCHEDULED),
    "reschedule": (frozenset({SCHEDULED}), SCHEDULED),
    "cancel_schedule": (frozenset({SCHEDULED}), DRAFT),
    "archive": (frozenset({DRAFT, PUBLISHED}), ARCHIVED),
    "unarchive": (frozenset({ARCHIVED}), None),  # PUBLISHED again if it was, else DRAFT
}
PHRASES = {"publish": "be published", "unpublish": "be unpublished",
           "schedule": "be scheduled (change the schedule instead)",
           "reschedule": "be rescheduled", "cancel_schedule": "have its schedule cancelled",
           "archive": "be archived", "unarchive": "be unarchived"}
MAX_ERROR = 500


@dataclass(eq=False, kw_only=True)
class Chapter(Entity):
    series_id: str
    site_id: str
    author_id: str  # the series' author (collaborators write on their behalf)
    slug: str
    chapter_number: float
    created_at: datetime
    updated_at: datetime
    volume_number: int | None = None
    title: str | None = None
    # the text (Markdown) and its sanitized HTML
    content: str = ""
    content_html: str = ""
    word_count: int = 0
    author_note: str | None = None
    author_note_html: str | None = None
    author_note_position: AuthorNotePosition = AuthorNotePosition.AFTER
    # lifecycle
    status: ChapterStatus = DRAFT
    published_at: datetime | None = None
    scheduled_at: datetime | None = None
    schedule_timezone: str | None = None
    publish_attempts: int = 0
    last_publish_error: str | None = None
    # access
    access_level: ChapterAccessLevel = ChapterAccessLevel.FREE
    minimum_tier_id: str | None = None
    price: int | None = None
    currency: str = "INR"
    coin_price: int | None = None  # coins that unlock it for good (commerce)
    preview_paragraphs: int | None = None
    paywall_message: str | None = None
    free_at: datetime | None = None  # SCHEDULED_FREE: free for everyone from then on
    free_timezone: str | None = None
    # autosave: kept apart from the content until saved for real
    autosave_title: str | None = None
    autosave_content: str | None = None
    autosave_at: datetime | None = None
    sort_order: int = 0
    current_version: int = 0
    view_count: int = 0
    meta_title: str | None = None
    meta_description: str | None = None
    deleted_at: datetime | None = None

    # -- state ----------------------------------------------------------------------------
    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    @property
    def is_published(self) -> bool:
        return self.status == PUBLISHED and not self.is_deleted

    @property
    def published_words(self) -> int:
        """What this chapter adds to its series' published word count."""
        return self.word_count if self.is_published else 0

    @property
    def is_purchasable(self) -> bool:
        return self.price is not None and self.price > 0

    @property
    def access(self) -> AccessSettings:
        return AccessSettings(**{f.name: getattr(self, f.name) for f in fields(AccessSettings)})

    # -- lifecycle --------------------------------------------------------------------------
    def _target(self, action: str) -> ChapterStatus:
        """Where ``action`` leads from the current status, or ``InvalidTransition``."""
        starts, target = MOVES[action]
        if self.status not in starts:
            raise InvalidTransition(
                f"A {self.status.lower()} chapter cannot {PHRASES[action]}.",
                code="invalid_chapter_transition",
                fields={"status": [f"Allowed from: {', '.join(sorted(starts))}."]})
        return target or (PUBLISHED if self.published_at else DRAFT)

    def _move(self, action: str, *, now: datetime) -> None:
        self.status, self.updated_at = self._target(action), now

    def publish(self, *, now: datetime, needs_text: bool = True) -> None:
        """Publish now (a scheduled chapter too); an empty text chapter is refused."""
        self._target("publish")
        if needs_text and not self.content.strip():
            raise RuleViolation("An empty chapter cannot be published.", code="chapter_empty",
                                fields={"content": ["Write the chapter first."]})
        self._move("publish", now=now)
        self.published_at = now
        self._clear_schedule()

    def unpublish(self, *, now: datetime) -> None:
        self._move("unpublish", now=now)
        self.published_at = None

    def schedule(self, at: datetime, *, timezone: str, now: datetime) -> None:
        self._target("schedule")
        self._check_future(at, now, field="publish_at")
        self._move("schedule", now=now)
        self.scheduled_at, self.schedule_timezone = at, timezone
        self.publish_attempts, self.last_publish_error = 0, None

    def reschedule(self, at: datetime, *, timezone: str, now: datetime) -> None:
        self._target("reschedule")
        self._check_future(at, now, field="publish_at")
        self._move("reschedule", now=now)
        self.scheduled_at, self.schedule_timezone = at, timezone
        self.publish_attempts, self.last_publish_error = 0, None

    def cancel_schedule(self, *, now: datetime) -> None:
        self._move("cancel_schedule", now=now)
        self._clear_schedule()

    def archive(self, *, now: datetime) -> None:
        self._move("archive", now=now)

    def unarchive(self, *, now: datetime) -> None:
        self._move("unarchive", now=now)

    def record_publish_failure(self, error: str, *, now: datetime) -> None:
        """The scheduler could not publish it: counted, and the reason kept for the author."""
        self.publish_attempts += 1
        self.last_publish_error = error[:MAX_ERROR]
        self.updated_at = now

    def is_due(self, now: datetime, *, max_attempts: int) -> bool:
        return (self.status == SCHEDULED and not self.is_deleted and self.scheduled_at is not None
                and self.scheduled_at <= now and self.publish_attempts < max_attempts)

    def _clear_schedule(self) -> None:
        self.scheduled_at = self.schedule_timezone = None
        self.publish_attempts, self.last_publish_error = 0, None

    @staticmethod
    def _check_future(at: datetime, now: datetime, *, field: str) -> None:
        if at <= now:
            raise RuleViolation("The date must be in the future.", code="date_in_past",
                                fields={field: ["Must be in the future."]})

    # -- deletion -------------------------------------------------------------------------
    def soft_delete(self, *, now: datetime) -> None:
        """Hidden from everyone but kept for restore; a pending schedule is cancelled."""
        if self.status == SCHEDULED:
            self.cancel_schedule(now=now)
        self.deleted_at, self.updated_at = now, now

    def restore(self, *, now: datetime) -> None:
        self.deleted_at, self.updated_at = None, now

    # -- text -----------------------------------------------------------------------------
    def write(self, *, title: str | None, content: str, content_html: str, word_count: int,
              author_note: str | None, author_note_html: str | None, now: datetime) -> bool:
        """Replace the text; ``False`` when nothing changed."""
        if (title, content, author_note) == (self.title, self.content, self.author_note):
            return False
        self.title, self.content, self.content_html = title, content, content_html
        self.word_count = word_count
        self.author_note, self.author_note_html = author_note, author_note_html
        self.updated_at = now
        return True

    def new_version(self, *, id: str, created_by_id: str | None, change_note: str | None,
                    now: datetime) -> ChapterVersion:
        """A snapshot of the current text, numbered after the last one."""
        self.current_version += 1
        return ChapterVersion(id=id, chapter_id=self.id, version_number=self.current_version,
                              title=self.title, content=self.content,
                              word_count=self.word_count, author_note=self.author_note,
                              change_note=change_note, created_by_id=created_by_id,
                              created_at=now)

    def autosave(self, *, title: str | None, content: str, now: datetime) -> None:
        self.autosave_title, self.autosave_content, self.autosave_at = title, content, now

    def clear_autosave(self) -> None:
        self.autosave_title = self.autosave_content = self.autosave_at = None

    # -- access ---------------------------------------------------------------------------
    def set_access(self, settings: AccessSettings, *, now: datetime) -> None:
        settings = settings.checked(free_at=self.free_at)
        for f in fields(AccessSettings):
            setattr(self, f.name, getattr(settings, f.name))
        self.updated_at = now

    def schedule_free(self, at: datetime, *, timezone: str, now: datetime,
                      replacing: bool) -> None:
        """Free for everyone from ``at``; ``replacing`` says whether one must exist already."""
        if replacing and self.free_at is None:
            raise InvalidTransition("This chapter has no free date to change.",
                                    code="no_free_schedule")
        if not replacing and self.free_at is not None:
            raise InvalidTransition("This chapter already has a free date; change it instead.",
                                    code="free_schedule_exists")
        self._check_future(at, now, field="free_at")
        self.free_at, self.free_timezone, self.updated_at = at, timezone, now

    def unlock_free(self, *, now: datetime) -> bool:
        """The free date of a SCHEDULED_FREE chapter has come: FREE for everyone from now on
        (the tier and the price go; the free date stays as the record). ``False`` when the
        chapter is not SCHEDULED_FREE or its date has not come."""
        if (self.access_level != ChapterAccessLevel.SCHEDULED_FREE or self.free_at is None
                or self.free_at > now):
            return False
        self.access_level, self.minimum_tier_id, self.price = ChapterAccessLevel.FREE, None, None
        self.coin_price = None
        self.updated_at = now
        return True

    def cancel_free(self, *, now: datetime) -> None:
        if self.free_at is None:
            raise InvalidTransition("This chapter has no free date.", code="no_free_schedule")
        if self.access_level == ChapterAccessLevel.SCHEDULED_FREE:
            raise RuleViolation("SCHEDULED_FREE needs its free date: change the access level "
                                "first.", code="free_at_required",
                                fields={"free_at": ["Used by the SCHEDULED_FREE access level."]})
        self.free_at = self.free_timezone = None
        self.updated_at = now
