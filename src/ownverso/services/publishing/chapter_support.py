"""What the chapter use cases share: finding a chapter the caller may touch, numbering and
slugs, rendering, dates with time zones and the series' counters."""

from dataclasses import dataclass
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from ownverso.domain.publishing.chapter import Chapter
from ownverso.domain.publishing.chapter_text import count_words, html_text
from ownverso.domain.publishing.chapter_values import ChapterStatus
from ownverso.domain.publishing.series import Series
from ownverso.domain.publishing.values import SeriesStatus
from ownverso.domain.sites.permissions import Permission
from ownverso.services.context import Actor
from ownverso.services.errors import Conflict, NotFound, ValidationFailed
from ownverso.services.ports import UnitOfWork
from ownverso.services.rendering import render_markdown
from ownverso.services.sites.access import SiteGrant, require


def chapter_not_found() -> NotFound:
    return NotFound("No such chapter.", code="chapter_not_found")


def series_not_found() -> NotFound:
    return NotFound("No such series.", code="series_not_found")




@dataclass
class Scope:
    """A chapter, its series, and the caller's grant on their site."""

    chapter: Chapter
    series: Series
    grant: SiteGrant


def series_scope(uow: UnitOfWork, actor: Actor, series_id: str, permission: Permission, *,
                 lock: bool = False) -> tuple[Series, SiteGrant]:
    """A live series the caller holds ``permission`` on; no role on its site: 404."""
    series = uow.series.get_by(id=series_id, for_update=lock) if series_id else None
    if series is None or series.is_deleted:
        raise series_not_found()
    try:
        grant = require(uow, actor, series.site_id, permission)
    except NotFound:
        raise series_not_found() from None
    return series, grant


def chapter_scope(uow: UnitOfWork, actor: Actor, chapter_id: str, permission: Permission, *,
                  deleted: bool = False, lock_series: bool = False) -> Scope:
    """The chapter (a deleted one only where ``deleted``) if the caller holds ``permission``
    on its site; no role there, or a deleted series: 404."""
    chapter = uow.chapters.get(chapter_id)
    if chapter is None or chapter.is_deleted != deleted:
        raise chapter_not_found()
    try:
        grant = require(uow, actor, chapter.site_id, permission)
    except NotFound:
        raise chapter_not_found() from None
    series = uow.series.get_by(id=chapter.series_id, for_update=lock_series)
    if series is None or series.is_deleted:
        raise chapter_not_found()
    return Scope(chapter=chapter, series=series, grant=grant)


def public_series(uow: UnitOfWork, series_id: str) -> Series:
    """A series readers may see: not a draft, not deleted, on a site the public can see."""
    series = uow.series.get(series_id) if series_id else None
    if series is None or series.is_deleted or series.status == SeriesStatus.DRAFT:
        raise series_not_found()
    site = uow.sites.get(series.site_id)
    if site is None or site.is_deleted or not site.is_visible_to_public:
        raise series_not_found()
    return series


# -- numbers and slugs ----------------------------------------------------------------------
def next_number(uow: UnitOfWork, series_id: str) -> float:
    """After the highest chapter number of the series (deleted chapters keep theirs)."""
    last = uow.chapters.list(series_id=series_id, order_by=["-chapter_number"], limit=1)
    return float(int(last[0].chapter_number) + 1) if last else 1.0


def next_sort_order(uow: UnitOfWork, series_id: str) -> int:
    last = uow.chapters.list(series_id=series_id, order_by=["-sort_order"], limit=1)
    return last[0].sort_order + 1 if last else 0


def free_slug(uow: UnitOfWork, series_id: str, base: str, *, exclude_id: str = "") -> str:
    """``base``, or ``base-2``, ``base-3`` … whichever no other chapter of the series uses."""
    base = base[:110].rstrip("-") or "chapter"
    for n in range(1, 1000):
        slug = base if n == 1 else f"{base}-{n}"
        if uow.chapters.get_by(series_id=series_id, slug=slug, id__ne=exclude_id) is None:
            return slug
    raise Conflict("No free slug left for this title.", code="slug_taken")


def check_free(uow: UnitOfWork, series_id: str, *, slug: str, chapter_number: float,
               volume_number: int | None, exclude_id: str = "") -> None:
    """409 when another chapter of the series (deleted ones included) has the slug or the
    number. Checked before changing anything, so no flush meets the database's constraint."""
    if uow.chapters.get_by(series_id=series_id, slug=slug, id__ne=exclude_id):
        raise Conflict("Another chapter of this series has this slug.", code="slug_taken",
                       fields={"slug": ["Taken."]})
    if uow.chapters.get_by(series_id=series_id, chapter_number=chapter_number,
                           volume_number=volume_number, id__ne=exclude_id):
        raise Conflict("Another chapter of this series has this number.",
                       code="chapter_number_taken",
                       fields={"chapter_number": ["Taken (deleted chapters keep theirs)."]})


# -- text -----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Rendered:
    html: str
    words: int
    note_html: str | None


def render(content: str, author_note: str | None) -> Rendered:
    """Markdown to sanitized HTML (no script, event handler or ``javascript:`` link); the
    words are counted in what a reader sees."""
    html = render_markdown(content)
    return Rendered(html=html, words=count_words(html_text(html)),
                    note_html=render_markdown(author_note) if author_note else None)


# -- dates ------------------------------------------------------------------------------
def to_utc(value: datetime, timezone: str | None, *, field: str) -> tuple[datetime, str]:
    """An instant in UTC and the zone it was given in: an offset wins; a naive date-time is
    read in ``timezone`` (an IANA name), which it then needs."""
    zone = None
    if timezone:
        try:
            zone = ZoneInfo(timezone)
        except (KeyError, ValueError):
            raise ValidationFailed("Unknown time zone.", code="invalid_timezone",
                                   fields={"timezone": ["Not an IANA time zone name."]}) from None
    if value.tzinfo is None:
        if zone is None:
            raise ValidationFailed("Give the date with an offset, or a time zone.",
                                   code="timezone_required",
                                   fields={field: ["No offset and no time zone."]})
        value = value.replace(tzinfo=zone)
    return value.astimezone(UTC), timezone or "UTC"


# -- the series' counters -------------------------------------------------------------------
def refresh_series(uow: UnitOfWork, series: Series, *, words_delta: int = 0) -> None:
    """Recount the series' chapters (published, all, last published, next scheduled) from the
    unit's own view, and move its published word count by ``words_delta``."""
    live = {"series_id": series.id, "deleted_at__isnull": True}
    published = {**live, "status": ChapterStatus.PUBLISHED}
    series.chapter_count = uow.chapters.count(**live)
    series.published_chapter_count = uow.chapters.count(**published)
    latest = uow.chapters.list(**published, order_by=["-published_at"], limit=1)
    series.last_published_at = latest[0].published_at if latest else None
    upcoming = uow.chapters.list(**live, status=ChapterStatus.SCHEDULED,
                                 order_by=["scheduled_at"], limit=1)
    series.next_scheduled_at = upcoming[0].scheduled_at if upcoming else None
    series.word_count = max(0, series.word_count + words_delta)
    author = uow.users.get(series.author_id)
    if author is not None:  # the plan's usage counter (GET /users/me/usage)
        author.total_chapter_count = uow.chapters.count(author_id=series.author_id,
                                                        deleted_at__isnull=True)
