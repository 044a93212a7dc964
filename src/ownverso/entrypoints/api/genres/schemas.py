"""Bodies of /genres."""

import marshmallow as ma
from marshmallow import validate

from ownverso.entrypoints.api.common.smorest import Schema
from ownverso.services.publishing.series_queries import SORTS


class GenreSchema(Schema):
    id = ma.fields.String()
    name = ma.fields.String()
    slug = ma.fields.String()
    description = ma.fields.String(allow_none=True)
    icon_url = ma.fields.String(allow_none=True)
    color = ma.fields.String(allow_none=True)
    parent_id = ma.fields.String(allow_none=True)
    display_order = ma.fields.Integer()
    is_featured = ma.fields.Boolean()


class GenreTreeSchema(GenreSchema):
    children = ma.fields.List(ma.fields.Nested(lambda: GenreTreeSchema()))


class GenreListArgs(Schema):
    parent = ma.fields.String(metadata={"description": "Only this genre's children (flat)"})
    flat = ma.fields.Boolean(load_default=False,
                             metadata={"description": "Every genre in one flat list"})


class CatalogSeriesArgs(Schema):
    sort = ma.fields.String(load_default="popular", validate=validate.OneOf(list(SORTS)))
