"""Bodies of reordering and of the bulk operations, and their per-chapter results."""

import marshmallow as ma
from marshmallow import validate

from ownverso.domain.publishing.chapter_values import AuthorNotePosition
from ownverso.entrypoints.api.chapters.status_schemas import ChapterAccessUpdateSchema
from ownverso.entrypoints.api.common.smorest import Schema

Str, Int = ma.fields.String, ma.fields.Integer
MAX_BULK = 500


class ChapterBulkSchema(Schema):
    chapter_ids = ma.fields.List(Str(), required=True,
                                 validate=validate.Length(min=1, max=MAX_BULK))


class ChapterBulkChangesSchema(Schema):
    volume_number = Int(allow_none=True, strict=True, validate=validate.Range(0, 32767))
    author_note_position = ma.fields.Enum(AuthorNotePosition)


class ChapterBulkUpdateSchema(ChapterBulkSchema):
    changes = ma.fields.Nested(ChapterBulkChangesSchema, required=True)


class ChapterBulkAccessSchema(ChapterBulkSchema):
    access = ma.fields.Nested(ChapterAccessUpdateSchema, required=True)


class ChapterBulkScheduleSchema(ChapterBulkSchema):
    publish_at = ma.fields.DateTime(required=True)
    timezone = Str(allow_none=True, validate=validate.Length(max=64))
    interval_hours = Int(load_default=0, strict=True, validate=validate.Range(0, 24 * 90),
                         metadata={"description": "Each next chapter this much later"})


class ChapterBulkItemSchema(Schema):
    chapter_id, ok = Str(), ma.fields.Boolean()
    error, message = Str(), Str()
    status = Int()


class ChapterBulkResultSchema(Schema):
    """Every chapter's result (all succeeded; a failure is a 422 listing them all)."""

    results = ma.fields.List(ma.fields.Nested(ChapterBulkItemSchema))


class ChapterReorderSchema(Schema):
    chapter_ids = ma.fields.List(Str(), required=True,
                                 validate=validate.Length(min=1, max=20_000),
                                 metadata={"description": "Every chapter of the series"})
