"""Bodies of the storage and bandwidth reports."""

import marshmallow as ma

from ownverso.entrypoints.api.common.smorest import Schema


class MeterSchema(Schema):
    used_bytes = ma.fields.Integer()
    limit_bytes = ma.fields.Integer(allow_none=True, metadata={"description": "null: none"})
    remaining_bytes = ma.fields.Integer(allow_none=True)
    percent_used = ma.fields.Float(allow_none=True)


class StorageSchema(MeterSchema):
    file_count = ma.fields.Integer()


class KindShareSchema(Schema):
    kind = ma.fields.String()
    files = ma.fields.Integer()
    bytes = ma.fields.Integer()


class SiteShareSchema(Schema):
    site_id = ma.fields.String(allow_none=True, metadata={"description": "null: own files"})
    files = ma.fields.Integer()
    bytes = ma.fields.Integer()


class BreakdownSchema(Schema):
    total_bytes = ma.fields.Integer()
    originals_bytes = ma.fields.Integer()
    variants_bytes = ma.fields.Integer()
    by_kind = ma.fields.List(ma.fields.Nested(KindShareSchema))
    by_site = ma.fields.List(ma.fields.Nested(SiteShareSchema))


class AllowedTypeSchema(Schema):
    content_type = ma.fields.String()
    kind = ma.fields.String()
    extensions = ma.fields.List(ma.fields.String())


class LimitsSchema(Schema):
    tier = ma.fields.String()
    storage_limit_bytes = ma.fields.Integer(allow_none=True)
    bandwidth_limit_bytes = ma.fields.Integer(allow_none=True)
    max_file_bytes = ma.fields.Integer()
    upload_url_ttl = ma.fields.Integer()
    allowed_types = ma.fields.List(ma.fields.Nested(AllowedTypeSchema))
