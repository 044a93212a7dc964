"""Enumerations of chapters."""

from enum import StrEnum


class ChapterStatus(StrEnum):
    DRAFT = "DRAFT"
    SCHEDULED = "SCHEDULED"
    PUBLISHED = "PUBLISHED"
    ARCHIVED = "ARCHIVED"


class AuthorNotePosition(StrEnum):
    """Where the author's note shows: before the chapter's text or after it."""

    BEFORE = "BEFORE"
    AFTER = "AFTER"
