"""Where chapters sit: their order within a series, and moving one to another series of the
same author."""

from collections.abc import Callable

from ownverso.domain.publishing.chapter import Chapter
from ownverso.domain.publishing.series import Series
from ownverso.domain.sites.permissions import Permission
from ownverso.services.context import Actor
from ownverso.services.errors import ValidationFailed
from ownverso.services.ports import Clock, UnitOfWork
from ownverso.services.publishing.chapter_queries import (
    ChapterCard,
    ChapterFilter,
    ChapterQueries,
)
from ownverso.services.publishing.chapter_support import (
    chapter_scope,
    free_slug,
    next_number,
    next_sort_order,
    refresh_series,
    series_scope,
)
from ownverso.services.publishing.chapters import check_room


def check_target(source: Series, target: Series) -> None:
    if target.author_id != source.author_id:
        raise ValidationFailed("Chapters move only between series of one author.",
                               code="not_same_author",
                               fields={"series_id": ["Another author's series."]})
    if target.content_type.is_comic != source.content_type.is_comic:
        raise ValidationFailed("Text and comic chapters do not mix.",
                               code="content_type_mismatch",
                               fields={"series_id": [target.content_type.value]})


class ChapterOrderService:
    def __init__(self, *, uow: Callable[[], UnitOfWork], clock: Clock,
                 queries: ChapterQueries):
        self.uow, self.clock, self.queries = uow, clock, queries

    def reorder(self, *, actor: Actor, series_id: str,
                chapter_ids: list[str]) -> list[ChapterCard]:
        """Put the series' chapters in the order given: every chapter (not deleted) once."""
        with self.uow() as uow:
            series, _ = series_scope(uow, actor, series_id, Permission.CONTENT_WRITE, lock=True)
            chapters = {c.id: c for c in uow.chapters.list(series_id=series.id,
                                                           deleted_at__isnull=True)}
            problems = []
            if len(set(chapter_ids)) != len(chapter_ids):
                problems.append("A chapter is named twice.")
            if missing := [i for i in chapters if i not in set(chapter_ids)]:
                problems.append(f"Missing: {', '.join(sorted(missing))}.")
            if unknown := [i for i in chapter_ids if i not in chapters]:
                problems.append(f"Not chapters of this series: {', '.join(unknown)}.")
            if problems:
                raise ValidationFailed("Give every chapter of the series once, in order.",
                                       code="invalid_chapter_order",
                                       fields={"chapter_ids": problems})
            for position, chapter_id in enumerate(chapter_ids):
                if chapters[chapter_id].sort_order != position:
                    chapters[chapter_id].sort_order = position
            uow.commit()
        return self.queries.cards(ChapterFilter(series_id=series_id))[0]

    def move(self, *, actor: Actor, chapter_id: str, series_id: str) -> Chapter:
        """To the end of another series of the same author (a new number there, no volume);
        the caller needs to write on both sites."""
        now = self.clock.now()
        with self.uow() as uow:
            scope = chapter_scope(uow, actor, chapter_id, Permission.CONTENT_WRITE,
                                  lock_series=True)
            chapter, source = scope.chapter, scope.series
            if series_id == source.id:
                raise ValidationFailed("The chapter is already in this series.",
                                       code="same_series", fields={"series_id": ["Same."]})
            target, _ = series_scope(uow, actor, series_id, Permission.CONTENT_WRITE, lock=True)
            check_target(source, target)
            check_room(uow, target)
            # everything computed before the chapter changes (no flush of a half move)
            number, order = next_number(uow, target.id), next_sort_order(uow, target.id)
            slug = free_slug(uow, target.id, chapter.slug, exclude_id=chapter.id)
            words = chapter.published_words
            chapter.series_id, chapter.site_id, chapter.author_id = (target.id, target.site_id,
                                                                     target.author_id)
            chapter.slug, chapter.chapter_number, chapter.volume_number = slug, number, None
            chapter.sort_order, chapter.updated_at = order, now
            refresh_series(uow, source, words_delta=-words)
            refresh_series(uow, target, words_delta=words)
            uow.commit()
            return chapter
