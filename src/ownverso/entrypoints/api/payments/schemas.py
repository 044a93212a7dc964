"""Query arguments and bodies of /payments* and /my/payments*."""

import marshmallow as ma
from marshmallow import validate

from ownverso.domain.payments.payment import PaymentStatus, PaymentType
from ownverso.entrypoints.api.common.smorest import Schema

Str, Int, DT = ma.fields.String, ma.fields.Integer, ma.fields.DateTime
MONEY = {"description": "Smallest currency unit"}


# -- query arguments ---------------------------------------------------------------------------
class PaymentFilterArgs(Schema):
    """The filters of the author's list and export (the export refuses unknown arguments)."""

    site_id = Str(validate=validate.Length(min=1, max=40))
    type = ma.fields.Enum(PaymentType)
    status = ma.fields.Enum(PaymentStatus)
    start = DT(data_key="from", metadata={"description": "Made at or after (UTC if no zone)"})
    end = DT(data_key="to", metadata={"description": "Made before (UTC if no zone)"})


class PaymentListArgs(PaymentFilterArgs):
    class Meta:
        unknown = ma.EXCLUDE  # the pagination arguments share the query string


class MyPaymentListArgs(Schema):
    class Meta:
        unknown = ma.EXCLUDE

    type = ma.fields.Enum(PaymentType)
    status = ma.fields.Enum(PaymentStatus)


class StatsArgs(Schema):
    start = DT(data_key="from", metadata={
        "description": "Period start, inclusive (default: 30 days before `to`)"})
    end = DT(data_key="to", metadata={
        "description": "Period end, exclusive (default: the end of today, UTC)"})


class TimelineArgs(StatsArgs):
    interval = Str(load_default="day", validate=validate.OneOf(["day", "month"]),
                   metadata={"description": "day (UTC) or month; default: the last 30 days "
                                            "or the last 12 months"})


# -- responses ---------------------------------------------------------------------------------
class PaymentPersonSchema(Schema):
    id = Str()
    username = Str(allow_none=True)
    display_name = Str(allow_none=True)


class PaymentSiteSchema(Schema):
    id, name, slug = Str(), Str(), Str()


class PaymentEventSchema(Schema):
    id = Str()
    sequence = Int()
    event_type = Str()
    previous_status = ma.fields.Enum(PaymentStatus, allow_none=True)
    new_status = ma.fields.Enum(PaymentStatus)
    amount = Int(allow_none=True, metadata=MONEY)
    metadata = ma.fields.Dict()
    created_at = DT()


def _of(field: type, name: str, **kwargs) -> ma.fields.Field:
    return field(attribute=f"payment.{name}", **kwargs)


class PaymentSchema(Schema):
    id = _of(Str, "id")
    type = _of(ma.fields.Enum, "type", enum=PaymentType)
    status = _of(ma.fields.Enum, "status", enum=PaymentStatus)
    description = _of(Str, "description", allow_none=True)
    gross_amount = _of(Int, "gross_amount", metadata=MONEY)
    refunded_amount = _of(Int, "refunded_amount", metadata=MONEY)
    gateway_fee = _of(Int, "gateway_fee", allow_none=True,
                      metadata={"description": "Smallest currency unit; null until the "
                                               "gateway reports it"})
    net_amount = _of(Int, "net_amount", allow_none=True,
                     metadata={"description": "Gross less the gateway fee, once known"})
    currency = _of(Str, "currency")
    gateway = _of(Str, "gateway")
    gateway_payment_id = _of(Str, "gateway_payment_id")
    checkout_session_id = _of(Str, "checkout_session_id", allow_none=True)
    subscription_id = _of(Str, "subscription_id", allow_none=True)
    purchase_id = _of(Str, "purchase_id", allow_none=True)
    failure_code = _of(Str, "failure_code", allow_none=True)
    failure_message = _of(Str, "failure_message", allow_none=True)
    refunded_at = _of(DT, "refunded_at", allow_none=True)
    processed_at = _of(DT, "processed_at", allow_none=True)
    created_at = _of(DT, "created_at")
    site = ma.fields.Nested(PaymentSiteSchema, allow_none=True)
    author = ma.fields.Nested(PaymentPersonSchema, allow_none=True,
                              metadata={"description": "The payee; null: Ownverso (coins)"})


class ReceivedPaymentSchema(PaymentSchema):
    """A payment as its author sees it."""

    payer = ma.fields.Nested(PaymentPersonSchema, allow_none=True,
                             metadata={"description": "null: an anonymous tip"})


class ReceivedPaymentDetailSchema(ReceivedPaymentSchema):
    events = ma.fields.List(ma.fields.Nested(PaymentEventSchema),
                            metadata={"description": "The state log, oldest first"})


class MyPaymentDetailSchema(PaymentSchema):
    events = ma.fields.List(ma.fields.Nested(PaymentEventSchema),
                            metadata={"description": "The state log, oldest first"})


class CurrencyStatsSchema(Schema):
    currency = Str()
    gross = Int(metadata=MONEY)
    refunded = Int(metadata={"description": "Given back of the period's payments"})
    net = Int(metadata={"description": "Gross less refunds and lost chargebacks"})
    count = Int()
    payers = Int(metadata={"description": "Distinct readers who paid in the period"})
    arpu = Int(allow_none=True, metadata={"description": "gross // payers"})
    lifetime_gross = Int(metadata=MONEY)
    lifetime_payers = Int()
    ltv = Int(allow_none=True, metadata={"description": "lifetime_gross // lifetime_payers"})
    mrr = Int(metadata={"description": "Live paid subscriptions per month (annual // 12)"})


class PaymentStatsSchema(Schema):
    period_start = DT()
    period_end = DT()
    currencies = ma.fields.List(ma.fields.Nested(CurrencyStatsSchema))


class TotalSchema(Schema):
    currency = Str()
    gross = Int(metadata=MONEY)
    count = Int()


class BucketSchema(Schema):
    start = DT()
    totals = ma.fields.List(ma.fields.Nested(TotalSchema))


class TimelineSchema(Schema):
    interval = Str()
    buckets = ma.fields.List(ma.fields.Nested(BucketSchema))
