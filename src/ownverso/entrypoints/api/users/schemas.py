"""Bodies of /users, /author-profile and /authors."""

import marshmallow as ma
from flask_smorest.fields import Upload
from marshmallow import validate

from ownverso.entrypoints.api.common.schemas import MinimalUserSchema
from ownverso.entrypoints.api.common.smorest import Schema


class UserSchema(MinimalUserSchema):
    """The signed-in user's own, full profile."""

    bio = ma.fields.String(allow_none=True)
    locale = ma.fields.String()
    timezone = ma.fields.String()
    data_region = ma.fields.String()
    platform_tier = ma.fields.String()
    last_login_at = ma.fields.DateTime(allow_none=True)
    updated_at = ma.fields.DateTime()


class UserUpdateSchema(Schema):
    username = ma.fields.String(validate=validate.Length(min=1, max=64))
    display_name = ma.fields.String(validate=validate.Length(min=1, max=100))
    bio = ma.fields.String(allow_none=True, validate=validate.Length(max=5000))
    locale = ma.fields.String(validate=validate.Length(equal=2))
    timezone = ma.fields.String(validate=validate.Length(min=1, max=64))
    data_region = ma.fields.String()


class PublicUserSchema(Schema):
    id = ma.fields.String()
    username = ma.fields.String()
    display_name = ma.fields.String()
    avatar_url = ma.fields.String(allow_none=True)
    bio = ma.fields.String(allow_none=True)
    role = ma.fields.String()
    is_author = ma.fields.Boolean()
    created_at = ma.fields.DateTime()


class AvatarUploadSchema(Schema):
    file = Upload(required=True, metadata={"description": "PNG, JPEG, WebP or GIF"})


class PreferencesSchema(Schema):
    """Known keys only; the domain checks the values' ranges and choices."""

    theme = ma.fields.String(metadata={"description": "light, dark, system or sepia"})
    reading_font_size = ma.fields.Integer(strict=True)
    reading_font = ma.fields.String(metadata={"description": "serif, sans or mono"})
    reading_line_height = ma.fields.Float()
    show_mature_content = ma.fields.Boolean()
    email_notifications = ma.fields.Boolean()
    push_notifications = ma.fields.Boolean()
    newsletter = ma.fields.Boolean()
    marketing_emails = ma.fields.Boolean()
    profile_public = ma.fields.Boolean()
    show_reading_activity = ma.fields.Boolean()


class LimitSchema(Schema):
    used = ma.fields.Integer()
    limit = ma.fields.Integer(allow_none=True, metadata={"description": "null: unlimited"})
    remaining = ma.fields.Integer(allow_none=True)


class UsageSchema(Schema):
    tier = ma.fields.String()
    usage = ma.fields.Dict(keys=ma.fields.String(), values=ma.fields.Nested(LimitSchema))


class TierLimitsSchema(Schema):
    class Meta:
        unknown = ma.INCLUDE

    max_series = ma.fields.Integer()
    max_chapters_per_series = ma.fields.Integer()
    max_subscribers = ma.fields.Integer()
    max_subscription_tiers = ma.fields.Integer()
    storage_limit = ma.fields.Integer()
    bandwidth_limit = ma.fields.Integer()
    email_broadcasts_per_month = ma.fields.Integer()
    has_custom_domain = ma.fields.Boolean()
    custom_domain_count = ma.fields.Integer()
    has_scheduled_publishing = ma.fields.Boolean()
    has_one_time_purchases = ma.fields.Boolean()
    has_advanced_analytics = ma.fields.Boolean()
    has_api_access = ma.fields.Boolean()
    version_history_days = ma.fields.Integer()


class TierSchema(Schema):
    tier = ma.fields.String()
    status = ma.fields.String()
    billing_cycle = ma.fields.String(allow_none=True)
    started_at = ma.fields.DateTime(allow_none=True)
    expires_at = ma.fields.DateTime(allow_none=True)
    limits = ma.fields.Nested(TierLimitsSchema)
