"""Bodies of /series and /sites/{siteId}/series: the series itself, as a card and in public."""

import marshmallow as ma
from marshmallow import validate

from ownverso.domain.publishing.values import ContentType, ReadingDirection, SeriesStatus
from ownverso.domain.sites.values import ContentRating
from ownverso.entrypoints.api.common.smorest import Schema
from ownverso.services.publishing.series_queries import SORTS

Str, Int, Enum = ma.fields.String, ma.fields.Integer, ma.fields.Enum
SLUG = validate.Regexp(r"^[a-z0-9]+(?:-[a-z0-9]+)*$", error="Lower-case words and dashes.")


class SeriesCardSchema(Schema):
    """A series as lists show it."""

    id, site_id, author_id, slug, title, synopsis = (Str() for _ in range(6))
    cover_image_url = Str(allow_none=True)
    thumbnail_url = Str(allow_none=True)
    content_type, content_rating = Enum(ContentType), Enum(ContentRating)
    status, language = Enum(SeriesStatus), Str()
    is_listed, is_complete = ma.fields.Boolean(), ma.fields.Boolean()
    view_count, subscriber_count = Int(), Int()
    average_rating = ma.fields.Float()
    published_chapter_count, word_count = Int(), Int()
    last_published_at = ma.fields.DateTime(allow_none=True)
    created_at, updated_at = ma.fields.DateTime(), ma.fields.DateTime()


class SeriesPublicFields(SeriesCardSchema):
    banner_image_url = Str(allow_none=True)
    original_language = Str()
    reading_direction = Enum(ReadingDirection)
    update_schedule = Str(allow_none=True)
    update_days = ma.fields.List(Int())
    next_scheduled_at = ma.fields.DateTime(allow_none=True)
    default_access_level, early_access_days = Str(), Int()
    meta_title = Str(allow_none=True)
    meta_description = Str(allow_none=True)
    canonical_url = Str(allow_none=True)
    completed_at = ma.fields.DateTime(allow_none=True)
    total_planned_chapters = Int(allow_none=True)


class SeriesSchema(SeriesPublicFields):
    """The full series, for its site's team."""

    version, chapter_count, preview_paragraphs = Int(), Int(), Int()
    paywall_message = Str(allow_none=True)
    settings = ma.fields.Dict()
    listing_score = ma.fields.Float()
    deleted_at = ma.fields.DateTime(allow_none=True)


class SeriesUpdateSchema(Schema):
    """Status, images, settings, paywall and schedule have their own endpoints."""

    title = Str(validate=validate.Length(min=1, max=200))
    slug = Str(validate=[validate.Length(min=1, max=120), SLUG])
    synopsis = Str(validate=validate.Length(max=10_000))
    content_type, content_rating = Enum(ContentType), Enum(ContentRating)
    reading_direction = Enum(ReadingDirection)
    language = Str(validate=validate.Length(equal=2))
    original_language = Str(validate=validate.Length(equal=2))
    meta_title = Str(allow_none=True, validate=validate.Length(max=60))
    meta_description = Str(allow_none=True, validate=validate.Length(max=160))
    canonical_url = ma.fields.URL(allow_none=True, validate=validate.Length(max=2048))
    total_planned_chapters = Int(allow_none=True, strict=True,
                                 validate=validate.Range(min=1, max=100_000))


class SeriesCreateSchema(SeriesUpdateSchema):
    title = Str(required=True, validate=validate.Length(min=1, max=200))
    slug = Str(validate=[validate.Length(min=1, max=120), SLUG],
               metadata={"description": "Made from the title when not given"})


class SeriesListArgs(Schema):
    status = Enum(SeriesStatus)
    content_type = Enum(ContentType)
    deleted = ma.fields.Boolean(load_default=False, metadata={"description": "The bin"})
    sort = Str(load_default="updated", validate=validate.OneOf(list(SORTS)))


class PublicListArgs(Schema):
    content_type = Enum(ContentType)
    sort = Str(load_default="recent", validate=validate.OneOf(list(SORTS)))


class SiteRefSchema(Schema):
    id, slug, name = Str(), Str(), Str()
