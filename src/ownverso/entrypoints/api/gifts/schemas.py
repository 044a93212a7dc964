"""Bodies of /sites/{siteId}/gift, /my-gifts and /gifts/claim/{claimCode}."""

import marshmallow as ma
from marshmallow import validate

from ownverso.domain.memberships.gift import GiftStatus
from ownverso.entrypoints.api.common.smorest import Schema
from ownverso.entrypoints.api.subscriptions.schemas import (
    CheckoutSessionSchema,
    MySubscriptionSchema,
)

Str, Int, Bool = ma.fields.String, ma.fields.Integer, ma.fields.Boolean
DT = ma.fields.DateTime


class BuyGiftSchema(Schema):
    """No discount code is taken on gifts."""

    tier_id = Str(required=True)
    months = Int(load_default=1, strict=True, validate=validate.Range(min=1, max=12))
    recipient_email = ma.fields.Email(required=True, validate=validate.Length(max=254))
    recipient_name = Str(load_default=None, allow_none=True, validate=validate.Length(max=100))
    gift_message = Str(load_default=None, allow_none=True, validate=validate.Length(max=1000))
    delivery_date = ma.fields.AwareDateTime(
        load_default=None, allow_none=True, default_timezone=None,
        metadata={"description": "When to email it (with its timezone; at most a year "
                                 "ahead); none: as soon as it is paid"})
    anonymous = Bool(load_default=False, metadata={"description": "Leave my name out"})


class GiftCheckoutSchema(CheckoutSessionSchema):
    """The gift's checkout: pay at ``checkout_url``; COMPLETE names the gift (result_id)."""

    months = ma.fields.Function(lambda s: s.payload.get("months"))
    recipient_email = ma.fields.Function(lambda s: s.payload.get("recipient_email"))
    delivery_date = ma.fields.Function(lambda s: s.payload.get("delivery_date"))


class GiftTierSchema(Schema):
    id, name, slug = Str(), Str(), Str()


class GiftSiteSchema(Schema):
    id, name, slug = Str(), Str(), Str()


def _of(field: type, name: str, **kwargs) -> ma.fields.Field:
    return field(attribute=f"gift.{name}", **kwargs)


class GiftInfoSchema(Schema):
    """What a claim code holds, as anyone holding it sees it."""

    status = _of(ma.fields.Enum, "status", enum=GiftStatus)
    months = _of(Int, "months")
    tier = ma.fields.Nested(GiftTierSchema, allow_none=True)
    site = ma.fields.Nested(GiftSiteSchema, allow_none=True)
    giver_name = _of(Str, "giver_name", allow_none=True,
                     metadata={"description": "None: the giver stays anonymous"})
    recipient_name = _of(Str, "recipient_name", allow_none=True)
    gift_message = _of(Str, "gift_message", allow_none=True)
    delivered_at = _of(DT, "delivered_at", allow_none=True)
    expires_at = _of(DT, "expires_at", allow_none=True,
                     metadata={"description": "Claim by this time"})
    claimed_at = _of(DT, "claimed_at", allow_none=True)


class GiftSchema(GiftInfoSchema):
    id = _of(Str, "id")
    recipient_email = _of(Str, "recipient_email")
    delivery_date = _of(DT, "delivery_date")
    is_scheduled = _of(Bool, "is_scheduled")
    created_at = _of(DT, "created_at")


class GivenGiftSchema(GiftSchema):
    amount = _of(Int, "amount", metadata={"description": "Paid, smallest currency unit"})
    currency = _of(Str, "currency")


class ReceivedGiftSchema(GiftSchema):
    claim_code = _of(Str, "claim_code")
    claim_url = _of(Str, "claim_url", allow_none=True)
    subscription_id = _of(Str, "subscription_id", allow_none=True)


class GiftClaimSchema(Schema):
    gift = ma.fields.Nested(ReceivedGiftSchema)
    subscription = ma.fields.Nested(MySubscriptionSchema,
                                    metadata={"description": "Started or extended"})
