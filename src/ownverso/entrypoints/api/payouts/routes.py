"""GET /payouts (list, stats, export, one): an author's monthly payout statements, one per
gateway and currency; administrators may name an author."""

import marshmallow as ma
from dependency_injector.wiring import Provide, inject
from flask.views import MethodView

from ownverso.entrypoints.api.common.files import attachment_response
from ownverso.entrypoints.api.common.smorest import Blueprint, actor
from ownverso.entrypoints.api.payouts.schemas import (
    AuthorArgs,
    PayoutDetailSchema,
    PayoutFilterArgs,
    PayoutListArgs,
    PayoutSchema,
    PayoutStatsSchema,
)
from ownverso.services.payments.payouts import PayoutService

SERVICE = "payouts"
blp = Blueprint("payouts", __name__, url_prefix="/payouts",
                description="An author's monthly payout statements: gross, fees, net")


@blp.route("")
class Payouts(MethodView):
    @blp.login_required
    @blp.arguments(PayoutListArgs, location="query")
    @blp.response(200, PayoutSchema(many=True))
    @blp.paginate()
    @inject
    def get(self, args, pagination_parameters, payouts: PayoutService = Provide[SERVICE]):
        """My payout statements, newest month first (403 admin_required for another
        author_id; 422 invalid_period)"""
        page = pagination_parameters
        items, page.item_count = payouts.list(actor=actor(), offset=page.first_item,
                                              limit=page.page_size, **args)
        return items


@blp.route("/stats")
class Stats(MethodView):
    @blp.login_required
    @blp.arguments(AuthorArgs, location="query")
    @blp.response(200, PayoutStatsSchema)
    @inject
    def get(self, args, payouts: PayoutService = Provide[SERVICE]):
        """Totals per currency and per gateway, last month's statements and this month so far
        (403 admin_required)"""
        return payouts.stats(actor=actor(), **args)


@blp.route("/export")
class Export(MethodView):
    @blp.login_required
    @blp.arguments(PayoutFilterArgs, location="query", unknown=ma.RAISE)
    @blp.response(200, description="CSV, one row per statement (Content-Disposition: "
                                   "attachment), streamed", content_type="text/csv")
    @inject
    def get(self, args, payouts: PayoutService = Provide[SERVICE]):
        """The list's statements as CSV, newest month first (amounts in the smallest unit)"""
        exported = payouts.export(actor=actor(), **args)
        return attachment_response(exported.chunks, content_type=exported.content_type,
                                   filename=exported.filename)


@blp.route("/<payout_id>")
class OnePayout(MethodView):
    @blp.login_required
    @blp.response(200, PayoutDetailSchema)
    @inject
    def get(self, payout_id: str, payouts: PayoutService = Provide[SERVICE]):
        """One of my statements with its breakdown (404 payout_not_found)"""
        return payouts.one(actor=actor(), payout_id=payout_id)
