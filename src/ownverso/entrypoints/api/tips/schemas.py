"""Bodies of /checkout/tip, /author/tips, /sites/{siteId}/tips and /my-tips."""

import marshmallow as ma
from marshmallow import validate

from ownverso.domain.commerce.tip import MESSAGE_MAX, TipStatus
from ownverso.entrypoints.api.common.smorest import Schema
from ownverso.entrypoints.api.subscriptions.schemas import CheckoutSessionSchema

Str, Int, Bool = ma.fields.String, ma.fields.Integer, ma.fields.Boolean
DT = ma.fields.DateTime


class TipBodySchema(Schema):
    """Name the author, the site, or both (the site must be the author's)."""

    author_id = Str(load_default=None, allow_none=True,
                    metadata={"description": "Tip the author (no site)"})
    site_id = Str(load_default=None, allow_none=True,
                  metadata={"description": "Tip one of the author's sites"})
    amount = Int(required=True, strict=True, metadata={
        "description": "Smallest currency unit, within the currency's bounds (422 "
                       "amount_out_of_bounds names them: INR 1000-5000000, USD 100-50000 ...)"})
    currency = Str(required=True, validate=validate.Length(equal=3))
    message = Str(load_default=None, allow_none=True,
                  validate=validate.Length(max=MESSAGE_MAX * 4),
                  metadata={"description": f"Plain text, at most {MESSAGE_MAX} characters "
                                           "once trimmed"})
    is_anonymous = Bool(load_default=False,
                        metadata={"description": "Hide my identity from the author"})


class TipCheckoutSchema(CheckoutSessionSchema):
    """The tip's checkout: pay at ``checkout_url``; COMPLETE names the tip (result_id)."""

    author_id = ma.fields.Function(lambda s: s.payload.get("author_id"))
    message = ma.fields.Function(lambda s: s.payload.get("message"))
    is_anonymous = ma.fields.Function(lambda s: s.payload.get("is_anonymous", False))


class TipPersonSchema(Schema):
    id, username, display_name = Str(), Str(), Str()


class TipSiteSchema(Schema):
    id, name, slug = Str(), Str(), Str()


def _of(field: type, name: str, **kwargs) -> ma.fields.Field:
    return field(attribute=f"tip.{name}", **kwargs)


class TipSchema(Schema):
    id = _of(Str, "id")
    amount = _of(Int, "amount", metadata={"description": "Paid, smallest currency unit"})
    currency = _of(Str, "currency")
    message = _of(Str, "message", allow_none=True,
                  metadata={"description": "Plain text: escape it when showing it"})
    is_anonymous = _of(Bool, "is_anonymous")
    status = _of(ma.fields.Enum, "status", enum=TipStatus)
    site = ma.fields.Nested(TipSiteSchema, allow_none=True,
                            metadata={"description": "None: a tip to the author"})
    created_at = _of(DT, "created_at")
    paid_at = _of(DT, "paid_at")


class ReceivedTipSchema(TipSchema):
    """A tip as its author (or the site's team) sees it."""

    tipper = ma.fields.Nested(TipPersonSchema, allow_none=True,
                              metadata={"description": "None: an anonymous tip"})


class SentTipSchema(TipSchema):
    """A tip as its tipper sees it."""

    author = ma.fields.Nested(TipPersonSchema, allow_none=True)
