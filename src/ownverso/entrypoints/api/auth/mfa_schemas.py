"""Bodies of /auth/mfa and the OAuth sign-ins."""

import marshmallow as ma
from marshmallow import validate

from ownverso.entrypoints.api.common.smorest import Schema


class MfaSetupSchema(Schema):
    secret = ma.fields.String(metadata={"description": "Base32 TOTP secret"})
    otpauth_uri = ma.fields.String(metadata={"description": "otpauth:// URI for a QR code"})


class CodeSchema(Schema):
    code = ma.fields.String(required=True, validate=validate.Length(min=6, max=20))


class ConfirmSchema(Schema):
    code = ma.fields.String(validate=validate.Length(min=6, max=20))
    password = ma.fields.String(load_only=True)


class ChallengeSchema(Schema):
    mfa_token = ma.fields.String(required=True, validate=validate.Length(min=1, max=512))
    code = ma.fields.String(required=True, validate=validate.Length(min=6, max=20))


class BackupCodesSchema(Schema):
    backup_codes = ma.fields.List(ma.fields.String(),
                                  metadata={"description": "Shown once; each works once"})


class BackupCodesLeftSchema(Schema):
    remaining = ma.fields.Integer()
    message = ma.fields.String()


class IdTokenLoginSchema(Schema):
    id_token = ma.fields.String(required=True, validate=validate.Length(min=1, max=8192))
    nonce = ma.fields.String()
    display_name = ma.fields.String(validate=validate.Length(min=1, max=100),
                                    metadata={"description": "Apple sends the name only once"})


class CodeLoginSchema(Schema):
    code = ma.fields.String(validate=validate.Length(min=1, max=2048))
    code_verifier = ma.fields.String(validate=validate.Length(min=43, max=128))
    redirect_uri = ma.fields.Url(required=True, require_tld=False)
    email = ma.fields.Email(metadata={"description": "Needed to create an account: "
                                                     "Twitter shares no email"})


class AuthorizationSchema(Schema):
    authorization_url = ma.fields.String()
    state = ma.fields.String()


class CallbackQuerySchema(Schema):
    code = ma.fields.String(required=True)
    state = ma.fields.String(required=True)


class ConnectSchema(Schema):
    """An ID token; or a PKCE code with its verifier and redirect_uri; or only a redirect_uri
    to start the redirect flow, finished by /auth/oauth/{provider}/callback."""

    id_token = ma.fields.String(validate=validate.Length(min=1, max=8192))
    nonce = ma.fields.String()
    code = ma.fields.String(validate=validate.Length(min=1, max=2048))
    code_verifier = ma.fields.String(validate=validate.Length(min=43, max=128))
    redirect_uri = ma.fields.Url(require_tld=False)


class ConnectedAccountSchema(Schema):
    provider = ma.fields.Function(lambda account: account.provider.value.lower(),
                                  metadata={"description": "google, apple or twitter"})
    provider_account_id = ma.fields.String()
    provider_email = ma.fields.String(allow_none=True)
    provider_name = ma.fields.String(allow_none=True)
    provider_avatar = ma.fields.String(allow_none=True)
    scopes = ma.fields.List(ma.fields.String())
    created_at = ma.fields.DateTime()
    last_synced_at = ma.fields.DateTime(allow_none=True)
