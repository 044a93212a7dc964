"""Bodies of /tiers and /sites/{siteId}/tiers."""

import marshmallow as ma
from marshmallow import validate

from ownverso.domain.memberships.values import BillingCycle
from ownverso.entrypoints.api.common.smorest import Schema

Str, Int, Bool = ma.fields.String, ma.fields.Integer, ma.fields.Boolean
SLUG = validate.Regexp(r"^[a-z0-9]+(?:-[a-z0-9]+)*$", error="Lower-case words and dashes.")
PRICE = validate.Range(min=0)


class SubscriptionTierPublicSchema(Schema):
    """A tier as the pricing page shows it (no counters, no gateway plans)."""

    id, site_id, name, slug = Str(), Str(), Str(), Str()
    description = Str(allow_none=True)
    monthly_price = Int()
    annual_price = Int(allow_none=True)
    currency = Str()
    billing_cycles = ma.fields.List(Str(), metadata={"description": "MONTHLY, ANNUAL"})
    benefits = ma.fields.List(Str())
    early_access_days, display_order = Int(), Int()
    trial_days = Int(metadata={"description": "Free trial for readers new to the site"})
    badge_text = Str(allow_none=True)
    badge_color = Str(allow_none=True)
    is_highlighted, is_free = Bool(), Bool()
    highlight_text = Str(allow_none=True)
    max_subscribers = Int(allow_none=True)
    has_room = ma.fields.Method("_has_room")

    @staticmethod
    def _has_room(tier) -> bool:
        return tier.has_room()


class SubscriptionTierSchema(SubscriptionTierPublicSchema):
    """The full tier, for its site's team."""

    author_id, version, current_subscribers = Str(), Int(), Int()
    is_active, is_public = Bool(), Bool()
    gateway_plan_ids = ma.fields.Dict()
    created_at, updated_at = ma.fields.DateTime(), ma.fields.DateTime()


class SubscriptionTierUpdateSchema(Schema):
    name = Str(validate=validate.Length(min=1, max=50))
    slug = Str(validate=[validate.Length(min=1, max=60), SLUG])
    description = Str(allow_none=True, validate=validate.Length(max=5000))
    monthly_price = Int(strict=True, validate=PRICE,
                        metadata={"description": "In the smallest currency unit"})
    annual_price = Int(strict=True, allow_none=True, validate=PRICE)
    currency = Str(validate=validate.Length(equal=3))
    billing_cycles = ma.fields.List(ma.fields.Enum(BillingCycle), validate=validate.Length(
        min=1, max=2))
    benefits = ma.fields.List(Str(validate=validate.Length(min=1, max=200)),
                              validate=validate.Length(max=30))
    early_access_days = Int(strict=True, validate=validate.Range(min=0, max=90))
    trial_days = Int(strict=True, validate=validate.Range(min=0, max=90),
                     metadata={"description": "Days free before the first charge (readers "
                                               "new to the site)"})
    badge_text = Str(allow_none=True, validate=validate.Length(max=20))
    badge_color = Str(allow_none=True, validate=validate.Regexp(r"^#[0-9a-fA-F]{6}$"))
    display_order = Int(strict=True, validate=validate.Range(min=0, max=32_000))
    is_highlighted, is_public, is_free = Bool(), Bool(), Bool()
    highlight_text = Str(allow_none=True, validate=validate.Length(max=30))
    max_subscribers = Int(strict=True, allow_none=True, validate=validate.Range(min=1))


class SubscriptionTierCreateSchema(SubscriptionTierUpdateSchema):
    name = Str(required=True, validate=validate.Length(min=1, max=50))
    slug = Str(validate=[validate.Length(min=1, max=60), SLUG],
               metadata={"description": "Made from the name when not given"})


class ReorderSchema(Schema):
    tier_ids = ma.fields.List(Str(), required=True, validate=validate.Length(min=1))


class SyncResultSchema(Schema):
    tier = ma.fields.Nested(SubscriptionTierSchema)
    gateway = Str(metadata={"description": "The gateway asked for"})
    answered_by = Str(metadata={"description": "The configured gateway that made the plans"})
    plan_ids = ma.fields.Dict(keys=Str(), values=Str())
