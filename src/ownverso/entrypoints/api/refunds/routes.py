"""Refund requests: /purchases/{purchaseId}/refund-request (the reader),
/sites/{siteId}/refund-requests (the site's team, monetization.manage) and
/admin/refund-requests (administrators)."""

from dependency_injector.wiring import Provide, inject
from flask.views import MethodView

from ownverso.entrypoints.api.common.idempotency import idempotent
from ownverso.entrypoints.api.common.smorest import Blueprint, actor
from ownverso.entrypoints.api.refunds.schemas import (
    AdminRefundArgsSchema,
    ApproveBodySchema,
    DeclineBodySchema,
    RefundRequestBodySchema,
    RefundRequestSchema,
    SiteRefundArgsSchema,
)
from ownverso.services.commerce.refunds import RefundService

REFUNDS = Provide["refunds"]
reader_blp = Blueprint("refund-requests", __name__, url_prefix="/purchases",
                       description="Ask for a purchase to be refunded")
site_blp = Blueprint("site-refund-requests", __name__, url_prefix="/sites",
                     description="A site's refund requests")
admin_blp = Blueprint("admin-refund-requests", __name__, url_prefix="/admin/refund-requests",
                      description="Refund requests for administrators")


@reader_blp.route("/<purchase_id>/refund-request")
class MyRefundRequest(MethodView):
    @reader_blp.login_required
    @idempotent
    @reader_blp.arguments(RefundRequestBodySchema)
    @reader_blp.response(201, RefundRequestSchema)
    @inject
    def post(self, body, purchase_id: str, refunds: RefundService = REFUNDS):
        """Ask for my purchase back, within 30 days of it (404 purchase_not_found; 409
        purchase_not_refundable, nothing_to_refund, refund_window_passed,
        refund_request_open, refund_declined)"""
        return refunds.file(actor=actor(), purchase_id=purchase_id, **body)

    @reader_blp.login_required
    @reader_blp.response(200, RefundRequestSchema)
    @inject
    def get(self, purchase_id: str, refunds: RefundService = REFUNDS):
        """My latest refund request for this purchase (404 refund_request_not_found)"""
        return refunds.mine(actor=actor(), purchase_id=purchase_id)

    @reader_blp.login_required
    @reader_blp.response(200, RefundRequestSchema)
    @inject
    def delete(self, purchase_id: str, refunds: RefundService = REFUNDS):
        """Withdraw my open request (409 refund_request_<status> once decided)"""
        return refunds.withdraw(actor=actor(), purchase_id=purchase_id)


@site_blp.route("/<site_id>/refund-requests")
class SiteRefundRequests(MethodView):
    @site_blp.login_required
    @site_blp.arguments(SiteRefundArgsSchema, location="query")
    @site_blp.response(200, RefundRequestSchema(many=True))
    @site_blp.paginate()
    @inject
    def get(self, args, pagination_parameters, site_id: str,
            refunds: RefundService = REFUNDS):
        """The site's refund requests, newest first (filter: status)"""
        page = pagination_parameters
        items, page.item_count = refunds.for_site(
            actor=actor(), site_id=site_id, status=args["status"], offset=page.first_item,
            limit=page.page_size)
        return items


@site_blp.route("/<site_id>/refund-requests/<request_id>/approve")
class SiteApprove(MethodView):
    @site_blp.login_required
    @idempotent
    @site_blp.arguments(ApproveBodySchema)
    @site_blp.response(200, RefundRequestSchema)
    @inject
    def post(self, body, site_id: str, request_id: str, refunds: RefundService = REFUNDS):
        """Approve and refund: the money goes back once, the purchase is REFUNDED and what it
        bought is taken back (409 refund_request_<status>, purchase_not_refundable,
        refund_refused; 503 gateway_unavailable)"""
        return refunds.approve(actor=actor(), request_id=request_id, site_id=site_id, **body)


@site_blp.route("/<site_id>/refund-requests/<request_id>/decline")
class SiteDecline(MethodView):
    @site_blp.login_required
    @site_blp.arguments(DeclineBodySchema)
    @site_blp.response(200, RefundRequestSchema)
    @inject
    def post(self, body, site_id: str, request_id: str, refunds: RefundService = REFUNDS):
        """Decline with a note the reader is sent; the purchase takes no second request"""
        return refunds.decline(actor=actor(), request_id=request_id, site_id=site_id, **body)


@admin_blp.route("")
class AllRefundRequests(MethodView):
    @admin_blp.login_required
    @admin_blp.arguments(AdminRefundArgsSchema, location="query")
    @admin_blp.response(200, RefundRequestSchema(many=True))
    @admin_blp.paginate()
    @inject
    def get(self, args, pagination_parameters, refunds: RefundService = REFUNDS):
        """Every refund request, newest first (filters: status, site_id)"""
        page = pagination_parameters
        items, page.item_count = refunds.admin_list(
            actor=actor(), offset=page.first_item, limit=page.page_size, **args)
        return items


@admin_blp.route("/<request_id>/approve")
class AdminApprove(MethodView):
    @admin_blp.login_required
    @idempotent
    @admin_blp.arguments(ApproveBodySchema)
    @admin_blp.response(200, RefundRequestSchema)
    @inject
    def post(self, body, request_id: str, refunds: RefundService = REFUNDS):
        """Approve and refund any site's request"""
        return refunds.approve(actor=actor(), request_id=request_id, **body)


@admin_blp.route("/<request_id>/decline")
class AdminDecline(MethodView):
    @admin_blp.login_required
    @admin_blp.arguments(DeclineBodySchema)
    @admin_blp.response(200, RefundRequestSchema)
    @inject
    def post(self, body, request_id: str, refunds: RefundService = REFUNDS):
        """Decline any site's request with a note"""
        return refunds.decline(actor=actor(), request_id=request_id, **body)
