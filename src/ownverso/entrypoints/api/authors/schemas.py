"""Author profiles, as their owner edits them and as the public sees them."""

import marshmallow as ma
from marshmallow import validate

from ownverso.entrypoints.api.common.smorest import Schema

Url = ma.fields.Url(allow_none=True, validate=validate.Length(max=2048))
Handle = ma.fields.String(allow_none=True, validate=validate.Regexp(r"^@?[A-Za-z0-9_.]{1,50}$"))


def _profile_fields() -> dict:
    return {
        "pen_name": ma.fields.String(allow_none=True, validate=validate.Length(max=100)),
        "tagline": ma.fields.String(allow_none=True, validate=validate.Length(max=200)),
        "full_bio": ma.fields.String(allow_none=True, validate=validate.Length(max=20000)),
        "website_url": Url, "youtube_channel": Url, "discord_server": Url,
        "patreon_page": Url, "kofi_page": Url,
        "twitter_handle": Handle, "instagram_handle": Handle, "tiktok_handle": Handle,
        "genres": ma.fields.List(ma.fields.String(validate=validate.Length(max=64)),
                                 validate=validate.Length(max=20)),
        "primary_genre": ma.fields.String(allow_none=True, validate=validate.Length(max=64)),
        "writing_since": ma.fields.AwareDateTime(allow_none=True, default_timezone=None),
        "accepting_commissions": ma.fields.Boolean(),
        "commission_info": ma.fields.String(allow_none=True, validate=validate.Length(max=5000)),
        "commission_min_price": ma.fields.Integer(allow_none=True, strict=True,
                                                  validate=validate.Range(min=0)),
        "commission_max_price": ma.fields.Integer(allow_none=True, strict=True,
                                                  validate=validate.Range(min=0)),
        "commission_currency": ma.fields.String(validate=validate.Regexp(r"^[A-Z]{3}$")),
        "allow_direct_messages": ma.fields.Boolean(),
        "show_email": ma.fields.Boolean(),
    }


AuthorProfileInSchema = Schema.from_dict(_profile_fields(), name="AuthorProfileIn")

AuthorProfileSchema = Schema.from_dict({
    "id": ma.fields.String(), "user_id": ma.fields.String(),
    "is_verified": ma.fields.Boolean(), "verified_at": ma.fields.DateTime(allow_none=True),
    "created_at": ma.fields.DateTime(), "updated_at": ma.fields.DateTime(),
    **_profile_fields(),
}, name="AuthorProfile")


class PublicAuthorSchema(Schema):
    user_id = ma.fields.String()
    username = ma.fields.String()
    display_name = ma.fields.String()
    avatar_url = ma.fields.String(allow_none=True)
    email = ma.fields.String(allow_none=True, metadata={"description": "Only if shown"})
    profile = ma.fields.Nested(AuthorProfileSchema)
