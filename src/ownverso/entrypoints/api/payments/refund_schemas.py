"""Bodies and responses of /payments/{id}/refund*, /payments/{id}/dispute*."""

import marshmallow as ma
from flask_smorest.fields import Upload
from marshmallow import validate

from ownverso.domain.payments.dispute import NOTE_MAX, DisputeOutcome, DisputeStatus
from ownverso.domain.payments.payment import PaymentStatus
from ownverso.domain.payments.refund import REASON_MAX, PaymentRefundStatus
from ownverso.entrypoints.api.common.smorest import Schema

Str, Int, DT = ma.fields.String, ma.fields.Integer, ma.fields.DateTime
MONEY = {"description": "Smallest currency unit"}


class RefundBodySchema(Schema):
    amount = Int(strict=True, validate=validate.Range(min=1),
                 metadata={"description": "Smallest currency unit; default: all that is left"})
    reason = Str(required=True, validate=validate.Length(min=1, max=REASON_MAX))


class PaymentRefundSchema(Schema):
    id = Str()
    payment_id = Str()
    sequence = Int()
    amount = Int(metadata=MONEY)
    currency = Str()
    reason = Str()
    status = ma.fields.Enum(PaymentRefundStatus)
    gateway_refund_id = Str(allow_none=True)
    failure_code = Str(allow_none=True)
    coins_shortfall = Int(metadata={"description": "Coins of a refunded package already "
                                                   "spent, so not taken back"})
    requested_by = Str(allow_none=True)
    created_at = DT()
    completed_at = DT(allow_none=True)


class RefundStatusSchema(Schema):
    payment_id = Str(attribute="payment.id")
    payment_status = ma.fields.Enum(PaymentStatus, attribute="payment.status")
    currency = Str(attribute="payment.currency")
    gross_amount = Int(attribute="payment.gross_amount", metadata=MONEY)
    refunded_amount = Int(attribute="payment.refunded_amount", metadata=MONEY)
    refundable_amount = Int(attribute="payment.refundable_amount", metadata=MONEY)
    refunds = ma.fields.List(ma.fields.Nested(PaymentRefundSchema))


class EvidenceFileSchema(Schema):
    filename = Str()
    content_type = Str()
    size = Int()
    uploaded_by = Str()
    uploaded_at = Str(metadata={"description": "ISO 8601, UTC"})


class DisputeSchema(Schema):
    id = Str()
    payment_id = Str()
    reason = Str()
    amount = Int(metadata=MONEY)
    currency = Str()
    status = ma.fields.Enum(DisputeStatus)
    evidence = ma.fields.List(ma.fields.Nested(EvidenceFileSchema),
                              metadata={"description": "Stored privately; never public"})
    evidence_note = Str(allow_none=True)
    evidence_due_by = DT(allow_none=True)
    opened_at = DT()
    resolved_at = DT(allow_none=True)
    resolved_by = Str(allow_none=True)


class EvidenceFileUploadSchema(Schema):
    file = Upload(required=True, metadata={"description": "PDF, PNG or JPEG, up to 10 MB"})


class EvidenceNoteSchema(Schema):
    note = Str(validate=validate.Length(max=NOTE_MAX))


class DisputeMarkSchema(Schema):
    outcome = ma.fields.Enum(DisputeOutcome, required=True)
