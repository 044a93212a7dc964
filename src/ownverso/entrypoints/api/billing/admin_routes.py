"""/admin/billing: every platform invoice, authors with their MRR and what they owe, and
generating a month's usage-fee invoices, for administrators."""

from dependency_injector.wiring import Provide, inject
from flask.views import MethodView

from ownverso.entrypoints.api.billing.schemas import (
    AdminAuthorListArgs,
    AdminInvoiceListArgs,
    AuthorBillingSchema,
    GenerateBodySchema,
    GenerationSchema,
    PlatformInvoiceSchema,
)
from ownverso.entrypoints.api.common.smorest import Blueprint, actor
from ownverso.services.billing.platform_invoices import PlatformInvoiceService

SERVICE = "platform_invoices"
blp = Blueprint("admin-billing", __name__, url_prefix="/admin/billing",
                description="The platform's billing of authors, for administrators")


@blp.route("/invoices")
class AllInvoices(MethodView):
    @blp.login_required
    @blp.arguments(AdminInvoiceListArgs, location="query")
    @blp.response(200, PlatformInvoiceSchema(many=True))
    @blp.paginate()
    @inject
    def get(self, args, pagination_parameters,
            invoices: PlatformInvoiceService = Provide[SERVICE]):
        """Every platform invoice, newest month first; filters: status, author, overdue (403
        admin_required)"""
        page = pagination_parameters
        items, page.item_count = invoices.all(actor=actor(), offset=page.first_item,
                                              limit=page.page_size, **args)
        return items


@blp.route("/invoices/generate")
class Generate(MethodView):
    @blp.login_required
    @blp.arguments(GenerateBodySchema)
    @blp.response(200, GenerationSchema)
    @inject
    def post(self, body, invoices: PlatformInvoiceService = Provide[SERVICE]):
        """Make a month's usage-fee invoices (default: last month); running it again makes
        none twice (403 admin_required; 422 invalid_period, period_not_ended)"""
        return invoices.generate(actor=actor(), **body)


@blp.route("/authors")
class Authors(MethodView):
    @blp.login_required
    @blp.arguments(AdminAuthorListArgs, location="query")
    @blp.response(200, AuthorBillingSchema(many=True))
    @blp.paginate()
    @inject
    def get(self, args, pagination_parameters,
            invoices: PlatformInvoiceService = Provide[SERVICE]):
        """Authors, newest first, with platform tier, reader MRR and outstanding invoices
        (403 admin_required)"""
        page = pagination_parameters
        items, page.item_count = invoices.authors(actor=actor(), offset=page.first_item,
                                                  limit=page.page_size, **args)
        return items
