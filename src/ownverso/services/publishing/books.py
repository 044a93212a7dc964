"""A series (or one chapter) gathered into a ``Book`` for the exporters, and written out.

Reads are bounded: the chapters in one statement, their images in one more, the author in
one; comic pages are read from storage, up to a budget in bytes."""

from dataclasses import dataclass

from ownverso.domain.publishing.chapter import Chapter
from ownverso.domain.publishing.chapter_values import AuthorNotePosition, ChapterStatus
from ownverso.domain.publishing.jobs import ExportFormat
from ownverso.domain.publishing.series import Series
from ownverso.domain.publishing.values import ReadingDirection
from ownverso.services.errors import ValidationFailed
from ownverso.services.ports import FileStorage, UnitOfWork
from ownverso.services.publishing.converters import Book, BookChapter
from ownverso.services.publishing.converters.epub import build_epub
from ownverso.services.publishing.converters.text import to_markdown, to_plain_text

ALIASES = {"epub": ExportFormat.EPUB, "markdown": ExportFormat.MARKDOWN,
           "md": ExportFormat.MARKDOWN, "txt": ExportFormat.TXT, "text": ExportFormat.TXT}
MAX_IMAGE_BYTES = 256 * 1024 * 1024
_EXTENSIONS = {"image/png": "png", "image/jpeg": "jpg", "image/webp": "webp", "image/gif": "gif"}


@dataclass(frozen=True)
class ExportFile:
    filename: str
    content_type: str
    data: bytes


def export_format(value: str | None, *, location: str = "query") -> ExportFormat:
    found = ALIASES.get((value or "").strip().lower())
    if found is None:
        raise ValidationFailed("Export as epub, markdown or txt.", code="unsupported_format",
                               fields={"format": [f"One of {', '.join(sorted(ALIASES))}."]},
                               location=location)
    return found


def live_chapters(uow: UnitOfWork, series_id: str, *, published_only: bool) -> list[Chapter]:
    filters = {"status": ChapterStatus.PUBLISHED} if published_only else {}
    return uow.chapters.list(series_id=series_id, deleted_at__isnull=True,
                             order_by=["sort_order", "chapter_number"], **filters)


def image_bytes(uow: UnitOfWork, chapters: list[Chapter]) -> int:
    """What the chapters' comic pages weigh (one statement)."""
    ids = [chapter.id for chapter in chapters]
    return sum(image.size_bytes for image in uow.chapter_images.list(chapter_id__in=ids)) \
        if ids else 0


def gather(uow: UnitOfWork, storage: FileStorage, series: Series, chapters: list[Chapter], *,
           identifier: str, title: str, budget: int = MAX_IMAGE_BYTES) -> Book:
    """The book of ``chapters`` (in that order), comic pages included."""
    author = uow.users.get(series.author_id)
    ids = [chapter.id for chapter in chapters]
    images = uow.chapter_images.list(chapter_id__in=ids, order_by=["chapter_id", "position"]) \
        if ids else []
    files: dict[str, tuple[bytes, str]] = {}
    pages: dict[str, list[str]] = {}
    used = 0
    for image in images:
        used += image.size_bytes
        if used > budget:
            raise ValidationFailed("The chapters' images are too large to export at once.",
                                   code="export_too_large")
        name = f"images/{image.id}.{_EXTENSIONS.get(image.content_type, 'img')}"
        try:
            files[name] = (storage.read(image.storage_key), image.content_type)
        except FileNotFoundError:
            continue
        pages.setdefault(image.chapter_id, []).append(name)
    stamps = [series.updated_at, *(chapter.updated_at for chapter in chapters)]
    return Book(
        identifier=identifier, title=title,
        author=(author.display_name or author.username) if author else "Unknown author",
        language=series.language or "en", synopsis=series.synopsis or None,
        direction="rtl" if series.reading_direction == ReadingDirection.RTL else "ltr",
        modified=max(stamps), files=files,
        chapters=tuple(BookChapter(
            title=chapter.title, number=chapter.chapter_number, content=chapter.content,
            html=chapter.content_html or None, author_note=chapter.author_note,
            author_note_position=("start" if chapter.author_note_position
                                  == AuthorNotePosition.BEFORE else "end"),
            images=tuple(pages.get(chapter.id, ()))) for chapter in chapters))


def write(book: Book, kind: ExportFormat, basename: str) -> ExportFile:
    if kind == ExportFormat.EPUB:
        data = build_epub(book)
    elif kind == ExportFormat.MARKDOWN:
        data = to_markdown(book).encode()
    else:
        data = to_plain_text(book).encode()
    return ExportFile(filename=f"{basename}.{kind.extension}", content_type=kind.media_type,
                      data=data)
