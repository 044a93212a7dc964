"""Bodies, queries and answers of the refund request routes."""

import marshmallow as ma
from marshmallow import validate

from ownverso.domain.commerce.refund_request import (
    MESSAGE_MAX,
    NOTE_MAX,
    RefundReason,
    RefundRequestStatus,
)
from ownverso.entrypoints.api.common.smorest import Schema

Str, Int, DT = ma.fields.String, ma.fields.Integer, ma.fields.DateTime
STATUS = validate.OneOf([s.value for s in RefundRequestStatus])


class RefundRequestBodySchema(Schema):
    reason = Str(required=True, validate=validate.OneOf([r.value for r in RefundReason]))
    message = Str(load_default=None, allow_none=True, validate=validate.Length(max=MESSAGE_MAX))


class ApproveBodySchema(Schema):
    note = Str(load_default=None, allow_none=True, validate=validate.Length(max=NOTE_MAX),
               metadata={"description": "Kept with the decision"})


class DeclineBodySchema(Schema):
    note = Str(required=True, validate=validate.Length(min=1, max=NOTE_MAX),
               metadata={"description": "Why; emailed to the reader"})


class SiteRefundArgsSchema(Schema):
    status = Str(load_default=None, validate=STATUS)


class AdminRefundArgsSchema(SiteRefundArgsSchema):
    site_id = Str(load_default=None)


class RefundRequestSchema(Schema):
    id = Str()
    purchase_id = Str()
    buyer_id = Str()
    site_id = Str()
    author_id = Str()
    product_id = Str(allow_none=True)
    chapter_id = Str(allow_none=True)
    reason = ma.fields.Function(lambda r: r.reason.value)
    message = Str(allow_none=True)
    amount = Int(metadata={"description": "Asked back: what was paid, smallest unit"})
    currency = Str()
    status = ma.fields.Function(lambda r: r.status.value)
    reviewer_id = Str(allow_none=True)
    review_note = Str(allow_none=True)
    failure_code = Str(allow_none=True, metadata={"description": "The last refund attempt's"})
    gateway_refund_id = Str(allow_none=True)
    reviewed_at = DT(allow_none=True)
    refunded_at = DT(allow_none=True)
    withdrawn_at = DT(allow_none=True)
    created_at = DT()
    updated_at = DT()
