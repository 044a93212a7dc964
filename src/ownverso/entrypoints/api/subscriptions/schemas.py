"""Bodies of checkout, /sites/{siteId}/subscribe and /my-subscriptions."""

import marshmallow as ma
from marshmallow import validate

from ownverso.domain.access.inputs import SubscriptionStatus
from ownverso.domain.memberships.values import BillingCycle
from ownverso.entrypoints.api.common.smorest import Schema

Str, Int, Bool, DT = ma.fields.String, ma.fields.Integer, ma.fields.Boolean, ma.fields.DateTime


class SubscribeSchema(Schema):
    tier_id = Str(required=True)
    billing_cycle = ma.fields.Enum(BillingCycle, load_default=BillingCycle.MONTHLY)
    discount_code = Str(load_default=None, allow_none=True,
                        validate=validate.Length(min=1, max=64))


class CheckoutSubscriptionSchema(SubscribeSchema):
    site_id = Str(required=True)


class CheckoutSessionSchema(Schema):
    """A checkout: pay at ``checkout_url`` while OPEN; COMPLETE names what it made."""

    id, kind, status = Str(), Str(), Str()
    site_id = Str(allow_none=True)
    tier_id = Str(allow_none=True)
    amount = Int(metadata={"description": "Due now, smallest currency unit"})
    original_amount, discount_amount = Int(), Int()
    currency = Str()
    billing_cycle = ma.fields.Function(lambda s: s.payload.get("billing_cycle"))
    recurring_price = ma.fields.Function(
        lambda s: s.payload.get("recurring_price"),
        metadata={"description": "What each later period costs"})
    free_months = ma.fields.Function(lambda s: s.payload.get("free_months", 0))
    trial_days = ma.fields.Function(lambda s: s.payload.get("trial_days", 0))
    gateway = Str(allow_none=True)
    checkout_url = Str(allow_none=True)
    result_id = Str(allow_none=True, metadata={"description": "The subscription (or gift)"})
    failure_code = Str(allow_none=True)
    expires_at = DT(allow_none=True)
    completed_at = DT(allow_none=True)
    created_at = DT()


class SubscribedTierSchema(Schema):
    id, name, slug = Str(), Str(), Str()
    monthly_price = Int()
    annual_price = Int(allow_none=True)
    currency = Str()


class SubscribedSiteSchema(Schema):
    id, name, slug = Str(), Str(), Str()


def _of(field: type, name: str, **kwargs) -> ma.fields.Field:
    return field(attribute=f"subscription.{name}", **kwargs)


class MySubscriptionSchema(Schema):
    """A reader's subscription with its tier and site."""

    id = _of(Str, "id")
    status = _of(ma.fields.Enum, "status", enum=SubscriptionStatus)
    billing_cycle = _of(ma.fields.Enum, "billing_cycle", enum=BillingCycle)
    tier = ma.fields.Nested(SubscribedTierSchema, allow_none=True)
    site = ma.fields.Nested(SubscribedSiteSchema, allow_none=True)
    price = _of(Int, "price_at_purchase", metadata={"description": "Per period, now"})
    original_price = _of(Int, "original_price")
    currency = _of(Str, "currency")
    discount_months_remaining = _of(Int, "discount_months_remaining", allow_none=True)
    current_period_start = _of(DT, "current_period_start", allow_none=True)
    current_period_end = _of(DT, "current_period_end", allow_none=True)
    is_trialing = _of(Bool, "is_trialing")
    trial_ends_at = _of(DT, "trial_ends_at", allow_none=True)
    is_gift = _of(Bool, "is_gift")
    auto_renew = _of(Bool, "auto_renew")
    cancelled_at = _of(DT, "cancelled_at", allow_none=True)
    cancel_reason = _of(Str, "cancel_reason", allow_none=True)
    grace_ends_at = _of(DT, "grace_ends_at", allow_none=True)
    paused_at = _of(DT, "paused_at", allow_none=True)
    pause_ends_at = _of(DT, "pause_ends_at", allow_none=True)
    pending_tier_id = _of(Str, "pending_tier_id", allow_none=True)
    pending_change_at = _of(DT, "pending_change_at", allow_none=True)
    expires_at = _of(DT, "expires_at", allow_none=True)
    created_at = _of(DT, "created_at", allow_none=True)


class MySubscriptionsQuerySchema(Schema):
    status = ma.fields.Enum(SubscriptionStatus, load_default=None)


class ChangeTierSchema(Schema):
    tier_id = Str(required=True)


class CancelSchema(Schema):
    reason = Str(load_default=None, allow_none=True, validate=validate.Length(max=100))
    feedback = Str(load_default=None, allow_none=True, validate=validate.Length(max=5000))


class PauseSchema(Schema):
    months = Int(required=True, strict=True, validate=validate.Range(min=1, max=3))


class InvoiceSchema(Schema):
    id, subscription_id, tier_id = Str(), Str(), Str()
    kind, status = Str(), Str()
    amount, original_amount, discount_amount = Int(), Int(), Int()
    currency = Str()
    period_start = DT(allow_none=True)
    period_end = DT(allow_none=True)
    gateway = Str(allow_none=True)
    gateway_reference = Str(allow_none=True)
    failure_code = Str(allow_none=True)
    created_at = DT()
