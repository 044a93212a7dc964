"""Bodies of the bulk actions and of the image operations."""

import marshmallow as ma
from marshmallow import validate

from ownverso.entrypoints.api.common.smorest import Schema

IDS = {"required": True, "validate": validate.Length(min=1, max=100)}


class BulkIdsSchema(Schema):
    ids = ma.fields.List(ma.fields.String(), **IDS)


class BulkMoveSchema(BulkIdsSchema):
    folder_id = ma.fields.String(required=True, allow_none=True)


class BulkTagSchema(BulkIdsSchema):
    add = ma.fields.List(ma.fields.String(), load_default=list)
    remove = ma.fields.List(ma.fields.String(), load_default=list)


class ItemResultSchema(Schema):
    id = ma.fields.String()
    ok = ma.fields.Boolean()
    error = ma.fields.String(allow_none=True)
    message = ma.fields.String(allow_none=True)


class BulkResultSchema(Schema):
    succeeded = ma.fields.Integer()
    items = ma.fields.List(ma.fields.Nested(ItemResultSchema))


class ResizeSchema(Schema):
    width = ma.fields.Integer(strict=True, allow_none=True)
    height = ma.fields.Integer(strict=True, allow_none=True)
    fit = ma.fields.String(load_default="contain",
                           metadata={"description": "contain, cover or fill"})


class OptimizeSchema(Schema):
    quality = ma.fields.Integer(strict=True, load_default=80,
                                metadata={"description": "WebP quality, 1 to 100"})


class JobSchema(Schema):
    job_id = ma.fields.String()
    media_id = ma.fields.String()
    operation = ma.fields.String()
    variant = ma.fields.String()
