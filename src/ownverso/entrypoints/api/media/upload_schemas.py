"""Bodies of the uploads: direct, presigned and completion, from a URL."""

import marshmallow as ma
from flask_smorest.fields import Upload
from marshmallow import validate

from ownverso.entrypoints.api.common.smorest import Schema
from ownverso.entrypoints.api.media.schemas import MediaFileSchema


class UploadFileSchema(Schema):
    file = Upload(required=True, metadata={
        "description": "Images (PNG, JPEG, WebP, GIF), PDF, EPUB, ZIP, MP3, M4A, MP4; its "
                       "type is read from the content"})


class UploadFormSchema(Schema):
    site_id = ma.fields.String()
    folder_id = ma.fields.String()
    alt_text = ma.fields.String()
    tags = ma.fields.String(metadata={"description": "Comma-separated"})


class SignedUrlRequestSchema(Schema):
    filename = ma.fields.String(required=True, validate=validate.Length(min=1, max=255))
    content_type = ma.fields.String(required=True, validate=validate.Length(max=100))
    size_bytes = ma.fields.Integer(required=True, strict=True, validate=validate.Range(min=1))
    site_id = ma.fields.String()
    folder_id = ma.fields.String()


class SignedUrlSchema(Schema):
    upload_id = ma.fields.String()
    media = ma.fields.Nested(MediaFileSchema)
    url = ma.fields.String(metadata={"description": "Send the form here"})
    method = ma.fields.String(metadata={"description": "POST (multipart form)"})
    headers = ma.fields.Dict()
    fields = ma.fields.Dict(metadata={"description": "Form fields to send before the file, "
                                                     "which goes last as 'file'"})
    expires_at = ma.fields.DateTime()


class CompleteSchema(Schema):
    upload_id = ma.fields.String(required=True)


class FromUrlSchema(Schema):
    url = ma.fields.String(required=True, validate=validate.Length(min=1, max=2048))
    filename = ma.fields.String(validate=validate.Length(min=1, max=255))
    site_id = ma.fields.String()
    folder_id = ma.fields.String()
    alt_text = ma.fields.String()
    tags = ma.fields.List(ma.fields.String())
