"""Bodies of a chapter: as lists show it, in full for its site's team, and what is sent to
create or edit one."""

import marshmallow as ma
from marshmallow import validate

from ownverso.domain.publishing.chapter_values import AuthorNotePosition, ChapterStatus
from ownverso.domain.publishing.values import ChapterAccessLevel
from ownverso.entrypoints.api.common.smorest import Schema

Str, Int, Enum, DT = ma.fields.String, ma.fields.Integer, ma.fields.Enum, ma.fields.DateTime
SLUG = validate.Regexp(r"^[a-z0-9]+(?:-[a-z0-9]+)*$", error="Lower-case words and dashes.")
MAX_CONTENT = 500_000  # characters of Markdown
MAX_NOTE = 10_000


def number_field(**kwargs) -> ma.fields.Float:
    return ma.fields.Float(allow_nan=False, validate=validate.Range(0, 1_000_000), **kwargs)


class ChapterCardSchema(Schema):
    """A chapter as lists show it (no text)."""

    id, series_id, slug = Str(), Str(), Str()
    title = Str(allow_none=True)
    chapter_number, volume_number = ma.fields.Float(), Int(allow_none=True)
    word_count, status = Int(), Enum(ChapterStatus)
    access_level = Enum(ChapterAccessLevel)
    price, currency = Int(allow_none=True), Str()
    published_at, scheduled_at = DT(allow_none=True), DT(allow_none=True)
    free_at = DT(allow_none=True)
    sort_order, current_version, publish_attempts = Int(), Int(), Int()
    last_publish_error = Str(allow_none=True)
    autosave_at = DT(allow_none=True)
    created_at, updated_at, deleted_at = DT(), DT(), DT(allow_none=True)


class ChapterSchema(ChapterCardSchema):
    """The whole chapter, for its site's team."""

    version, site_id, author_id = Int(), Str(), Str()
    content, content_html = Str(), Str()
    author_note, author_note_html = Str(allow_none=True), Str(allow_none=True)
    author_note_position = Enum(AuthorNotePosition)
    schedule_timezone, free_timezone = Str(allow_none=True), Str(allow_none=True)
    minimum_tier_id = Str(allow_none=True)
    is_purchasable = ma.fields.Boolean()
    preview_paragraphs = Int(allow_none=True)
    paywall_message = Str(allow_none=True)
    meta_title, meta_description = Str(allow_none=True), Str(allow_none=True)
    view_count = Int()


class ChapterUpdateSchema(Schema):
    """What PATCH changes; the text goes through /content, access through /access."""

    title = Str(allow_none=True, validate=validate.Length(max=200))
    slug = Str(validate=[validate.Length(min=1, max=120), SLUG])
    chapter_number = number_field()
    volume_number = Int(allow_none=True, strict=True, validate=validate.Range(0, 32767))
    author_note_position = Enum(AuthorNotePosition)
    meta_title = Str(allow_none=True, validate=validate.Length(max=60))
    meta_description = Str(allow_none=True, validate=validate.Length(max=160))


class ChapterCreateSchema(ChapterUpdateSchema):
    """A new chapter: the next number and a slug from the title unless given; the series'
    default access level unless given."""

    content = Str(validate=validate.Length(max=MAX_CONTENT))
    author_note = Str(allow_none=True, validate=validate.Length(max=MAX_NOTE))
    change_note = Str(allow_none=True, validate=validate.Length(max=500))
    access_level = Enum(ChapterAccessLevel)
    minimum_tier_id = Str(allow_none=True, validate=validate.Length(max=40))
    price = Int(allow_none=True, strict=True, metadata={"description": "Smallest unit"})
    currency = Str(validate=validate.Length(equal=3))
    preview_paragraphs = Int(allow_none=True, strict=True)
    paywall_message = Str(allow_none=True)


class ChapterListArgs(Schema):
    status = Enum(ChapterStatus)
    deleted = ma.fields.Boolean(load_default=False,
                                metadata={"description": "The deleted chapters instead"})


class ChapterMoveSchema(Schema):
    series_id = Str(required=True, metadata={"description": "Another series of the author"})
