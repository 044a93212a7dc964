"""Pure converters between chapter content (Markdown) and the formats authors bring or take:
Markdown, Word (.docx), Google Docs' exported HTML, plain text and EPUB 3.

Every importer ends in Markdown, split into chapters by ``markdown_split``; every exporter
starts from a ``Book``. No Flask, no SQLAlchemy, no storage: bytes and strings in and out."""

from ownverso.services.publishing.converters.model import (
    Book,
    BookChapter,
    ImportedChapter,
    ImportedDocument,
    UnreadableDocument,
)

__all__ = ["Book", "BookChapter", "ImportedChapter", "ImportedDocument", "UnreadableDocument"]
