"""POST /payments/{id}/refund, GET /payments/{id}/refund-status (the payment's author or an
administrator; the payer reads the status too) and GET /payments/{id}/dispute, POST
/payments/{id}/dispute/evidence (author or administrator), POST /payments/{id}/dispute/mark
(administrators)."""

from dependency_injector.wiring import Provide, inject
from flask.views import MethodView

from ownverso.entrypoints.api.common.idempotency import idempotent
from ownverso.entrypoints.api.common.smorest import Blueprint, actor
from ownverso.entrypoints.api.payments.refund_schemas import (
    DisputeMarkSchema,
    DisputeSchema,
    EvidenceFileUploadSchema,
    EvidenceNoteSchema,
    PaymentRefundSchema,
    RefundBodySchema,
    RefundStatusSchema,
)
from ownverso.services.payments.disputes import MAX_EVIDENCE_BYTES, DisputeService
from ownverso.services.payments.refunds import PaymentRefundService

blp = Blueprint("payment-refunds", __name__, url_prefix="/payments",
                description="Refunding a payment received; its dispute")
REFUNDS = Provide["payment_refunds"]
DISPUTES = Provide["disputes"]


@blp.route("/<payment_id>/refund")
class Refund(MethodView):
    @blp.login_required
    @idempotent
    @blp.arguments(RefundBodySchema)
    @blp.response(201, PaymentRefundSchema)
    @inject
    def post(self, body, payment_id: str, refunds: PaymentRefundService = REFUNDS):
        """Refund all (default) or part of a payment through its gateway; once nothing is
        left of it, what it bought is taken back (404 payment_not_found; 409
        refund_in_progress, nothing_to_refund, payment_<status>, refund_refused,
        refund_failed; 422 refund_exceeds_payment; 503 gateway_unavailable: retry)"""
        return refunds.refund(actor=actor(), payment_id=payment_id, **body)


@blp.route("/<payment_id>/refund-status")
class RefundStatus(MethodView):
    @blp.login_required
    @blp.response(200, RefundStatusSchema)
    @inject
    def get(self, payment_id: str, refunds: PaymentRefundService = REFUNDS):
        """The payment's refunds, oldest first, and what is left to refund"""
        return refunds.status(actor=actor(), payment_id=payment_id)


@blp.route("/<payment_id>/dispute")
class Dispute(MethodView):
    @blp.login_required
    @blp.response(200, DisputeSchema)
    @inject
    def get(self, payment_id: str, disputes: DisputeService = DISPUTES):
        """The payment's dispute (404 payment_not_found, dispute_not_found)"""
        return disputes.get(actor=actor(), payment_id=payment_id)


@blp.route("/<payment_id>/dispute/evidence")
class Evidence(MethodView):
    @blp.login_required
    @idempotent
    @blp.arguments(EvidenceFileUploadSchema, location="files")
    @blp.arguments(EvidenceNoteSchema, location="form")
    @blp.response(201, DisputeSchema)
    @inject
    def post(self, files, form, payment_id: str, disputes: DisputeService = DISPUTES):
        """Upload one evidence file (multipart ``file``: PDF, PNG or JPEG up to 10 MB, stored
        privately) with an optional ``note`` (409 dispute_<status>; 413 file_too_large; 422
        invalid_file_type)"""
        upload = files["file"]
        return disputes.add_evidence(actor=actor(), payment_id=payment_id,
                                     filename=upload.filename,
                                     data=upload.read(MAX_EVIDENCE_BYTES + 1), **form)


@blp.route("/<payment_id>/dispute/mark")
class Mark(MethodView):
    @blp.login_required
    @idempotent
    @blp.arguments(DisputeMarkSchema)
    @blp.response(200, DisputeSchema)
    @inject
    def post(self, body, payment_id: str, disputes: DisputeService = DISPUTES):
        """Administrators: WON puts the payment back; LOST is a chargeback that takes back
        what it bought (403 admin_required; 409 dispute_<status>)"""
        return disputes.mark(actor=actor(), payment_id=payment_id, **body)
