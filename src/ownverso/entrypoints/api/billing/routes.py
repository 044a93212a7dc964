"""/billing/platform-invoices: the platform's usage-fee invoices to a FREE-tier author (list,
one with its breakdown, PDF, paying one online through the platform's gateway) and, for
administrators, marking one paid."""

from dependency_injector.wiring import Provide, inject
from flask.views import MethodView

from ownverso.entrypoints.api.billing.schemas import (
    InvoicePaymentSchema,
    MarkPaidBodySchema,
    MyInvoiceListArgs,
    PlatformInvoiceDetailSchema,
    PlatformInvoiceSchema,
)
from ownverso.entrypoints.api.common.files import attachment_response
from ownverso.entrypoints.api.common.idempotency import idempotent
from ownverso.entrypoints.api.common.smorest import Blueprint, actor
from ownverso.services.billing.platform_invoice_payment import PlatformInvoicePayment
from ownverso.services.billing.platform_invoices import PlatformInvoiceService

SERVICE = "platform_invoices"
blp = Blueprint("platform-invoices", __name__, url_prefix="/billing/platform-invoices",
                description="Ownverso's usage-fee invoices to FREE-tier authors")


@blp.route("")
class MyInvoices(MethodView):
    @blp.login_required
    @blp.arguments(MyInvoiceListArgs, location="query")
    @blp.response(200, PlatformInvoiceSchema(many=True))
    @blp.paginate()
    @inject
    def get(self, args, pagination_parameters,
            invoices: PlatformInvoiceService = Provide[SERVICE]):
        """My platform invoices, newest month first"""
        page = pagination_parameters
        items, page.item_count = invoices.mine(actor=actor(), offset=page.first_item,
                                               limit=page.page_size, **args)
        return items


@blp.route("/<invoice_id>")
class OneInvoice(MethodView):
    @blp.login_required
    @blp.response(200, PlatformInvoiceDetailSchema)
    @inject
    def get(self, invoice_id: str, invoices: PlatformInvoiceService = Provide[SERVICE]):
        """One of my invoices with its revenue breakdown (404 invoice_not_found)"""
        return invoices.one(actor=actor(), invoice_id=invoice_id)


@blp.route("/<invoice_id>/pdf")
class InvoicePdf(MethodView):
    @blp.login_required
    @blp.response(200, description="The invoice as PDF (Content-Disposition: attachment)",
                  content_type="application/pdf")
    @inject
    def get(self, invoice_id: str, invoices: PlatformInvoiceService = Provide[SERVICE]):
        """One of my invoices as PDF (404 invoice_not_found)"""
        document = invoices.pdf(actor=actor(), invoice_id=invoice_id)
        return attachment_response(document.data, content_type=document.content_type,
                                   filename=document.filename)


@blp.route("/<invoice_id>/mark-paid")
class MarkPaid(MethodView):
    @blp.login_required
    @blp.arguments(MarkPaidBodySchema)
    @blp.response(200, PlatformInvoiceDetailSchema)
    @inject
    def post(self, body, invoice_id: str, invoices: PlatformInvoiceService = Provide[SERVICE]):
        """Record an invoice as paid: administrators only (403 admin_required; 404
        invoice_not_found; 409 invoice_already_paid, invoice_void)"""
        return invoices.mark_paid(actor=actor(), invoice_id=invoice_id, **body)


@blp.route("/<invoice_id>/pay")
class PayInvoice(MethodView):
    @blp.login_required
    @idempotent
    @blp.response(200, InvoicePaymentSchema)
    @inject
    def post(self, invoice_id: str,
             payment: PlatformInvoicePayment = Provide["platform_invoice_payment"]):
        """Pay one of my invoices online: the checkout to pay it on (the open one again
        until it expires); a paid one is settled (404 invoice_not_found; 409
        invoice_already_paid, invoice_void, platform_gateway_not_configured; 503
        gateway_unavailable)"""
        return payment.pay(actor=actor(), invoice_id=invoice_id)
