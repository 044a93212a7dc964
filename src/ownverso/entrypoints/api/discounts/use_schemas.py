"""Bodies about the uses of discount codes: stats, redemptions and a reader's quote."""

import marshmallow as ma
from marshmallow import validate

from ownverso.domain.memberships.values import BillingCycle
from ownverso.entrypoints.api.common.smorest import Schema
from ownverso.entrypoints.api.discounts.schemas import (
    AMOUNT,
    DT,
    Bool,
    DiscountCodeSchema,
    Int,
    List,
    Str,
)


class DiscountGivenSchema(Schema):
    currency, amount, redemptions = Str(), Int(metadata=AMOUNT), Int()


class DiscountTierUseSchema(Schema):
    tier_id, currency, redemptions = Str(), Str(), Int()
    tier_name = Str(allow_none=True)
    discount_amount = Int(metadata=AMOUNT)


class DiscountStatsSchema(Schema):
    code = ma.fields.Nested(DiscountCodeSchema)
    confirmed, reserved, released = Int(), Int(), Int()
    remaining = Int(allow_none=True, metadata={"description": "Uses left (null: no cap)"})
    discount_given = List(ma.fields.Nested(DiscountGivenSchema),
                          metadata={"description": "What confirmed uses took, per currency"})
    by_tier = List(ma.fields.Nested(DiscountTierUseSchema))


class DiscountRedemptionSchema(Schema):
    id, code_id, site_id, reader_id, status = Str(), Str(), Str(), Str(), Str()
    checkout_id = Str(allow_none=True)
    amount_before, discount_amount = Int(metadata=AMOUNT), Int(metadata=AMOUNT)
    currency, target_kind, target_id = Str(), Str(), Str()
    subscription_id, purchase_id = Str(allow_none=True), Str(allow_none=True)
    gift_id = Str(allow_none=True)
    created_at = DT()
    confirmed_at, released_at = DT(allow_none=True), DT(allow_none=True)


class ValidateCodeSchema(Schema):
    code = Str(required=True, validate=validate.Length(min=1, max=64))
    tier_id, chapter_id, product_id = Str(), Str(), Str()
    billing_cycle = ma.fields.Enum(BillingCycle, metadata={"description": "MONTHLY by default"})
    amount = Int(strict=True, validate=validate.Range(min=0), metadata=AMOUNT)


class CodeQuoteSchema(Schema):
    """What the code does to the price (a refused code is an error instead)."""

    valid = Bool()
    code, code_id = Str(attribute="code.code"), Str(attribute="code.id")
    currency, target_kind, target_id = Str(), Str(), Str()
    original_amount = Int(attribute="quote.original_amount", metadata=AMOUNT)
    discount_amount = Int(attribute="quote.discount_amount", metadata=AMOUNT)
    final_amount = Int(attribute="quote.final_amount", metadata=AMOUNT)
    free_months = Int(attribute="quote.free_months")
    extra_trial_days = Int(attribute="quote.extra_trial_days")
    discount_months = Int(attribute="quote.discount_months", allow_none=True, metadata={
        "description": "Billing periods the reduction lasts (null: forever)"})
    reason = Str(attribute="quote.reason")
