"""Output schemas shared by several modules."""

import marshmallow as ma

from ownverso.entrypoints.api.common.smorest import Schema


class MessageSchema(Schema):
    message = ma.fields.String(required=True)


class MinimalUserSchema(Schema):
    """What /auth/me and login responses say about the user."""

    id = ma.fields.String()
    email = ma.fields.String()
    username = ma.fields.String()
    display_name = ma.fields.String()
    avatar_url = ma.fields.String(allow_none=True)
    role = ma.fields.String()
    status = ma.fields.String()
    email_verified = ma.fields.Boolean()
    mfa_enabled = ma.fields.Boolean()
    created_at = ma.fields.DateTime()
