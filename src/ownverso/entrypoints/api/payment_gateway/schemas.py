"""Bodies of /payment-gateway. Secrets are only ever read (``load_only``); what is shown of
them is ``{configured, last4}``."""

import marshmallow as ma
from marshmallow import validate

from ownverso.domain.payments.gateway_config import (
    ConnectionStatus,
    GatewayMode,
    GatewayProvider,
    SecretKind,
    StripeAccountType,
    WebhookHealth,
)
from ownverso.entrypoints.api.common.smorest import Schema
from ownverso.services.payments.gateway_config import RENEWALS_BY_GATEWAY, RENEWALS_BY_OWNVERSO

Bool, DT, Enum, Int, Nested = (ma.fields.Boolean, ma.fields.DateTime, ma.fields.Enum,
                               ma.fields.Integer, ma.fields.Nested)


def Str(*, required: bool = False, secret: bool = False, **metadata) -> ma.fields.String:
    optional = {} if required else {"load_default": None, "allow_none": True}
    return ma.fields.String(required=required, load_only=secret, metadata=metadata,
                            validate=validate.Length(max=512), **optional)


# -- bodies ---------------------------------------------------------------------------------
class RazorpayConnectSchema(Schema):
    key_id = Str(required=True, description="rzp_test_… or rzp_live_… (sets the mode)")
    key_secret = Str(required=True, secret=True)
    account_id = Str(description="A Route linked account, acc_…")
    webhook_secret = Str(secret=True, description="16 to 128 characters, no spaces")


class StripeConnectSchema(Schema):
    """The account, and one of: its secret or restricted key, or the OAuth access token."""

    account_id = Str(required=True, description="acct_…")
    account_type = Enum(StripeAccountType, load_default=None, allow_none=True,
                        metadata={"description": "STANDARD when not given"})
    secret_key = Str(secret=True, description="sk_test_…, sk_live_…, rk_test_… or rk_live_…")
    access_token = Str(secret=True, description="From Connect OAuth: sk_test_… or sk_live_…")
    webhook_secret = Str(secret=True, description="The endpoint's signing secret, whsec_…")


class XenditConnectSchema(Schema):
    business_id = Str(required=True, description="24 hexadecimal characters")
    api_key = Str(required=True, secret=True,
                  description="The secret key: xnd_development_… or xnd_production_…")
    webhook_token = Str(secret=True, description="The callback verification token")


class GatewayWebhookSecretSchema(Schema):
    webhook_secret = Str(required=True, secret=True)


class GatewayWebhookTokenSchema(Schema):
    webhook_token = Str(required=True, secret=True)


class DefaultGatewaySchema(Schema):
    gateway = Enum(GatewayProvider, required=True, allow_none=True,
                   metadata={"description": "A connected gateway, or null for none"})


class RenewalsSchema(Schema):
    billed_by = ma.fields.String(required=True, validate=validate.OneOf(
        [RENEWALS_BY_OWNVERSO, RENEWALS_BY_GATEWAY]), metadata={"description": (
            "OWNVERSO: Ownverso charges the saved card at each renewal; GATEWAY: new "
            "subscriptions renew on a plan at the gateway")})


# -- answers --------------------------------------------------------------------------------
class GatewaySecretHintSchema(Schema):
    configured = Bool()
    last4 = ma.fields.String(allow_none=True, metadata={"description": "Its last 4 characters"})
    set_at = DT(allow_none=True)


class GatewayKeyHintSchema(Schema):
    configured = Bool()
    last4 = ma.fields.String(allow_none=True)
    kind = Enum(SecretKind, allow_none=True)


class GatewayWebhookStatusSchema(Schema):
    health = Enum(WebhookHealth)
    last_received_at, last_ok_at = DT(allow_none=True), DT(allow_none=True)
    failure_count = Int(metadata={"description": "Refused in a row since the last handled"})


class GatewaySchema(Schema):
    provider = Enum(GatewayProvider)
    status = Enum(ConnectionStatus)
    is_default = Bool()
    mode = Enum(GatewayMode, allow_none=True)
    verified = Bool(metadata={"description": "False until the provider has been asked"})
    verified_at = DT(allow_none=True)
    connected_at, disconnected_at = DT(allow_none=True), DT(allow_none=True)
    webhook = Nested(GatewayWebhookStatusSchema)


class RazorpayGatewaySchema(GatewaySchema):
    key_id, account_id = ma.fields.String(allow_none=True), ma.fields.String(allow_none=True)
    key_secret = Nested(GatewayKeyHintSchema, attribute="secret")
    webhook_secret = Nested(GatewaySecretHintSchema)


class StripeGatewaySchema(GatewaySchema):
    account_id = ma.fields.String(allow_none=True)
    account_type = Enum(StripeAccountType, allow_none=True)
    api_key = Nested(GatewayKeyHintSchema, attribute="secret")
    webhook_secret = Nested(GatewaySecretHintSchema)
    charges_enabled, payouts_enabled, details_submitted = Bool(), Bool(), Bool()


class XenditGatewaySchema(GatewaySchema):
    business_id = ma.fields.String(allow_none=True)
    api_key = Nested(GatewayKeyHintSchema, attribute="secret")
    webhook_token = Nested(GatewaySecretHintSchema, attribute="webhook_secret")


class GatewayOverviewSchema(Schema):
    default_gateway = Enum(GatewayProvider, allow_none=True)
    renewals_billed_by = ma.fields.String(metadata={"description": "OWNVERSO or GATEWAY"})
    razorpay = Nested(RazorpayGatewaySchema)
    stripe = Nested(StripeGatewaySchema)
    xendit = Nested(XenditGatewaySchema)
