"""A chapter's history: its versions, diffs against the current text or between two versions,
and restoring one (which makes a new version: history is never rewritten)."""

from collections.abc import Callable

from ownverso.domain.publishing.chapter import Chapter
from ownverso.domain.publishing.versions import ChapterVersion, TextDiff, diff_text
from ownverso.domain.sites.permissions import Permission
from ownverso.services.context import Actor
from ownverso.services.errors import NotFound
from ownverso.services.ports import Clock, IdGenerator, UnitOfWork
from ownverso.services.publishing.chapter_content import write_text
from ownverso.services.publishing.chapter_queries import ChapterQueries, VersionCard
from ownverso.services.publishing.chapter_support import chapter_scope


def version_not_found() -> NotFound:
    return NotFound("No such version of this chapter.", code="version_not_found")


def _version(uow: UnitOfWork, chapter: Chapter, number: int) -> ChapterVersion:
    version = uow.chapter_versions.get_by(chapter_id=chapter.id, version_number=number)
    if version is None:
        raise version_not_found()
    return version


class ChapterVersionService:
    def __init__(self, *, uow: Callable[[], UnitOfWork], clock: Clock, ids: IdGenerator,
                 queries: ChapterQueries):
        self.uow, self.clock, self.ids, self.queries = uow, clock, ids, queries

    def versions(self, *, actor: Actor, chapter_id: str, offset: int = 0,
                 limit: int | None = None) -> tuple[list[VersionCard], int]:
        """Newest first, without their text."""
        with self.uow() as uow:
            chapter_scope(uow, actor, chapter_id, Permission.CONTENT_READ)
        return self.queries.versions(chapter_id, offset=offset, limit=limit)

    def version(self, *, actor: Actor, chapter_id: str, number: int) -> ChapterVersion:
        with self.uow() as uow:
            chapter = chapter_scope(uow, actor, chapter_id, Permission.CONTENT_READ).chapter
            return _version(uow, chapter, number)

    def diff(self, *, actor: Actor, chapter_id: str, number: int) -> TextDiff:
        """From version ``number`` to the current text (a unified diff)."""
        with self.uow() as uow:
            chapter = chapter_scope(uow, actor, chapter_id, Permission.CONTENT_READ).chapter
            version = _version(uow, chapter, number)
        return diff_text(version.content, chapter.content, from_label=f"v{number}",
                         to_label="current")

    def compare(self, *, actor: Actor, chapter_id: str, first: int, second: int) -> TextDiff:
        """From version ``first`` to version ``second``."""
        with self.uow() as uow:
            chapter = chapter_scope(uow, actor, chapter_id, Permission.CONTENT_READ).chapter
            old, new = _version(uow, chapter, first), _version(uow, chapter, second)
        return diff_text(old.content, new.content, from_label=f"v{first}",
                         to_label=f"v{second}")

    def restore(self, *, actor: Actor, chapter_id: str, number: int) -> Chapter:
        """The text, title and author's note of version ``number`` become current again, as a
        new version that says so."""
        now = self.clock.now()
        with self.uow() as uow:
            scope = chapter_scope(uow, actor, chapter_id, Permission.CONTENT_WRITE,
                                  lock_series=True)
            version = _version(uow, scope.chapter, number)
            changed = write_text(uow, scope, version_id=self.ids.new_id("chv"), actor=actor,
                                 now=now, content=version.content, title=version.title,
                                 author_note=version.author_note,
                                 change_note=f"Restored version {number}")
            if not changed:  # the same text: still recorded, restoring is an explicit act
                uow.chapter_versions.add(scope.chapter.new_version(
                    id=self.ids.new_id("chv"), created_by_id=actor.user_id, now=now,
                    change_note=f"Restored version {number}"))
            uow.commit()
            return scope.chapter
