"""Bodies of a series' settings, paywall, schedule, images and stats."""

import marshmallow as ma
from flask_smorest.fields import Upload
from marshmallow import validate

from ownverso.domain.publishing.values import ChapterAccessLevel
from ownverso.entrypoints.api.common.smorest import Schema

Bool, Int = ma.fields.Boolean, ma.fields.Integer


class SeriesSettingsSchema(Schema):
    """Known keys only (unknown ones are refused); defaults are filled in on reading."""

    allow_comments, allow_reactions, allow_downloads = Bool(), Bool(), Bool()
    show_word_count, show_reading_time, show_chapter_numbers = Bool(), Bool(), Bool()
    notify_subscribers_on_publish = Bool()
    chapter_order = ma.fields.String(validate=validate.OneOf(["asc", "desc"]))


class SeriesPaywallSchema(Schema):
    default_access_level = ma.fields.Enum(ChapterAccessLevel)
    early_access_days = Int(strict=True, validate=validate.Range(min=0, max=90))
    preview_paragraphs = Int(strict=True, validate=validate.Range(min=0, max=20))
    paywall_message = ma.fields.String(allow_none=True, validate=validate.Length(max=2000))


class SeriesScheduleSchema(Schema):
    update_days = ma.fields.List(Int(strict=True, validate=validate.Range(min=0, max=6)),
                                 validate=validate.Length(max=7),
                                 metadata={"description": "0 = Monday … 6 = Sunday"})
    update_schedule = ma.fields.String(allow_none=True, validate=validate.Length(max=200))
    last_published_at = ma.fields.DateTime(dump_only=True, allow_none=True)
    next_scheduled_at = ma.fields.DateTime(dump_only=True, allow_none=True)


class SeriesImageUploadSchema(Schema):
    file = Upload(required=True, metadata={"description": "PNG, JPEG, WebP or GIF"})


class SeriesStatsSchema(Schema):
    series_id = ma.fields.String()
    status = ma.fields.String()
    is_listed = Bool()
    chapter_count, published_chapter_count, unpublished_chapter_count = Int(), Int(), Int()
    word_count, reading_time_minutes = Int(), Int()
    view_count, subscriber_count = Int(), Int()
    average_rating = ma.fields.Float()
    last_published_at = ma.fields.DateTime(allow_none=True)
    next_scheduled_at = ma.fields.DateTime(allow_none=True)


class SeriesDetailedStatsSchema(SeriesStatsSchema):
    chapters_by_status = ma.fields.Dict(keys=ma.fields.String(), values=Int())
    taxonomy = ma.fields.Dict(keys=ma.fields.String(), values=Int())
    average_words_per_chapter = Int()
    views_per_published_chapter = ma.fields.Float()
    days_since_created = Int()
    days_since_last_publish = Int(allow_none=True)
    listing_problems = ma.fields.Dict(keys=ma.fields.String(),
                                      values=ma.fields.List(ma.fields.String()))
    is_complete = Bool()
    completed_at = ma.fields.DateTime(allow_none=True)
    total_planned_chapters = Int(allow_none=True)
