"""Bodies of /sites/{id}/branding."""

import marshmallow as ma
from flask_smorest.fields import Upload
from marshmallow import validate

from ownverso.entrypoints.api.common.smorest import Schema

Color = ma.fields.String(allow_none=True, validate=validate.Regexp(
    r"^#[0-9A-Fa-f]{6}$", error="Not a #RRGGBB color."), metadata={"example": "#1A2B3C"})
Font = ma.fields.String(allow_none=True, validate=validate.Length(max=64))


class FontsSchema(Schema):
    heading = Font
    body = Font


class BrandingInSchema(Schema):
    primary_color = Color
    secondary_color = Color
    accent_color = Color
    custom_fonts = ma.fields.Nested(FontsSchema)
    custom_css = ma.fields.String(allow_none=True, validate=validate.Length(max=50_000),
                                  metadata={"description": "Sanitized; needs a plan with "
                                                           "custom CSS"})
    custom_css_enabled = ma.fields.Boolean()


class BrandingSchema(BrandingInSchema):
    logo_url = ma.fields.String(allow_none=True)
    favicon_url = ma.fields.String(allow_none=True)
    cover_image_url = ma.fields.String(allow_none=True)
    og_image_url = ma.fields.String(allow_none=True)
    custom_fonts = ma.fields.Dict()


class ImageUploadSchema(Schema):
    file = Upload(required=True, metadata={"description": "PNG, JPEG, WebP or GIF"})
