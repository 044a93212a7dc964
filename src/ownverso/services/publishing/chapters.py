"""Chapters of a series: create, list, read, edit, delete and restore, duplicate; the public
list of published chapters (no text: readers read through ``services.access``, the paywall)."""

from collections.abc import Callable
from datetime import datetime

from ownverso.domain.publishing.chapter import Chapter
from ownverso.domain.publishing.chapter_access import TIERED, AccessSettings
from ownverso.domain.publishing.chapter_text import (
    check_number,
    check_slug,
    number_label,
)
from ownverso.domain.publishing.chapter_values import AuthorNotePosition, ChapterStatus
from ownverso.domain.publishing.chapter_warnings import ChapterContentWarning
from ownverso.domain.publishing.series import Series
from ownverso.domain.publishing.values import ChapterAccessLevel
from ownverso.domain.sites.permissions import Permission
from ownverso.domain.text import slugify
from ownverso.services.context import Actor
from ownverso.services.errors import PermissionDenied, ValidationFailed, domain_rules
from ownverso.services.ports import Clock, IdGenerator, UnitOfWork
from ownverso.services.publishing.chapter_queries import (
    ChapterCard,
    ChapterFilter,
    ChapterQueries,
)
from ownverso.services.publishing.chapter_support import (
    Scope,
    chapter_scope,
    check_free,
    free_slug,
    next_number,
    next_sort_order,
    public_series,
    refresh_series,
    render,
    series_scope,
)
from ownverso.services.publishing.chapter_unlocks import sync_unlock
from ownverso.services.quotas import check_limit, require_feature
from ownverso.services.sites.access import SiteGrant

METADATA = ("title", "author_note_position", "meta_title", "meta_description")
NEEDS_MORE = (ChapterAccessLevel.SPECIFIC_TIER, ChapterAccessLevel.SCHEDULED_FREE)


def check_access(uow: UnitOfWork, series: Series, settings: AccessSettings, *,
                 chapter: Chapter, now: datetime, grant: SiteGrant | None = None) -> None:
    """Apply access settings. Setting a price is monetization: it needs that permission on
    the site (checked on ``grant`` when given) and a plan with one-time purchases (403). A new
    minimum tier must be one of the chapter's site (422). The scheduled unlock follows."""
    if settings.price is not None and settings.price != chapter.price:
        if grant is not None and not grant.can(Permission.MONETIZATION_MANAGE):
            raise PermissionDenied(f"Your role on this site ({grant.role}) does not allow "
                                   "setting prices.", code="missing_permission",
                                   fields={"permission": [Permission.MONETIZATION_MANAGE]})
        require_feature(uow, series.author_id, "has_one_time_purchases")
    if (settings.coin_price and settings.coin_price != chapter.coin_price and grant is not None
            and not grant.can(Permission.MONETIZATION_MANAGE)):
        raise PermissionDenied(f"Your role on this site ({grant.role}) does not allow "
                               "setting prices.", code="missing_permission",
                               fields={"permission": [Permission.MONETIZATION_MANAGE]})
    if (settings.minimum_tier_id and settings.access_level in TIERED
            and settings.minimum_tier_id != chapter.minimum_tier_id):
        check_tier(uow, chapter.site_id, settings.minimum_tier_id)
    with domain_rules():
        chapter.set_access(settings, now=now)
    sync_unlock(uow, chapter, now=now)


def check_tier(uow: UnitOfWork, site_id: str, tier_id: str) -> None:
    """422 ``tier_not_on_site`` unless the tier is one of the site's."""
    tier = uow.tiers.get(tier_id)
    if tier is None or tier.site_id != site_id:
        raise ValidationFailed("No such tier on this chapter's site.", code="tier_not_on_site",
                               fields={"minimum_tier_id": ["Not a tier of this site."]})


def check_room(uow: UnitOfWork, series: Series, adding: int = 1) -> None:
    """402 ``max_chapters_per_series_exceeded`` (or ``max_total_chapters_exceeded``, over all
    the author's series) past the series owner's plan."""
    used = uow.chapters.count(series_id=series.id, deleted_at__isnull=True)
    check_limit(uow, series.author_id, "max_chapters_per_series", used=used, adding=adding)
    total = uow.chapters.count(author_id=series.author_id, deleted_at__isnull=True)
    check_limit(uow, series.author_id, "max_total_chapters", used=total, adding=adding)


def update_chapter(uow: UnitOfWork, scope: Scope, changes: dict, *, now: datetime) -> None:
    """Apply metadata changes; 409 when the new slug or number is another chapter's."""
    chapter = scope.chapter
    with domain_rules():
        slug = check_slug(changes["slug"]) if changes.get("slug") else chapter.slug
        number = (check_number(changes["chapter_number"])
                  if changes.get("chapter_number") is not None else chapter.chapter_number)
    volume = changes.get("volume_number", chapter.volume_number)
    if (slug, number, volume) != (chapter.slug, chapter.chapter_number, chapter.volume_number):
        check_free(uow, chapter.series_id, slug=slug, chapter_number=number,
                   volume_number=volume, exclude_id=chapter.id)
    chapter.slug, chapter.chapter_number, chapter.volume_number = slug, number, volume
    for name in METADATA:
        if name in changes:
            setattr(chapter, name, changes[name])
    chapter.updated_at = now


def delete_chapter(uow: UnitOfWork, scope: Scope, *, now: datetime) -> None:
    words = scope.chapter.published_words
    scope.chapter.soft_delete(now=now)
    refresh_series(uow, scope.series, words_delta=-words)


def place_of(uow: UnitOfWork, series: Series, data: dict) -> tuple[str, float]:
    """The slug and number of a new chapter: as given (409 if taken), else the next number
    and a slug from the title (or the number)."""
    with domain_rules():
        number = (check_number(data["chapter_number"])
                  if data.get("chapter_number") is not None else next_number(uow, series.id))
        slug = (check_slug(data["slug"]) if data.get("slug") else free_slug(
            uow, series.id, slugify(data.get("title")) or f"chapter-{number_label(number)}"))
    check_free(uow, series.id, slug=slug, chapter_number=number,
               volume_number=data.get("volume_number"))
    return slug, number


def initial_access(series: Series, data: dict) -> AccessSettings:
    """What is sent, else the series' default level (paywalled to subscribers when that
    default needs more than a level: a tier, a free date)."""
    default = series.default_access_level
    return AccessSettings(
        access_level=data.get("access_level") or (
            ChapterAccessLevel.SUBSCRIBERS if default in NEEDS_MORE else default),
        **{k: data[k] for k in ("minimum_tier_id", "price", "currency", "preview_paragraphs",
                                "paywall_message") if k in data})


class ChapterService:
    def __init__(self, *, uow: Callable[[], UnitOfWork], clock: Clock, ids: IdGenerator,
                 queries: ChapterQueries):
        self.uow, self.clock, self.ids, self.queries = uow, clock, ids, queries

    # -- author side ----------------------------------------------------------------------
    def create(self, *, actor: Actor, series_id: str, data: dict) -> Chapter:
        """A new draft at the end of the series (next number unless given); version 1."""
        now = self.clock.now()
        with self.uow() as uow:
            series, grant = series_scope(uow, actor, series_id, Permission.CONTENT_WRITE,
                                         lock=True)
            check_room(uow, series)
            slug, number = place_of(uow, series, data)
            content, note = data.get("content") or "", data.get("author_note")
            text = render(content, note)
            chapter = Chapter(
                id=self.ids.new_id("chp"), series_id=series.id, site_id=series.site_id,
                author_id=series.author_id, slug=slug, chapter_number=number,
                volume_number=data.get("volume_number"), title=data.get("title"),
                content=content, content_html=text.html, word_count=text.words,
                author_note=note, author_note_html=text.note_html,
                sort_order=next_sort_order(uow, series.id),
                author_note_position=data.get("author_note_position", AuthorNotePosition.AFTER),
                meta_title=data.get("meta_title"), meta_description=data.get("meta_description"),
                created_at=now, updated_at=now)
            check_access(uow, series, initial_access(series, data), chapter=chapter,
                         grant=grant, now=now)
            uow.chapters.add(chapter)
            uow.chapter_versions.add(chapter.new_version(
                id=self.ids.new_id("chv"), created_by_id=actor.user_id,
                change_note=data.get("change_note") or "Created", now=now))
            refresh_series(uow, series)
            uow.commit()
            return chapter

    def list_chapters(self, *, actor: Actor, series_id: str,
                      status: ChapterStatus | None = None, deleted: bool = False,
                      offset: int = 0, limit: int | None = None,
                      ) -> tuple[list[ChapterCard], int]:
        """Every chapter of the series, drafts included (``deleted``: the deleted ones)."""
        with self.uow() as uow:
            series_scope(uow, actor, series_id, Permission.CONTENT_READ)
        return self.queries.cards(ChapterFilter(series_id=series_id, status=status,
                                                deleted=deleted), offset=offset, limit=limit)

    def get(self, *, actor: Actor, chapter_id: str) -> Chapter:
        with self.uow() as uow:
            return chapter_scope(uow, actor, chapter_id, Permission.CONTENT_READ).chapter

    def update(self, *, actor: Actor, chapter_id: str, changes: dict) -> Chapter:
        """Title, slug, numbers, note position, SEO fields (the text goes through content)."""
        now = self.clock.now()
        with self.uow() as uow:
            scope = chapter_scope(uow, actor, chapter_id, Permission.CONTENT_WRITE)
            update_chapter(uow, scope, changes, now=now)
            uow.commit()
            return scope.chapter

    def delete(self, *, actor: Actor, chapter_id: str) -> None:
        """Soft delete: hidden from readers and lists, restorable; a schedule is cancelled."""
        now = self.clock.now()
        with self.uow() as uow:
            scope = chapter_scope(uow, actor, chapter_id, Permission.CONTENT_DELETE,
                                  lock_series=True)
            delete_chapter(uow, scope, now=now)
            uow.commit()

    def restore(self, *, actor: Actor, chapter_id: str) -> Chapter:
        now = self.clock.now()
        with self.uow() as uow:
            scope = chapter_scope(uow, actor, chapter_id, Permission.CONTENT_DELETE,
                                  deleted=True, lock_series=True)
            check_room(uow, scope.series)
            scope.chapter.restore(now=now)
            refresh_series(uow, scope.series, words_delta=scope.chapter.published_words)
            uow.commit()
            return scope.chapter

    def duplicate(self, *, actor: Actor, chapter_id: str) -> Chapter:
        """A draft copy at the end of the series, with the text, access and warnings."""
        now = self.clock.now()
        with self.uow() as uow:
            scope = chapter_scope(uow, actor, chapter_id, Permission.CONTENT_WRITE,
                                  lock_series=True)
            source, series = scope.chapter, scope.series
            check_room(uow, series)
            copy = self._copy_of(uow, source, series, now=now)
            uow.chapters.add(copy)
            sync_unlock(uow, copy, now=now)
            uow.chapter_versions.add(copy.new_version(
                id=self.ids.new_id("chv"), created_by_id=actor.user_id, now=now,
                change_note=f"Duplicated from chapter {number_label(source.chapter_number)}"))
            for link in uow.chapter_warnings.list(chapter_id=source.id):
                uow.chapter_warnings.add(ChapterContentWarning(
                    id=self.ids.new_id("chw"), chapter_id=copy.id, warning_id=link.warning_id,
                    details=link.details, added_by_id=actor.user_id, added_at=now))
            refresh_series(uow, series)
            uow.commit()
            return copy

    def _copy_of(self, uow: UnitOfWork, source: Chapter, series: Series, *,
                 now: datetime) -> Chapter:
        copy = Chapter(
            id=self.ids.new_id("chp"), series_id=series.id, site_id=series.site_id,
            author_id=series.author_id, slug=free_slug(uow, series.id, f"{source.slug}-copy"),
            chapter_number=next_number(uow, series.id), volume_number=source.volume_number,
            title=f"{source.title} (copy)"[:200] if source.title else None,
            content=source.content, content_html=source.content_html,
            word_count=source.word_count, author_note=source.author_note,
            author_note_html=source.author_note_html,
            author_note_position=source.author_note_position,
            free_at=source.free_at, free_timezone=source.free_timezone,
            sort_order=next_sort_order(uow, series.id), meta_title=source.meta_title,
            meta_description=source.meta_description, created_at=now, updated_at=now)
        with domain_rules():
            copy.set_access(source.access, now=now)
        return copy

    # -- reader side ----------------------------------------------------------------------
    def list_public(self, *, series_id: str, offset: int = 0,
                    limit: int | None = None) -> tuple[list[ChapterCard], int]:
        """Published chapters of a series readers may see, in reading order."""
        with self.uow() as uow:
            public_series(uow, series_id)
        return self.queries.cards(ChapterFilter(series_id=series_id,
                                                status=ChapterStatus.PUBLISHED),
                                  offset=offset, limit=limit)
