"""Query arguments and responses of /payouts*."""

import marshmallow as ma
from marshmallow import validate

from ownverso.domain.payments.payout import PayoutStatus
from ownverso.entrypoints.api.common.smorest import Schema

Str, Int, DT = ma.fields.String, ma.fields.Integer, ma.fields.DateTime
MONEY = {"description": "Smallest currency unit"}
GATEWAYS = ("sandbox", "stripe", "razorpay", "xendit")


# -- query arguments ---------------------------------------------------------------------------
class AuthorArgs(Schema):
    author_id = Str(validate=validate.Length(min=1, max=40), metadata={
        "description": "Administrators only: whose statements (default: mine)"})


class PayoutFilterArgs(AuthorArgs):
    """The filters of the list and the export (the export refuses unknown arguments)."""

    status = ma.fields.Enum(PayoutStatus)
    gateway = Str(validate=validate.OneOf(GATEWAYS))
    start = DT(data_key="from", metadata={
        "description": "Statements of months starting at or after (UTC if no zone)"})
    end = DT(data_key="to", metadata={
        "description": "Statements of months starting before (UTC if no zone)"})


class PayoutListArgs(PayoutFilterArgs):
    class Meta:
        unknown = ma.EXCLUDE  # the pagination arguments share the query string


# -- responses ---------------------------------------------------------------------------------
class PayoutSchema(Schema):
    id = Str()
    author_id = Str()
    period_start = DT()
    period_end = DT(metadata={"description": "Exclusive: the first moment of the next month"})
    gateway = Str()
    currency = Str()
    gross_revenue = Int(metadata={"description": "What readers paid (smallest unit)"})
    refunded_amount = Int(metadata={"description": "Given back to readers"})
    charged_back_amount = Int(metadata={"description": "Taken back by lost disputes"})
    gateway_fees = Int(metadata={"description": "Fees the gateway reported; a fee not known "
                                                "yet counts 0 (breakdown.unknown_fee_count)"})
    platform_fees = Int(metadata={"description": "The FREE-tier usage fee and its GST; 0 on "
                                                 "a paid platform tier"})
    net_payout = Int(metadata={"description": "gross - refunded - charged back - gateway "
                                              "fees - platform fees"})
    transaction_count = Int()
    invoice_number = Str(allow_none=True, metadata={
        "description": "The platform invoice the fee is on, when it was issued first"})
    status = ma.fields.Enum(PayoutStatus, metadata={
        "description": "COMPLETED: the money already settled in the author's own gateway "
                       "account; the statement is final"})
    completed_at = DT()
    created_at = DT()


class PayoutDetailSchema(PayoutSchema):
    breakdown = ma.fields.Dict(metadata={
        "description": "by_type: per payment type count, gross, refunded, charged_back, "
                       "gateway_fees, unknown_fees, net; unknown_fee_count; open_disputes "
                       "(count, amount: still kept); platform_fee (revenue, fee, gst, "
                       "invoice_number)"})


class PayoutTotalsSchema(Schema):
    currency = Str()
    gateway = Str(allow_none=True, metadata={"description": "null: every gateway"})
    gross_revenue = Int(metadata=MONEY)
    refunded_amount = Int(metadata=MONEY)
    charged_back_amount = Int(metadata=MONEY)
    gateway_fees = Int(metadata=MONEY)
    platform_fees = Int(metadata=MONEY)
    net_payout = Int(metadata=MONEY)
    transaction_count = Int()
    payouts = Int(metadata={"description": "Statements added up"})


class MonthTotalsSchema(Schema):
    period_start = DT()
    period_end = DT()
    totals = ma.fields.List(ma.fields.Nested(PayoutTotalsSchema))


class PayoutStatsSchema(Schema):
    totals = ma.fields.List(ma.fields.Nested(PayoutTotalsSchema),
                            metadata={"description": "Every statement, per currency"})
    by_gateway = ma.fields.List(ma.fields.Nested(PayoutTotalsSchema), metadata={
        "description": "Every statement, per gateway and currency"})
    last_month = ma.fields.Nested(MonthTotalsSchema, metadata={
        "description": "The last closed month's statements"})
    this_month = ma.fields.Nested(MonthTotalsSchema, metadata={
        "description": "Provisional: the month so far by the same rule (no statement yet)"})
