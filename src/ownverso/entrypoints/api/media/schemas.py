"""Bodies of the media files themselves: the file, its changes, list filters, copy and move."""

import marshmallow as ma
from marshmallow import validate

from ownverso.entrypoints.api.common.smorest import Schema


class VariantSchema(Schema):
    name = ma.fields.String()
    url = ma.fields.String()
    content_type = ma.fields.String()
    size_bytes = ma.fields.Integer()
    width = ma.fields.Integer()
    height = ma.fields.Integer()
    created_at = ma.fields.String()


class MediaFileSchema(Schema):
    id = ma.fields.String()
    owner_id = ma.fields.String()
    uploaded_by_id = ma.fields.String()
    site_id = ma.fields.String(allow_none=True)
    folder_id = ma.fields.String(allow_none=True)
    filename = ma.fields.String()
    original_filename = ma.fields.String()
    content_type = ma.fields.String(metadata={"description": "Detected from the content"})
    declared_type = ma.fields.String(allow_none=True)
    kind = ma.fields.String()
    size_bytes = ma.fields.Integer()
    url = ma.fields.String(allow_none=True, metadata={"description": "null when quarantined"})
    status = ma.fields.String(metadata={"description": "UPLOADING, READY or QUARANTINED"})
    quarantine_reason = ma.fields.String(
        allow_none=True, metadata={"description": "content_type_mismatch when quarantined"})
    checksum = ma.fields.String(allow_none=True, metadata={"description": "SHA-256, hex"})
    width = ma.fields.Integer(allow_none=True)
    height = ma.fields.Integer(allow_none=True)
    alt_text = ma.fields.String(allow_none=True)
    caption = ma.fields.String(allow_none=True)
    tags = ma.fields.List(ma.fields.String())
    metadata = ma.fields.Dict(attribute="meta")
    variants = ma.fields.List(ma.fields.Nested(VariantSchema))
    source_url = ma.fields.String(allow_none=True)
    is_processed = ma.fields.Boolean()
    processed_at = ma.fields.DateTime(allow_none=True)
    processing_error = ma.fields.String(allow_none=True)
    is_optimized = ma.fields.Boolean()
    thumbnail_url = ma.fields.String(allow_none=True)
    placeholder_url = ma.fields.String(allow_none=True)
    created_at = ma.fields.DateTime()
    updated_at = ma.fields.DateTime()


class MediaUpdateSchema(Schema):
    filename = ma.fields.String(validate=validate.Length(min=1, max=255))
    alt_text = ma.fields.String(allow_none=True)
    caption = ma.fields.String(allow_none=True)
    tags = ma.fields.List(ma.fields.String())
    metadata = ma.fields.Dict(attribute="meta", allow_none=True)


class MediaListArgsSchema(Schema):
    class Meta:
        unknown = ma.EXCLUDE  # the pagination arguments share the query string

    site_id = ma.fields.String(metadata={"description": "A site's library (media.read)"})
    folder_id = ma.fields.String()
    root_only = ma.fields.Boolean(metadata={"description": "Only files in no folder"})
    type = ma.fields.String(metadata={"description": "image, document, audio, video, "
                                                     "archive, or a content type"})
    tag = ma.fields.String()
    search = ma.fields.String(metadata={"description": "Part of the file name"})
    created_after = ma.fields.DateTime()
    created_before = ma.fields.DateTime()
    status = ma.fields.String(metadata={"description": "ready (and quarantined) by default"})
    sort = ma.fields.String(load_default="-created_at", metadata={
        "description": "created_at, filename, size, updated_at; '-' for descending"})


class CopySchema(Schema):
    folder_id = ma.fields.String(allow_none=True)
    filename = ma.fields.String(validate=validate.Length(min=1, max=255))


class MoveSchema(Schema):
    folder_id = ma.fields.String(required=True, allow_none=True,
                                 metadata={"description": "null: out of any folder"})
