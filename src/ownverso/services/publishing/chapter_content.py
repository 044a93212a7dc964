"""A chapter's text: read and save it (each change a new version), and the autosave kept beside
it (which never touches the saved text nor makes versions)."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from ownverso.domain.publishing.chapter import Chapter
from ownverso.domain.sites.permissions import Permission
from ownverso.services.context import Actor
from ownverso.services.ports import Clock, IdGenerator, UnitOfWork
from ownverso.services.publishing.chapter_support import (
    Scope,
    chapter_scope,
    refresh_series,
    render,
)

KEEP = object()  # "not given": keep the current value


@dataclass(frozen=True)
class Autosave:
    chapter_id: str
    title: str | None
    content: str | None
    saved_at: datetime | None
    current_version: int

    @property
    def exists(self) -> bool:
        return self.saved_at is not None


def autosave_of(chapter: Chapter) -> Autosave:
    return Autosave(chapter_id=chapter.id, title=chapter.autosave_title,
                    content=chapter.autosave_content, saved_at=chapter.autosave_at,
                    current_version=chapter.current_version)


def write_text(uow: UnitOfWork, scope: Scope, *, version_id: str, actor: Actor, now: datetime,
               content: str, title=KEEP, author_note=KEEP,
               change_note: str | None = None) -> bool:
    """Render and save the text; a new version when anything changed (``False`` if not). The
    series' published word count follows a published chapter's."""
    chapter = scope.chapter
    title = chapter.title if title is KEEP else title
    author_note = chapter.author_note if author_note is KEEP else author_note
    text = render(content, author_note)
    words_before = chapter.published_words
    changed = chapter.write(title=title, content=content, content_html=text.html,
                            word_count=text.words, author_note=author_note,
                            author_note_html=text.note_html, now=now)
    if changed:
        uow.chapter_versions.add(chapter.new_version(
            id=version_id, created_by_id=actor.user_id, change_note=change_note, now=now))
        if chapter.published_words != words_before:
            refresh_series(uow, scope.series, words_delta=chapter.published_words - words_before)
    return changed


class ChapterContentService:
    def __init__(self, *, uow: Callable[[], UnitOfWork], clock: Clock, ids: IdGenerator):
        self.uow, self.clock, self.ids = uow, clock, ids

    def content(self, *, actor: Actor, chapter_id: str) -> Chapter:
        with self.uow() as uow:
            return chapter_scope(uow, actor, chapter_id, Permission.CONTENT_READ).chapter

    def save(self, *, actor: Actor, chapter_id: str, content: str, title=KEEP,
             author_note=KEEP, change_note: str | None = None) -> Chapter:
        """Replace the text (Markdown, rendered and sanitized); the autosave, now stale, is
        dropped. Saving the same text again makes no version."""
        now = self.clock.now()
        with self.uow() as uow:
            scope = chapter_scope(uow, actor, chapter_id, Permission.CONTENT_WRITE,
                                  lock_series=True)
            write_text(uow, scope, version_id=self.ids.new_id("chv"), actor=actor, now=now,
                       content=content, title=title, author_note=author_note,
                       change_note=change_note)
            scope.chapter.clear_autosave()
            uow.commit()
            return scope.chapter

    # -- autosave ---------------------------------------------------------------------------
    def autosave(self, *, actor: Actor, chapter_id: str) -> Autosave:
        with self.uow() as uow:
            return autosave_of(chapter_scope(uow, actor, chapter_id,
                                             Permission.CONTENT_READ).chapter)

    def save_autosave(self, *, actor: Actor, chapter_id: str, content: str,
                      title: str | None = None) -> Autosave:
        now = self.clock.now()
        with self.uow() as uow:
            chapter = chapter_scope(uow, actor, chapter_id, Permission.CONTENT_WRITE).chapter
            chapter.autosave(title=title, content=content, now=now)
            uow.commit()
            return autosave_of(chapter)

    def clear_autosave(self, *, actor: Actor, chapter_id: str) -> None:
        with self.uow() as uow:
            chapter = chapter_scope(uow, actor, chapter_id, Permission.CONTENT_WRITE).chapter
            chapter.clear_autosave()
            uow.commit()
