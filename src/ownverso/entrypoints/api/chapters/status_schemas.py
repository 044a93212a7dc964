"""Bodies of scheduling, access settings and the free date."""

import marshmallow as ma
from marshmallow import validate

from ownverso.domain.commerce.coins import coin_value
from ownverso.domain.publishing.values import ChapterAccessLevel
from ownverso.entrypoints.api.common.smorest import Schema

Str, Int, DT = ma.fields.String, ma.fields.Integer, ma.fields.DateTime
ZONE = {"description": "An IANA time zone (Asia/Kolkata); needed when the date has no offset"}


class ChapterScheduleSchema(Schema):
    publish_at = DT(required=True, metadata={"description": "ISO 8601, with an offset or not"})
    timezone = Str(allow_none=True, validate=validate.Length(max=64), metadata=ZONE)


class ChapterFreeScheduleSchema(Schema):
    free_at = DT(required=True, metadata={"description": "ISO 8601, with an offset or not"})
    timezone = Str(allow_none=True, validate=validate.Length(max=64), metadata=ZONE)


class ChapterAccessUpdateSchema(Schema):
    access_level = ma.fields.Enum(ChapterAccessLevel)
    minimum_tier_id = Str(allow_none=True, validate=validate.Length(max=40))
    price = Int(allow_none=True, strict=True, metadata={"description": "Smallest unit"})
    currency = Str(validate=validate.Length(equal=3))
    coin_price = Int(allow_none=True, strict=True, metadata={"description": "Coins (0: none)"})
    preview_paragraphs = Int(allow_none=True, strict=True)
    paywall_message = Str(allow_none=True)


class ChapterAccessSchema(ChapterAccessUpdateSchema):
    chapter_id = Str(attribute="id")
    is_purchasable = ma.fields.Boolean()
    coin_value = ma.fields.Function(
        lambda c: coin_value(c.coin_price, c.currency) if c.coin_price else None,
        metadata={"description": "The coin price's money value, smallest unit of currency"})
    free_at = DT(allow_none=True)
    free_timezone = Str(allow_none=True)
