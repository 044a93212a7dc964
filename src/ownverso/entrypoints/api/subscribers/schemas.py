"""Query arguments and bodies of /sites/{siteId}/subscribers*."""

import marshmallow as ma
from marshmallow import validate

from ownverso.domain.access.inputs import SubscriptionStatus
from ownverso.domain.memberships.invoice import InvoiceKind, InvoiceStatus
from ownverso.domain.memberships.values import BillingCycle
from ownverso.entrypoints.api.common.smorest import Schema
from ownverso.services.memberships.subscriber_queries import SORTS
from ownverso.services.memberships.subscribers import MAX_CHURN_MONTHS

Str, Int, Bool, DT = ma.fields.String, ma.fields.Integer, ma.fields.Boolean, ma.fields.DateTime
MONEY = {"description": "Smallest currency unit"}
RATE = {"description": "Basis points (1 = 0.01 %), rounded half up; null when nobody was "
                       "subscribed at the start"}


# -- query arguments ---------------------------------------------------------------------------
class SubscriberFilterArgs(Schema):
    """The filters of the list and the export (the export refuses unknown arguments)."""

    status = ma.fields.List(ma.fields.Enum(SubscriptionStatus), metadata={
        "description": "One or more (repeat the argument): ACTIVE, PAST_DUE, CANCELLED, "
                       "EXPIRED, PAUSED"})
    tier_id = Str(validate=validate.Length(min=1, max=40))
    billing_cycle = ma.fields.Enum(BillingCycle)
    live_only = Bool(metadata={"description": "Only those with access now (trials and "
                                              "cancelled ones before their period ends too)"})
    trialing = Bool()
    gift = Bool()
    search = Str(validate=validate.Length(min=1, max=100), metadata={
        "description": "Part of the reader's username, email or display name"})
    created_from = DT(metadata={"description": "Subscribed at or after (UTC if no zone)"})
    created_to = DT(metadata={"description": "Subscribed before (UTC if no zone)"})
    sort = Str(load_default="newest", validate=validate.OneOf(list(SORTS)),
               metadata={"description": ", ".join(SORTS)})


class SubscriberListArgs(SubscriberFilterArgs):
    class Meta:
        unknown = ma.EXCLUDE  # the pagination arguments share the query string


class StatsArgs(Schema):
    start = DT(data_key="from", metadata={
        "description": "Period start, inclusive (default: 30 days before `to`)"})
    end = DT(data_key="to", metadata={"description": "Period end, exclusive (default: now)"})


class ChurnArgs(Schema):
    months = Int(load_default=6, validate=validate.Range(min=1, max=MAX_CHURN_MONTHS),
                 metadata={"description": "Calendar months back, the current one included"})


# -- responses ---------------------------------------------------------------------------------
class ReaderSchema(Schema):
    id = Str()
    username = Str(allow_none=True)
    display_name = Str(allow_none=True)
    email = Str(allow_none=True)


class TierRefSchema(Schema):
    id = Str()
    name = Str(allow_none=True)


class SubscriberSchema(Schema):
    """A subscription to the site with its reader and tier."""

    id, reader_id, tier_id = Str(), Str(), Str()
    reader = ma.fields.Nested(ReaderSchema)
    tier = ma.fields.Nested(TierRefSchema)
    status = ma.fields.Enum(SubscriptionStatus)
    is_live = Bool(metadata={"description": "Has access now (the access rule)"})
    billing_cycle = ma.fields.Enum(BillingCycle)
    price = Int(attribute="price_at_purchase", metadata={
        "description": "What one cycle costs now, smallest currency unit"})
    original_price = Int(metadata=MONEY)
    currency = Str()
    discount_code_id = Str(allow_none=True)
    current_period_start = DT(allow_none=True)
    current_period_end = DT(allow_none=True)
    is_trialing = Bool()
    trial_ends_at = DT(allow_none=True)
    is_gift = Bool()
    auto_renew = Bool()
    cancelled_at = DT(allow_none=True)
    cancel_reason = Str(allow_none=True)
    cancel_feedback = Str(allow_none=True)
    grace_ends_at = DT(allow_none=True)
    paused_at = DT(allow_none=True)
    pause_ends_at = DT(allow_none=True)
    pending_tier_id = Str(allow_none=True)
    expires_at = DT(allow_none=True)
    created_at = DT(allow_none=True, metadata={"description": "When they subscribed"})


class SubscriberInvoiceSchema(Schema):
    id, tier_id = Str(), Str()
    kind = ma.fields.Enum(InvoiceKind)
    status = ma.fields.Enum(InvoiceStatus)
    amount = Int(metadata=MONEY)
    original_amount, discount_amount = Int(metadata=MONEY), Int(metadata=MONEY)
    currency = Str()
    period_start = DT(allow_none=True)
    period_end = DT(allow_none=True)
    failure_code = Str(allow_none=True)
    created_at = DT()


class SubscriberDetailSchema(Schema):
    subscriber = ma.fields.Nested(SubscriberSchema)
    invoices = ma.fields.List(ma.fields.Nested(SubscriberInvoiceSchema),
                              metadata={"description": "Every charge and failed try, newest "
                                                       "first"})


class MoneySchema(Schema):
    currency = Str()
    amount = Int(metadata=MONEY)


class TierMrrSchema(MoneySchema):
    tier_id = Str()
    tier_name = Str(allow_none=True)
    subscribers = Int(metadata={"description": "Live, paying subscriptions"})


class RevenueSchema(MoneySchema):
    invoices = Int()


class SubscriberStatsSchema(Schema):
    period_from = DT(attribute="period_start", data_key="from")
    period_to = DT(attribute="period_end", data_key="to")
    active = Int(metadata={"description": "Live now (trials, gifts, cancelled before their "
                                          "period ends and past due in grace included)"})
    trialing, gifted, past_due = Int(), Int(), Int()
    cancelling = Int(metadata={"description": "Cancelled, still live until the period ends"})
    paused = Int()
    new = Int(metadata={"description": "Subscribed in the period"})
    churned = Int(metadata={"description": "Lost access (expired) in the period"})
    subscribed_at_start = Int()
    churn_rate_bp = Int(allow_none=True, metadata=RATE)
    mrr = ma.fields.List(ma.fields.Nested(MoneySchema), metadata={
        "description": "Monthly recurring revenue per currency: live paid subscriptions, "
                       "annual price // 12; gifts and trials count 0"})
    mrr_by_tier = ma.fields.List(ma.fields.Nested(TierMrrSchema))
    revenue = ma.fields.List(ma.fields.Nested(RevenueSchema), metadata={
        "description": "Paid invoices of the period per currency"})


class ChurnMonthSchema(Schema):
    month = Str(metadata={"description": "YYYY-MM (UTC)"})
    start, end = DT(), DT()
    subscribed_at_start, new, churned = Int(), Int(), Int()
    churn_rate_bp = Int(allow_none=True, metadata=RATE)


class TierChurnSchema(Schema):
    tier_id = Str()
    tier_name = Str(allow_none=True)
    subscribed_at_start, churned = Int(), Int()
    churn_rate_bp = Int(allow_none=True, metadata=RATE)


class ReasonCountSchema(Schema):
    reason = Str(allow_none=True, metadata={"description": "null: no reason given"})
    count = Int()


class FeedbackSchema(Schema):
    feedback = Str()
    reason = Str(allow_none=True)
    tier_id = Str()
    tier_name = Str(allow_none=True)
    cancelled_at = DT()


class ChurnAnalysisSchema(Schema):
    window_start, window_end = DT(), DT()
    months = ma.fields.List(ma.fields.Nested(ChurnMonthSchema), metadata={
        "description": "Oldest first; the current month so far"})
    by_tier = ma.fields.List(ma.fields.Nested(TierChurnSchema), metadata={
        "description": "Over the whole window"})
    cancel_reasons = ma.fields.List(ma.fields.Nested(ReasonCountSchema))
    recent_feedback = ma.fields.List(ma.fields.Nested(FeedbackSchema), metadata={
        "description": "Newest first, without the reader's identity"})
