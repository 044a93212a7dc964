"""Bodies of /sites/{id}/settings and /sites/{id}/integrations."""

import marshmallow as ma
from marshmallow import validate

from ownverso.domain.sites.settings import MODERATION_MODES
from ownverso.entrypoints.api.common.smorest import Schema
from ownverso.entrypoints.api.sites.schemas import Language, Rating


class CommentSettingsSchema(Schema):
    comments_enabled = ma.fields.Boolean()
    comments_moderation_mode = ma.fields.String(validate=validate.OneOf(MODERATION_MODES),
                                                metadata={"description": "pre, post or none"})
    allow_anonymous_comments = ma.fields.Boolean()


class ContentSettingsSchema(Schema):
    default_content_rating = Rating
    default_language = Language


class SeoSettingsSchema(Schema):
    meta_title = ma.fields.String(allow_none=True, validate=validate.Length(max=60))
    meta_description = ma.fields.String(allow_none=True, validate=validate.Length(max=160))
    canonical_url = ma.fields.Url(allow_none=True, schemes={"https"},
                                  validate=validate.Length(max=2048))


class SettingsSchema(Schema):
    comments = ma.fields.Nested(CommentSettingsSchema)
    content = ma.fields.Nested(ContentSettingsSchema)
    seo = ma.fields.Nested(SeoSettingsSchema)
    is_public = ma.fields.Boolean()
    analytics_enabled = ma.fields.Boolean()
    social_links = ma.fields.Dict(keys=ma.fields.String(),
                                  values=ma.fields.String(allow_none=True),
                                  metadata={"description": "network → https URL"})


class IntegrationsInSchema(Schema):
    google_analytics_id = ma.fields.String(
        allow_none=True, validate=validate.Length(max=32),
        metadata={"description": "G-XXXXXXX or UA-1234567-1"})
    facebook_pixel_id = ma.fields.String(allow_none=True, validate=validate.Length(max=32),
                                         metadata={"description": "10 to 20 digits"})
    custom_tracking_code = ma.fields.String(
        allow_none=True, validate=validate.Length(max=10_000),
        metadata={"description": "Markup only (a noscript pixel): scripts are refused"})
    analytics_enabled = ma.fields.Boolean()


class IntegrationsSchema(IntegrationsInSchema):
    integrations_verified_at = ma.fields.DateTime(allow_none=True)


class IntegrationCheckSchema(Schema):
    configured = ma.fields.Boolean()
    valid = ma.fields.Boolean()
    message = ma.fields.String()


class IntegrationsVerificationSchema(Schema):
    verified_at = ma.fields.DateTime()
    all_valid = ma.fields.Boolean()
    results = ma.fields.Dict(keys=ma.fields.String(),
                             values=ma.fields.Nested(IntegrationCheckSchema))
