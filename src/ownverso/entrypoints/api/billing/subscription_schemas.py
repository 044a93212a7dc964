"""Bodies and responses of /billing/subscription* and /billing/invoices*."""

import marshmallow as ma

from ownverso.domain.accounts.tiers import PlatformTier
from ownverso.domain.billing.platform_subscription import (
    PlanCycle,
    SubscriptionInvoiceStatus,
)
from ownverso.entrypoints.api.common.smorest import Schema

Str, Int, DT, Bool = ma.fields.String, ma.fields.Integer, ma.fields.DateTime, ma.fields.Boolean
MONEY = {"description": "Smallest currency unit"}


class ChangeBodySchema(Schema):
    tier = ma.fields.Enum(PlatformTier, required=True)
    cycle = ma.fields.Enum(PlanCycle, load_default=PlanCycle.MONTHLY,
                           metadata={"description": "MONTHLY (default), ANNUAL or LIFETIME"})


class InvoiceListArgs(Schema):
    class Meta:
        unknown = ma.EXCLUDE  # the pagination arguments share the query string

    status = ma.fields.Enum(SubscriptionInvoiceStatus)


class PlanSchema(Schema):
    tier, cycle, currency = Str(), Str(), Str()
    price = Int(metadata={"description": "One period, smallest currency unit"})
    monthly_price = Int(metadata=MONEY)


class PendingChangeSchema(Schema):
    tier, cycle = Str(), Str()
    price = Int(metadata=MONEY)
    effective_at = DT(allow_none=True)


class PendingCheckoutSchema(Schema):
    invoice_id, tier, cycle = Str(), Str(), Str()
    amount = Int(metadata=MONEY)
    checkout_url = Str(allow_none=True)


def _sub(field: type, name: str, **kwargs) -> ma.fields.Field:
    return field(attribute=f"subscription.{name}", **kwargs)


class SubscriptionSchema(Schema):
    id = _sub(Str, "id")
    tier = _sub(Str, "tier.value")
    cycle = _sub(Str, "cycle.value")
    status = _sub(Str, "status.value",
                  metadata={"description": "ACTIVE, PAST_DUE, CANCELLED, SUSPENDED or TRIAL"})
    price = _sub(Int, "price", metadata=MONEY)
    currency = _sub(Str, "currency")
    current_period_start = _sub(DT, "current_period_start", allow_none=True)
    current_period_end = _sub(DT, "current_period_end", allow_none=True)
    grace_ends_at = _sub(DT, "grace_ends_at", allow_none=True)
    cancel_at_period_end = Bool()
    pending_change = ma.fields.Nested(PendingChangeSchema, allow_none=True)
    pending_checkout = ma.fields.Nested(PendingCheckoutSchema, allow_none=True)
    reward_months_available = Int(metadata={"description": "Referral months for renewals"})
    available_plans = ma.fields.List(ma.fields.Nested(PlanSchema))


class InvoiceLineSchema(Schema):
    description = Str()
    amount = Int(metadata={"description": "Smallest currency unit; negative: a discount"})


class SubscriptionInvoiceSchema(Schema):
    id, number, currency = Str(), Str(), Str()
    kind = Str(attribute="kind.value", metadata={"description": "CHECKOUT, UPGRADE, RENEWAL"})
    status = Str(attribute="status.value", metadata={"description": "OPEN, PAID, FAILED, VOID"})
    tier = Str(attribute="tier.value")
    cycle = Str(attribute="cycle.value")
    period_start = DT()
    period_end = DT(allow_none=True)
    subtotal, discount, total = Int(metadata=MONEY), Int(metadata=MONEY), Int(metadata=MONEY)
    reward_months = Int()
    lines = ma.fields.List(ma.fields.Nested(InvoiceLineSchema))
    attempts = Int()
    failure_code = Str(allow_none=True)
    checkout_url = Str(allow_none=True)
    issued_at = DT()
    paid_at = DT(allow_none=True)


class ChangeResultSchema(Schema):
    outcome = Str(metadata={"description": "upgraded, downgrade_scheduled, change_cancelled, "
                                           "resumed or checkout_required"})
    subscription = ma.fields.Nested(SubscriptionSchema)
    invoice = ma.fields.Nested(SubscriptionInvoiceSchema, allow_none=True)
    checkout_url = Str(allow_none=True, metadata={"description": "Pay here (from FREE)"})


class HistoryEventSchema(Schema):
    id = Str()
    kind = Str(attribute="kind.value")
    at = DT()
    from_tier, to_tier = Str(allow_none=True), Str(allow_none=True)
    from_cycle, to_cycle = Str(allow_none=True), Str(allow_none=True)
    amount = Int(allow_none=True, metadata=MONEY)
    invoice_id = Str(allow_none=True)
    note = Str(allow_none=True)
