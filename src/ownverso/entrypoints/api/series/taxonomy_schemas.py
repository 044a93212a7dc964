"""Bodies of a series' genres, tags and content warnings."""

import marshmallow as ma
from marshmallow import validate

from ownverso.entrypoints.api.common.smorest import Schema

Str = ma.fields.String


class SeriesGenreSchema(Schema):
    id, name, slug = Str(), Str(), Str()
    parent_id = Str(allow_none=True)
    is_primary = ma.fields.Boolean()


class GenreAddSchema(Schema):
    genre_id = Str(required=True, metadata={"description": "A genre id or slug"})
    is_primary = ma.fields.Boolean(load_default=False)


class GenresPutSchema(Schema):
    genre_ids = ma.fields.List(Str(), required=True, validate=validate.Length(max=10))
    primary_genre_id = Str(allow_none=True,
                           metadata={"description": "Defaults to the first genre"})


class TagAddSchema(Schema):
    tag_id = Str(metadata={"description": "An existing tag's id or slug"})
    name = Str(validate=validate.Length(min=1, max=100),
               metadata={"description": "A tag name (made when new)"})


class TagsPutSchema(Schema):
    tag_ids = ma.fields.List(Str(), load_default=list, validate=validate.Length(max=50))
    names = ma.fields.List(Str(validate=validate.Length(min=1, max=100)), load_default=list,
                           validate=validate.Length(max=50))


class WarningAddSchema(Schema):
    warning_id = Str(required=True, metadata={"description": "A warning id or slug"})


class WarningsPutSchema(Schema):
    warning_ids = ma.fields.List(Str(), required=True, validate=validate.Length(max=50))
