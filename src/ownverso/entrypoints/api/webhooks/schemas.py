"""Answers and queries of the webhook routes."""

import marshmallow as ma
from marshmallow import validate

from ownverso.domain.payments.webhook_event import WebhookGateway, WebhookStatus
from ownverso.entrypoints.api.common.smorest import Schema

Str, Int, DT = ma.fields.String, ma.fields.Integer, ma.fields.DateTime


class ReceiptSchema(Schema):
    received = ma.fields.Boolean(metadata={"description": "Always true: the event is stored"})
    duplicate = ma.fields.Boolean(
        metadata={"description": "True when this event was delivered before (nothing changed)"})


class WebhookEventArgsSchema(Schema):
    gateway = Str(load_default=None, validate=validate.OneOf([g.value for g in WebhookGateway]))
    status = Str(load_default=None, validate=validate.OneOf([s.value for s in WebhookStatus]))
    author_id = Str(load_default=None)


class WebhookEventSchema(Schema):
    id = Str()
    gateway = ma.fields.Function(lambda e: e.gateway.value)
    event_id = Str(metadata={"description": "The gateway's id of the event"})
    author_id = Str(allow_none=True, metadata={
        "description": "Whose gateway account sent it; null: the platform's own"})
    event_type = Str()
    object_id = Str(allow_none=True)
    signature_ok = ma.fields.Boolean()
    received_at = DT()
    status = ma.fields.Function(lambda e: e.status.value)
    attempts = Int()
    next_attempt_at = DT(allow_none=True, metadata={
        "description": "When the retry job takes it up again (RECEIVED, FAILED, PROCESSING)"})
    last_error = Str(allow_none=True, metadata={
        "description": "The last handler error, or why it was IGNORED"})
    processed_at = DT(allow_none=True)


class WebhookEventDetailSchema(WebhookEventSchema):
    payload = Str(metadata={"description": "The raw body, as received and verified"})
