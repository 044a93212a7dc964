"""Bodies of /discount-codes and /sites/{siteId}/discount-codes."""

from datetime import UTC

import marshmallow as ma
from marshmallow import validate

from ownverso.domain.memberships.discount_values import AppliesTo, DiscountDuration, DiscountKind
from ownverso.domain.memberships.values import BillingCycle
from ownverso.entrypoints.api.common.smorest import Schema

Str, Int, Bool, List = ma.fields.String, ma.fields.Integer, ma.fields.Boolean, ma.fields.List
DT = ma.fields.DateTime
WHEN = {"default_timezone": UTC, "allow_none": True,
        "metadata": {"description": "ISO 8601; UTC when no offset is given"}}
AMOUNT = {"description": "In the smallest currency unit"}


class DiscountCodeSchema(Schema):
    id, site_id, version = Str(), Str(), Int()
    code = Str(metadata={"description": "Stored upper-case; matched in any case"})
    kind, value = Str(metadata={"description": "PERCENT, FIXED_AMOUNT, FREE_MONTHS, "
                                               "TRIAL_DAYS"}), Int()
    currency = Str(allow_none=True)
    applies_to = Str(metadata={"description": "ALL, TIERS, PRODUCTS, CHAPTERS"})
    target_ids, billing_cycles = List(Str()), List(Str())
    duration = Str(metadata={"description": "ONCE, REPEATING, FOREVER"})
    duration_months = Int(allow_none=True)
    max_redemptions, per_reader_limit = Int(allow_none=True), Int(allow_none=True)
    redemption_count = Int(metadata={"description": "Reserved and confirmed uses"})
    valid_from, valid_until = DT(allow_none=True), DT(allow_none=True)
    first_time_only, is_active = Bool(), Bool()
    minimum_amount = Int(allow_none=True, metadata=AMOUNT)
    created_at, updated_at = DT(), DT()


class DiscountCodeUpdateSchema(Schema):
    code = Str(validate=validate.Length(min=3, max=32))
    kind = ma.fields.Enum(DiscountKind)
    value = Int(strict=True, metadata={"description": "Percent, amount, months or days"})
    currency = Str(allow_none=True, validate=validate.Length(equal=3))
    applies_to = ma.fields.Enum(AppliesTo)
    target_ids = List(Str(validate=validate.Length(min=1, max=40)),
                      validate=validate.Length(max=100))
    billing_cycles = List(ma.fields.Enum(BillingCycle), validate=validate.Length(max=2))
    duration = ma.fields.Enum(DiscountDuration)
    duration_months = Int(strict=True, allow_none=True)
    max_redemptions = Int(strict=True, allow_none=True, validate=validate.Range(min=1))
    per_reader_limit = Int(strict=True, allow_none=True, validate=validate.Range(min=1))
    valid_from, valid_until = ma.fields.AwareDateTime(**WHEN), ma.fields.AwareDateTime(**WHEN)
    first_time_only, is_active = Bool(), Bool()
    minimum_amount = Int(strict=True, allow_none=True, validate=validate.Range(min=0),
                         metadata=AMOUNT)


class DiscountCodeCreateSchema(DiscountCodeUpdateSchema):
    code = Str(required=True, validate=validate.Length(min=3, max=32))
    kind = ma.fields.Enum(DiscountKind, required=True)
    value = Int(strict=True, required=True)


class DiscountCodeListArgsSchema(Schema):
    class Meta:
        unknown = ma.EXCLUDE  # the pagination arguments share the query string

    is_active = Bool(metadata={"description": "Only active (true) or inactive (false) codes"})
    search = Str(validate=validate.Length(max=32), metadata={"description": "Part of the code"})
