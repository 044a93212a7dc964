"""/billing/invoices: the invoices of the author's subscription to Ownverso (every charge
and attempt), one, as PDF, and paying one again."""

from dependency_injector.wiring import Provide, inject
from flask.views import MethodView

from ownverso.entrypoints.api.billing.subscription_schemas import (
    InvoiceListArgs,
    SubscriptionInvoiceSchema,
)
from ownverso.entrypoints.api.common.files import attachment_response
from ownverso.entrypoints.api.common.idempotency import idempotent
from ownverso.entrypoints.api.common.smorest import Blueprint, actor
from ownverso.services.billing.platform_subscription_billing import PlatformSubscriptionBilling

SERVICE = "platform_subscription_billing"
Billing = PlatformSubscriptionBilling
blp = Blueprint("subscription-invoices", __name__, url_prefix="/billing/invoices",
                description="Invoices of my subscription to Ownverso")


@blp.route("")
class MyInvoices(MethodView):
    @blp.login_required
    @blp.arguments(InvoiceListArgs, location="query")
    @blp.response(200, SubscriptionInvoiceSchema(many=True))
    @blp.paginate()
    @inject
    def get(self, args, pagination_parameters, billing: Billing = Provide[SERVICE]):
        """My subscription invoices, newest first"""
        page = pagination_parameters
        items, page.item_count = billing.mine(actor=actor(), offset=page.first_item,
                                              limit=page.page_size, **args)
        return items


@blp.route("/<invoice_id>")
class OneInvoice(MethodView):
    @blp.login_required
    @blp.response(200, SubscriptionInvoiceSchema)
    @inject
    def get(self, invoice_id: str, billing: Billing = Provide[SERVICE]):
        """One of my invoices with its lines (404 invoice_not_found)"""
        return billing.one(actor=actor(), invoice_id=invoice_id)


@blp.route("/<invoice_id>/pdf")
class InvoicePdf(MethodView):
    @blp.login_required
    @blp.response(200, description="The invoice as PDF (Content-Disposition: attachment)",
                  content_type="application/pdf")
    @inject
    def get(self, invoice_id: str, billing: Billing = Provide[SERVICE]):
        """One of my invoices as PDF (404 invoice_not_found)"""
        document = billing.pdf(actor=actor(), invoice_id=invoice_id)
        return attachment_response(document.data, content_type=document.content_type,
                                   filename=document.filename)


@blp.route("/<invoice_id>/pay")
class PayInvoice(MethodView):
    @blp.login_required
    @idempotent
    @blp.response(200, SubscriptionInvoiceSchema)
    @inject
    def post(self, invoice_id: str, billing: Billing = Provide[SERVICE]):
        """Pay an invoice now: an open checkout is re-read; a declined renewal is charged
        again and renews the plan (402 payment_declined; 404 invoice_not_found; 409
        invoice_already_paid, invoice_not_payable)"""
        return billing.pay(actor=actor(), invoice_id=invoice_id)
