"""Content warnings on one chapter, chosen from the catalog. Anyone may read those of a
published chapter readers can see; the site's team reads the others and changes them."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from ownverso.domain.publishing.chapter import Chapter
from ownverso.domain.publishing.chapter_warnings import MAX_DETAILS, ChapterContentWarning
from ownverso.domain.publishing.warnings import ContentWarning
from ownverso.domain.sites.permissions import Permission
from ownverso.services.context import Actor
from ownverso.services.errors import Conflict, NotFound, ValidationFailed
from ownverso.services.ports import Clock, IdGenerator, UnitOfWork
from ownverso.services.publishing.chapter_support import (
    chapter_not_found,
    chapter_scope,
    public_series,
)


@dataclass(frozen=True)
class ChapterWarningView:
    warning_id: str
    slug: str
    name: str
    description: str
    severity: str
    details: str | None
    added_at: datetime


def _catalog_entry(uow: UnitOfWork, warning_id: str) -> ContentWarning:
    """A catalog warning by id (or slug); 422 when there is none."""
    warning = uow.content_warnings.get(warning_id) or uow.content_warnings.get_by(
        slug=warning_id)
    if warning is None:
        raise ValidationFailed("No such content warning in the catalog.",
                               code="unknown_content_warning",
                               fields={"warning_id": [warning_id]})
    return warning


def _details(details: str | None) -> str | None:
    if details and len(details) > MAX_DETAILS:
        raise ValidationFailed("The details are too long.", code="details_too_long",
                               fields={"details": [f"At most {MAX_DETAILS} characters."]})
    return details or None


class ChapterWarningService:
    def __init__(self, *, uow: Callable[[], UnitOfWork], clock: Clock, ids: IdGenerator):
        self.uow, self.clock, self.ids = uow, clock, ids

    def warnings(self, *, viewer: Actor | None, chapter_id: str) -> list[ChapterWarningView]:
        with self.uow() as uow:
            chapter = self._readable(uow, viewer, chapter_id)
            return self._views(uow, chapter.id)

    def add(self, *, actor: Actor, chapter_id: str, warning_id: str,
            details: str | None = None) -> list[ChapterWarningView]:
        with self.uow() as uow:
            chapter = chapter_scope(uow, actor, chapter_id, Permission.CONTENT_WRITE).chapter
            warning = _catalog_entry(uow, warning_id)
            if uow.chapter_warnings.get_by(chapter_id=chapter.id, warning_id=warning.id):
                raise Conflict("This chapter already has this warning.",
                               code="warning_already_added",
                               fields={"warning_id": [warning.id]})
            self._link(uow, actor, chapter, warning, _details(details))
            uow.commit()
            return self._views(uow, chapter.id)

    def replace(self, *, actor: Actor, chapter_id: str,
                items: list[dict]) -> list[ChapterWarningView]:
        """Exactly these warnings (``[{warning_id, details}]``); the others are removed."""
        with self.uow() as uow:
            chapter = chapter_scope(uow, actor, chapter_id, Permission.CONTENT_WRITE).chapter
            wanted = {}
            for item in items:
                warning = _catalog_entry(uow, item["warning_id"])
                wanted[warning.id] = (warning, _details(item.get("details")))
            current = {link.warning_id: link
                       for link in uow.chapter_warnings.list(chapter_id=chapter.id)}
            for warning_id, link in current.items():
                if warning_id not in wanted:
                    uow.chapter_warnings.remove(link)
                else:
                    link.details = wanted[warning_id][1]
            for warning_id, (warning, details) in wanted.items():
                if warning_id not in current:
                    self._link(uow, actor, chapter, warning, details)
            uow.commit()
            return self._views(uow, chapter.id)

    def remove(self, *, actor: Actor, chapter_id: str, warning_id: str) -> None:
        with self.uow() as uow:
            chapter = chapter_scope(uow, actor, chapter_id, Permission.CONTENT_WRITE).chapter
            link = uow.chapter_warnings.get_by(chapter_id=chapter.id, warning_id=warning_id)
            if link is None:
                raise NotFound("This chapter has no such warning.", code="warning_not_found")
            uow.chapter_warnings.remove(link)
            uow.commit()

    # -- helpers ----------------------------------------------------------------------------
    def _readable(self, uow: UnitOfWork, viewer: Actor | None, chapter_id: str) -> Chapter:
        chapter = uow.chapters.get(chapter_id) if chapter_id else None
        if chapter is not None and chapter.is_published:
            try:
                public_series(uow, chapter.series_id)
                return chapter
            except NotFound:
                pass
        if viewer is None:
            raise chapter_not_found()
        return chapter_scope(uow, viewer, chapter_id, Permission.CONTENT_READ).chapter

    def _link(self, uow: UnitOfWork, actor: Actor, chapter: Chapter, warning: ContentWarning,
              details: str | None) -> None:
        uow.chapter_warnings.add(ChapterContentWarning(
            id=self.ids.new_id("chw"), chapter_id=chapter.id, warning_id=warning.id,
            details=details, added_by_id=actor.user_id, added_at=self.clock.now()))

    @staticmethod
    def _views(uow: UnitOfWork, chapter_id: str) -> list[ChapterWarningView]:
        """Two statements whatever the number of warnings: the links, then their entries."""
        links = uow.chapter_warnings.list(chapter_id=chapter_id)
        if not links:
            return []
        catalog = {w.id: w for w in uow.content_warnings.list(
            id__in=[link.warning_id for link in links])}
        views = [(catalog[link.warning_id], link) for link in links
                 if link.warning_id in catalog]
        return [ChapterWarningView(warning_id=w.id, slug=w.slug, name=w.name,
                                   description=w.description, severity=w.severity,
                                   details=link.details, added_at=link.added_at)
                for w, link in sorted(views, key=lambda pair: pair[0].display_order)]

