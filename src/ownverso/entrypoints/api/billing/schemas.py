"""Query arguments, bodies and responses of /billing/platform-invoices* and /admin/billing*."""

import marshmallow as ma
from marshmallow import validate

from ownverso.domain.billing.platform_invoice import (
    PAYMENT_METHOD_MAX,
    PAYMENT_REFERENCE_MAX,
    PlatformInvoiceStatus,
)
from ownverso.entrypoints.api.common.smorest import Schema

Str, Int, DT, Bool = ma.fields.String, ma.fields.Integer, ma.fields.DateTime, ma.fields.Boolean
MONEY = {"description": "Smallest currency unit"}


# -- arguments -----------------------------------------------------------------------------------
class MyInvoiceListArgs(Schema):
    class Meta:
        unknown = ma.EXCLUDE  # the pagination arguments share the query string

    status = ma.fields.Enum(PlatformInvoiceStatus)


class AdminInvoiceListArgs(MyInvoiceListArgs):
    author_id = Str(validate=validate.Length(min=1, max=40))
    overdue = Bool(load_default=False,
                   metadata={"description": "true: only PENDING invoices past their due date"})


class AdminAuthorListArgs(Schema):
    class Meta:
        unknown = ma.EXCLUDE


class GenerateBodySchema(Schema):
    year = Int(validate=validate.Range(min=2000, max=9999),
               metadata={"description": "With month; default: last month"})
    month = Int(validate=validate.Range(min=1, max=12))


class MarkPaidBodySchema(Schema):
    payment_method = Str(required=True, validate=validate.Length(min=1, max=PAYMENT_METHOD_MAX),
                         metadata={"description": "bank_transfer, upi, cheque ..."})
    payment_reference = Str(allow_none=True,
                            validate=validate.Length(max=PAYMENT_REFERENCE_MAX))


# -- responses -----------------------------------------------------------------------------------
class AuthorRefSchema(Schema):
    id, username, display_name, email = Str(), Str(), Str(), Str()


def _of(field: type, name: str, **kwargs) -> ma.fields.Field:
    return field(attribute=f"invoice.{name}", **kwargs)


class PlatformInvoiceSchema(Schema):
    id = _of(Str, "id")
    number = _of(Str, "number", metadata={"description": "OV-<year>-<sequence>, gap-free"})
    author_id = _of(Str, "author_id")
    period_start = _of(DT, "period_start")
    period_end = _of(DT, "period_end", metadata={"description": "Exclusive (next month's "
                                                                "first moment, UTC)"})
    currency = _of(Str, "currency")
    gross_revenue = _of(Int, "gross_revenue", metadata={
        "description": "Reader revenue of the month less refunds, smallest currency unit"})
    fee_bps = _of(Int, "fee_bps", metadata={"description": "Basis points (1000 = 10%)"})
    fee_amount = _of(Int, "fee_amount", metadata=MONEY)
    gst_bps = _of(Int, "gst_bps", metadata={"description": "Basis points (1800 = 18%)"})
    gst_amount = _of(Int, "gst_amount", metadata=MONEY)
    total_amount = _of(Int, "total_amount", metadata=MONEY)
    transaction_count = _of(Int, "transaction_count")
    status = _of(ma.fields.Enum, "status", enum=PlatformInvoiceStatus)
    issued_at = _of(DT, "issued_at")
    due_date = _of(DT, "due_date")
    paid_at = _of(DT, "paid_at", allow_none=True)
    payment_method = _of(Str, "payment_method", allow_none=True)
    payment_reference = _of(Str, "payment_reference", allow_none=True)
    overdue = Bool()
    author = ma.fields.Nested(AuthorRefSchema, allow_none=True)


class PlatformInvoiceDetailSchema(PlatformInvoiceSchema):
    breakdown = _of(ma.fields.Dict, "breakdown", keys=Str(), values=Int(), metadata={
        "description": "Revenue per payment type, smallest currency unit"})
    reminders_sent = _of(Int, "reminders_sent", metadata={
        "description": "0 none, 1 due-soon sent, 2 overdue sent"})
    last_reminder_at = _of(DT, "last_reminder_at", allow_none=True)


class InvoicePaymentSchema(Schema):
    invoice_id = ma.fields.Function(lambda p: p.invoice.id)
    number = ma.fields.Function(lambda p: p.invoice.number)
    status = ma.fields.Function(lambda p: p.invoice.status.value)
    total_amount = ma.fields.Function(lambda p: p.invoice.total_amount, metadata=MONEY)
    currency = ma.fields.Function(lambda p: p.invoice.currency)
    checkout_url = Str(allow_none=True, metadata={
        "description": "Where to pay (the platform gateway's hosted checkout); null once paid"})


class GeneratedInvoiceSchema(Schema):
    id, number, author_id, currency = Str(), Str(), Str(), Str()
    total_amount = Int(metadata=MONEY)


class GenerationSchema(Schema):
    period_start = DT()
    period_end = DT()
    created = Int(metadata={"description": "Invoices made by this run"})
    existing = Int(metadata={"description": "Invoices of the period made before"})
    invoices = ma.fields.List(ma.fields.Nested(GeneratedInvoiceSchema),
                              metadata={"description": "Those made by this run"})


class AmountSchema(Schema):
    currency = Str()
    amount = Int(metadata=MONEY)


class AuthorBillingSchema(Schema):
    author = ma.fields.Nested(AuthorRefSchema)
    platform_tier = Str()
    mrr = ma.fields.List(ma.fields.Nested(AmountSchema), metadata={
        "description": "Live paid reader subscriptions normalized to a month, per currency"})
    outstanding = ma.fields.List(ma.fields.Nested(AmountSchema), metadata={
        "description": "Pending platform invoices, per currency"})
    pending_invoices = Int()
    overdue_invoices = Int()
