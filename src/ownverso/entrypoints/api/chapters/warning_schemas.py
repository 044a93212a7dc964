"""Bodies of a chapter's content warnings."""

import marshmallow as ma
from marshmallow import validate

from ownverso.entrypoints.api.common.smorest import Schema

Str = ma.fields.String


class ChapterWarningSchema(Schema):
    warning_id, slug, name, description, severity = (Str() for _ in range(5))
    details = Str(allow_none=True)
    added_at = ma.fields.DateTime()


class ChapterWarningAddSchema(Schema):
    warning_id = Str(required=True, metadata={"description": "A catalog id (or slug)"})
    details = Str(allow_none=True, validate=validate.Length(max=1000))


class ChapterWarningsSetSchema(Schema):
    warnings = ma.fields.List(ma.fields.Nested(ChapterWarningAddSchema), required=True,
                              validate=validate.Length(max=50))
