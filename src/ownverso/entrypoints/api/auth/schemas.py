"""Request and response bodies of /auth."""

import marshmallow as ma
from marshmallow import validate

from ownverso.entrypoints.api.common.schemas import MinimalUserSchema
from ownverso.entrypoints.api.common.smorest import Schema
from ownverso.entrypoints.api.referrals.schemas import SignUpReferralFields

Email = ma.fields.Email(required=True, validate=validate.Length(max=320))


class RegisterSchema(SignUpReferralFields):
    """With an optional referral_code (+ attribution), applied when it can be."""

    email = ma.fields.Email(required=True, validate=validate.Length(max=320))
    password = ma.fields.String(required=True, load_only=True,
                                validate=validate.Length(min=1, max=1024))
    username = ma.fields.String(required=True, validate=validate.Length(min=1, max=64))
    display_name = ma.fields.String(required=True, validate=validate.Length(min=1, max=100))


class LoginSchema(Schema):
    email = ma.fields.String(required=True, validate=validate.Length(min=1, max=320))
    password = ma.fields.String(required=True, load_only=True,
                                validate=validate.Length(min=1, max=1024))


class TokensSchema(Schema):
    access_token = ma.fields.String()
    refresh_token = ma.fields.String()
    token_type = ma.fields.String()
    expires_in = ma.fields.Integer(metadata={"description": "Access token lifetime, seconds"})
    session_id = ma.fields.String()
    user = ma.fields.Nested(MinimalUserSchema)


class LoginResponseSchema(TokensSchema):
    mfa_required = ma.fields.Boolean()
    mfa_token = ma.fields.String(metadata={"description": "Send to /auth/mfa/challenge"})


class RefreshSchema(Schema):
    refresh_token = ma.fields.String(required=True, validate=validate.Length(min=1, max=512))


class EmailOnlySchema(Schema):
    email = ma.fields.Email(required=True, validate=validate.Length(max=320))


class OptionalEmailSchema(Schema):
    email = ma.fields.Email(validate=validate.Length(max=320))


class TokenSchema(Schema):
    token = ma.fields.String(required=True, validate=validate.Length(min=1, max=512))


class ResetPasswordSchema(Schema):
    token = ma.fields.String(required=True, validate=validate.Length(min=1, max=512))
    password = ma.fields.String(required=True, load_only=True,
                                validate=validate.Length(min=1, max=1024))


class ChangePasswordSchema(Schema):
    current_password = ma.fields.String(required=True, load_only=True)
    new_password = ma.fields.String(required=True, load_only=True,
                                    validate=validate.Length(min=1, max=1024))


class ChangeEmailSchema(Schema):
    new_email = ma.fields.Email(required=True, validate=validate.Length(max=320))
    password = ma.fields.String(load_only=True, load_default="")


class SessionSchema(Schema):
    id = ma.fields.String()
    current = ma.fields.Boolean()
    device_type = ma.fields.String(allow_none=True)
    device_os = ma.fields.String(allow_none=True)
    browser = ma.fields.String(allow_none=True)
    ip_address = ma.fields.String(allow_none=True)
    country = ma.fields.String(allow_none=True)
    city = ma.fields.String(allow_none=True)
    auth_provider = ma.fields.String()
    created_at = ma.fields.DateTime()
    last_active_at = ma.fields.DateTime()
    expires_at = ma.fields.DateTime()


class RevokedSchema(Schema):
    revoked = ma.fields.Integer(metadata={"description": "Sessions signed out"})
