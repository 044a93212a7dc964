"""Bodies of a chapter's text, its autosave, its versions and diffs."""

import marshmallow as ma
from marshmallow import validate

from ownverso.domain.publishing.chapter_values import AuthorNotePosition
from ownverso.entrypoints.api.chapters.schemas import MAX_CONTENT, MAX_NOTE
from ownverso.entrypoints.api.common.smorest import Schema

Str, Int, DT = ma.fields.String, ma.fields.Integer, ma.fields.DateTime


class ChapterContentSchema(Schema):
    chapter_id = Str(attribute="id")
    title = Str(allow_none=True)
    content, content_html, word_count = Str(), Str(), Int()
    author_note, author_note_html = Str(allow_none=True), Str(allow_none=True)
    author_note_position = ma.fields.Enum(AuthorNotePosition)
    current_version, updated_at = Int(), DT()


class ChapterContentUpdateSchema(Schema):
    """The new text in Markdown; title and author's note are kept unless sent."""

    content = Str(required=True, validate=validate.Length(max=MAX_CONTENT))
    title = Str(allow_none=True, validate=validate.Length(max=200))
    author_note = Str(allow_none=True, validate=validate.Length(max=MAX_NOTE))
    change_note = Str(allow_none=True, validate=validate.Length(max=500))


class ChapterAutosaveSchema(Schema):
    chapter_id = Str()
    title, content = Str(allow_none=True), Str(allow_none=True)
    saved_at = DT(allow_none=True)
    exists = ma.fields.Boolean()
    current_version = Int(metadata={"description": "The saved version it was written over"})


class ChapterAutosaveUpdateSchema(Schema):
    content = Str(required=True, validate=validate.Length(max=MAX_CONTENT))
    title = Str(allow_none=True, validate=validate.Length(max=200))


class ChapterVersionCardSchema(Schema):
    id, chapter_id, version_number = Str(), Str(), Int()
    title = Str(allow_none=True)
    word_count = Int()
    change_note, created_by_id = Str(allow_none=True), Str(allow_none=True)
    created_at = DT()


class ChapterVersionSchema(ChapterVersionCardSchema):
    content = Str()
    author_note = Str(allow_none=True)


class ChapterDiffSchema(Schema):
    from_label, to_label = Str(), Str()
    diff = Str(metadata={"description": "A unified diff"})
    additions, deletions = Int(), Int()
    changed = ma.fields.Boolean()
