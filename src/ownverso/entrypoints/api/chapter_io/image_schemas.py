"""Bodies of the pages of comic chapters."""

import marshmallow as ma
from flask_smorest.fields import Upload
from marshmallow import validate

from ownverso.entrypoints.api.common.smorest import Schema

Str, Int, Dt = ma.fields.String, ma.fields.Integer, ma.fields.DateTime


class ImageFileSchema(Schema):
    file = Upload(required=True, metadata={"description": "PNG, JPEG, WebP or GIF"})


class ImageArgsSchema(Schema):
    alt_text = Str(load_default=None, validate=validate.Length(max=500))


class BulkImagesSchema(Schema):
    files = ma.fields.List(Upload(), required=True,
                           metadata={"description": "Several `files` parts, in page order"})


class ImageUpdateSchema(Schema):
    alt_text = Str(allow_none=True, validate=validate.Length(max=500))
    position = Int(strict=True, validate=validate.Range(min=1),
                   metadata={"description": "1 is the first page"})


class ReorderImagesSchema(Schema):
    image_ids = ma.fields.List(Str(), required=True, validate=validate.Length(min=1))


class ChapterImageSchema(Schema):
    id, chapter_id, position = Str(), Str(), Int()
    url, content_type, size_bytes = Str(), Str(), Int()
    width, height = Int(allow_none=True), Int(allow_none=True)
    thumbnail_url = Str(allow_none=True)
    placeholder, average_color = Str(allow_none=True), Str(allow_none=True)
    alt_text = Str(allow_none=True)
    status = Str(attribute="status.value")
    processing_error = Str(allow_none=True)
    processed_at = Dt(allow_none=True)
    created_at, updated_at = Dt(), Dt()
