"""What the converters take and give: plain frozen data, no entities."""

from dataclasses import dataclass, field
from datetime import datetime


class UnreadableDocument(ValueError):
    """The bytes are not a document of the expected kind (or not one we can read)."""

    def __init__(self, message: str, *, code: str = "unreadable_document"):
        super().__init__(message)
        self.message = message
        self.code = code


@dataclass(frozen=True)
class ImportedChapter:
    """One chapter cut out of an imported document; ``content`` is Markdown."""

    title: str | None
    content: str


@dataclass(frozen=True)
class ImportedDocument:
    title: str | None
    chapters: tuple[ImportedChapter, ...]


@dataclass(frozen=True)
class BookChapter:
    """A chapter to export: Markdown content, and its sanitized HTML when already rendered."""

    title: str | None
    content: str
    number: float | None = None
    html: str | None = None
    author_note: str | None = None
    author_note_position: str = "end"  # start | end
    images: tuple[str, ...] = ()  # comic pages: keys into ``Book.files``

    @property
    def heading(self) -> str:
        if self.title:
            return self.title
        if self.number is not None:
            return f"Chapter {self.number:g}"
        return "Untitled chapter"


@dataclass(frozen=True)
class Book:
    """A series (or a single chapter) as exported."""

    identifier: str
    title: str
    author: str
    modified: datetime
    chapters: tuple[BookChapter, ...]
    language: str = "en"
    synopsis: str | None = None
    direction: str = "ltr"  # ltr | rtl (page progression)
    files: dict[str, tuple[bytes, str]] = field(default_factory=dict)  # name: (data, type)
