"""Series on a site: create, list, read, edit, duplicate, soft delete and restore.

Every use case goes through the site policy (``sites.access.require``); a series counts
against its site owner's ``max_series``, and the owner's ``series_count`` follows."""

from collections.abc import Callable
from dataclasses import fields as dataclass_fields

from ownverso.domain.publishing.series import Series
from ownverso.domain.publishing.series_options import (
    SLUG_MAX,
    check_slug,
    choice,
    default_direction,
    edit_series,
)
from ownverso.domain.publishing.values import ContentType, SeriesStatus
from ownverso.domain.sites.permissions import Permission
from ownverso.domain.sites.site import Site
from ownverso.domain.text import slugify
from ownverso.services.context import Actor
from ownverso.services.errors import ValidationFailed, domain_rules
from ownverso.services.ports import Clock, FileStorage, IdGenerator, IntegrityConflict, UnitOfWork
from ownverso.services.publishing.series_access import load_series, slug_taken
from ownverso.services.publishing.series_copy import copy_images, copy_taxonomy
from ownverso.services.publishing.series_queries import SeriesCard, SeriesFilter, SeriesQueries
from ownverso.services.quotas import check_limit
from ownverso.services.sites.access import require

# Reset on a copy: the copy starts as a fresh draft with no readers and no chapters.
FRESH = {"status": SeriesStatus.DRAFT, "is_listed": False, "listing_score": 0.0,
         "trending_score": 0.0, "view_count": 0, "subscriber_count": 0, "average_rating": 0.0,
         "chapter_count": 0, "published_chapter_count": 0, "word_count": 0,
         "last_published_at": None, "next_scheduled_at": None, "is_complete": False,
         "completed_at": None, "deleted_at": None}


def active_series_of(uow: UnitOfWork, author_id: str) -> int:
    return uow.series.count(author_id=author_id, deleted_at=None)


def sync_series_count(uow: UnitOfWork, author_id: str) -> None:
    """Keep the owner's ``series_count`` equal to their non-deleted series (after the change,
    which the count sees: SQL flushes first and memory overlays the unit's own objects)."""
    user = uow.users.get(author_id)
    if user is not None:
        user.series_count = active_series_of(uow, author_id)


class SeriesService:
    def __init__(self, *, uow: Callable[[], UnitOfWork], clock: Clock, ids: IdGenerator,
                 queries: SeriesQueries, storage: FileStorage):
        self.uow, self.clock, self.ids = uow, clock, ids
        self.queries, self.storage = queries, storage

    def create(self, *, actor: Actor, site_id: str, fields: dict) -> Series:
        with self.uow() as uow:
            site = require(uow, actor, site_id, Permission.CONTENT_WRITE).site
            check_limit(uow, site.author_id, "max_series",
                        used=active_series_of(uow, site.author_id))
            with domain_rules():
                series = self._new_series(site, dict(fields))
            try:
                if uow.series.get_by(site_id=site.id, slug=series.slug):
                    raise IntegrityConflict("slug")
                uow.series.add(series)
                sync_series_count(uow, site.author_id)
                uow.commit()
            except IntegrityConflict:
                raise slug_taken() from None
            return series

    def _new_series(self, site: Site, fields: dict) -> Series:
        """A draft owned by the site's author, with the site's defaults, the slug made from the
        title (or the id, when the title has no Latin letters) and the given fields."""
        now, series_id = self.clock.now(), self.ids.new_id("ser")
        fields.setdefault("title", "")
        slug = check_slug(fields.pop("slug", None) or slugify(fields["title"])
                          or slugify(series_id))
        content_type = choice(ContentType, fields.get("content_type", ContentType.WEB_NOVEL),
                              "content_type")
        series = Series(id=series_id, author_id=site.author_id, site_id=site.id, slug=slug,
                        title="", synopsis="", created_at=now, updated_at=now,
                        content_rating=site.default_content_rating,
                        language=site.default_language,
                        original_language=site.default_language,
                        reading_direction=default_direction(content_type))
        edit_series(series, fields, now=now)
        return series

    def list_for_site(self, *, actor: Actor, site_id: str, status: SeriesStatus | None = None,
                      content_type: ContentType | None = None, deleted: bool = False,
                      sort: str = "updated", offset: int = 0,
                      limit: int | None = None) -> tuple[list[SeriesCard], int]:
        """Every series of the site, drafts included (``deleted``: the bin instead)."""
        with self.uow() as uow:
            require(uow, actor, site_id, Permission.CONTENT_READ)
        where = SeriesFilter(site_id=site_id, status=status, content_type=content_type,
                             deleted=deleted)
        return self.queries.cards(where, sort=sort, offset=offset, limit=limit)

    def get(self, *, actor: Actor, series_id: str) -> Series:
        with self.uow() as uow:
            return load_series(uow, actor, series_id, Permission.CONTENT_READ)[0]

    def update(self, *, actor: Actor, series_id: str, changes: dict) -> Series:
        with self.uow() as uow:
            series, _ = load_series(uow, actor, series_id, Permission.CONTENT_WRITE)
            with domain_rules():
                edit_series(series, changes, now=self.clock.now())
            try:
                if "slug" in changes and uow.series.get_by(site_id=series.site_id,
                                                           slug=series.slug, id__ne=series.id):
                    raise IntegrityConflict("slug")
                uow.commit()
            except IntegrityConflict:
                raise slug_taken() from None
            return series

    def duplicate(self, *, actor: Actor, series_id: str) -> Series:
        """A draft copy with a ``-copy`` slug, its images, genres, tags and warnings (no
        chapters, no readers)."""
        now = self.clock.now()
        with self.uow() as uow:
            source, _ = load_series(uow, actor, series_id, Permission.CONTENT_WRITE)
            check_limit(uow, source.author_id, "max_series",
                        used=active_series_of(uow, source.author_id))
            values = {f.name: getattr(source, f.name) for f in dataclass_fields(Series)
                      if f.init and f.name not in ("id", "version")}
            copy = Series(**{**values, **FRESH, "id": self.ids.new_id("ser"),
                             "slug": self._free_copy_slug(uow, source),
                             "settings": dict(source.settings),
                             "update_days": list(source.update_days),
                             "created_at": now, "updated_at": now})
            saved = copy_images(self.storage, source, copy)
            uow.series.add(copy)
            copy_taxonomy(uow, self.ids, source.id, copy.id, now=now)
            sync_series_count(uow, source.author_id)
            try:
                uow.commit()
            except Exception:
                for key in saved:
                    self.storage.delete(key)
                raise
            return copy

    @staticmethod
    def _free_copy_slug(uow: UnitOfWork, source: Series) -> str:
        base = f"{source.slug[:SLUG_MAX - 8].rstrip('-')}-copy"
        candidates = [base, *(f"{base}-{n}" for n in range(2, 51))]
        taken = {s.slug for s in uow.series.list(site_id=source.site_id, slug__in=candidates)}
        for candidate in candidates:
            if candidate not in taken:
                return candidate
        raise ValidationFailed("Too many copies of this series; rename some first.",
                               code="too_many_copies")

    def delete(self, *, actor: Actor, series_id: str) -> None:
        """Soft delete: the series leaves every list and discovery, and frees its quota slot."""
        now = self.clock.now()
        with self.uow() as uow:
            series, _ = load_series(uow, actor, series_id, Permission.CONTENT_DELETE)
            series.deleted_at, series.is_listed, series.updated_at = now, False, now
            sync_series_count(uow, series.author_id)
            uow.commit()

    def restore(self, *, actor: Actor, series_id: str) -> Series:
        with self.uow() as uow:
            series, _ = load_series(uow, actor, series_id, Permission.CONTENT_DELETE,
                                    deleted=True)
            check_limit(uow, series.author_id, "max_series",
                        used=active_series_of(uow, series.author_id))
            series.deleted_at, series.updated_at = None, self.clock.now()
            sync_series_count(uow, series.author_id)
            uow.commit()
            return series
