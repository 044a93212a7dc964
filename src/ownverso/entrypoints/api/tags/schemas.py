"""Bodies of /tags."""

import marshmallow as ma
from marshmallow import validate

from ownverso.entrypoints.api.common.smorest import Schema


class TagSchema(Schema):
    id = ma.fields.String()
    name = ma.fields.String()
    slug = ma.fields.String()
    usage_count = ma.fields.Integer()


class TagCreateSchema(Schema):
    name = ma.fields.String(required=True, validate=validate.Length(min=1, max=100))


class TagSearchArgs(Schema):
    q = ma.fields.String(required=True, validate=validate.Length(min=1, max=50),
                         metadata={"description": "Text the name or slug contains"})
    limit = ma.fields.Integer(load_default=20, validate=validate.Range(min=1, max=50))
