"""POST /webhooks/{stripe|razorpay|xendit}/{authorPublicId}: a gateway's delivery for one
author's account, verified with that author's webhook secret before anything is stored.

Answers (the same for each gateway): 200 ``{received, duplicate}`` once stored (a redelivery
is 200 with ``duplicate`` and changes nothing); 401 ``signature_missing``; 400
``invalid_signature`` (wrong signature or token, stale or future timestamp) or
``invalid_payload``; 404 ``webhook_endpoint_not_found`` (unknown author, or a gateway they
have not configured); 413 ``webhook_too_large``."""

from dependency_injector.wiring import Provide, inject
from flask import request
from flask.views import MethodView

from ownverso.entrypoints.api.common.smorest import Blueprint, ErrorSchema
from ownverso.entrypoints.api.webhooks.schemas import ReceiptSchema
from ownverso.services.payments.webhook_ingress import WebhookIngress

INGRESS = Provide["webhook_ingress"]
blp = Blueprint("webhooks", __name__, url_prefix="/webhooks",
                description="Incoming payment gateway webhooks")


def _receive(gateway: str, author_id: str, ingress: WebhookIngress) -> dict:
    """The declared size is checked before the body is read, and the body read no further
    than one byte over the cap."""
    ingress.check_size(gateway, author_id, request.content_length)
    body = request.stream.read(ingress.max_bytes + 1)
    _, stored = ingress.receive(gateway=gateway, author_id=author_id,
                                headers=request.headers, body=body)
    return {"received": True, "duplicate": not stored}


def _documented(view):
    for status, what in ((400, "invalid_signature or invalid_payload"),
                         (401, "signature_missing"), (404, "webhook_endpoint_not_found"),
                         (413, "webhook_too_large")):
        view = blp.alt_response(status, schema=ErrorSchema, description=what)(view)
    return view


@blp.route("/stripe/<author_id>")
class StripeWebhook(MethodView):
    @_documented
    @blp.response(200, ReceiptSchema)
    @inject
    def post(self, author_id: str, ingress: WebhookIngress = INGRESS):
        """A Stripe event (Stripe-Signature: HMAC-SHA256, 300 s tolerance, no future
        timestamps)"""
        return _receive("stripe", author_id, ingress)


@blp.route("/razorpay/<author_id>")
class RazorpayWebhook(MethodView):
    @_documented
    @blp.response(200, ReceiptSchema)
    @inject
    def post(self, author_id: str, ingress: WebhookIngress = INGRESS):
        """A Razorpay event (X-Razorpay-Signature: HMAC-SHA256 of the body with the webhook
        secret; X-Razorpay-Event-Id)"""
        return _receive("razorpay", author_id, ingress)


@blp.route("/xendit/<author_id>")
class XenditWebhook(MethodView):
    @_documented
    @blp.response(200, ReceiptSchema)
    @inject
    def post(self, author_id: str, ingress: WebhookIngress = INGRESS):
        """A Xendit callback (x-callback-token: the account's verification token)"""
        return _receive("xendit", author_id, ingress)
