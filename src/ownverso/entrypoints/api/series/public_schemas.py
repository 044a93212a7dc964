"""The public view of one series: its fields, its site, genres, tags and warnings."""

import marshmallow as ma

from ownverso.entrypoints.api.common.smorest import Schema
from ownverso.entrypoints.api.content_warnings.schemas import ContentWarningSchema
from ownverso.entrypoints.api.series.schemas import SeriesPublicFields, SiteRefSchema
from ownverso.entrypoints.api.series.taxonomy_schemas import SeriesGenreSchema
from ownverso.entrypoints.api.tags.schemas import TagSchema


class SeriesPublicSchema(SeriesPublicFields):
    site = ma.fields.Nested(SiteRefSchema)
    genres = ma.fields.List(ma.fields.Nested(SeriesGenreSchema))
    tags = ma.fields.List(ma.fields.Nested(TagSchema))
    content_warnings = ma.fields.List(ma.fields.Nested(ContentWarningSchema))

    @ma.pre_dump
    def flatten(self, view: dict, **_):
        """The service answers ``{series, site, genres, tags, content_warnings}``."""
        series = view["series"]
        fields = {name: getattr(series, name) for name in SeriesPublicFields().fields}
        return {**fields, **{k: v for k, v in view.items() if k != "series"}}


class UserStatsSchema(Schema):
    username = ma.fields.String()
    series = ma.fields.Integer(metadata={"description": "Public series"})
    completed_series = ma.fields.Integer()
    published_chapters = ma.fields.Integer()
    words = ma.fields.Integer()
    views = ma.fields.Integer()
    subscribers = ma.fields.Integer()
