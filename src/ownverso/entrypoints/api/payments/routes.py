"""GET /payments (list, stats, timeline, export, one) for the author paid, and
GET /my/payments (list, one, receipt) for the reader who paid."""

import marshmallow as ma
from dependency_injector.wiring import Provide, inject
from flask.views import MethodView

from ownverso.entrypoints.api.common.files import attachment_response
from ownverso.entrypoints.api.common.smorest import Blueprint, actor
from ownverso.entrypoints.api.payments.schemas import (
    MyPaymentDetailSchema,
    MyPaymentListArgs,
    PaymentFilterArgs,
    PaymentListArgs,
    PaymentSchema,
    PaymentStatsSchema,
    ReceivedPaymentDetailSchema,
    ReceivedPaymentSchema,
    StatsArgs,
    TimelineArgs,
    TimelineSchema,
)
from ownverso.services.payments.payments import PaymentService

author_blp = Blueprint("payments-received", __name__, url_prefix="/payments",
                       description="Payments an author received: list, stats, timeline, "
                                   "export")
my_blp = Blueprint("my-payments", __name__, url_prefix="/my/payments",
                   description="The payments I made, with receipts")
SERVICE = "payment_views"


@author_blp.route("")
class Received(MethodView):
    @author_blp.login_required
    @author_blp.arguments(PaymentListArgs, location="query")
    @author_blp.response(200, ReceivedPaymentSchema(many=True))
    @author_blp.paginate()
    @inject
    def get(self, args, pagination_parameters, payments: PaymentService = Provide[SERVICE]):
        """Payments made to me (my sites, tips to me), newest first (422 invalid_period)"""
        page = pagination_parameters
        items, page.item_count = payments.received(
            actor=actor(), offset=page.first_item, limit=page.page_size, **args)
        return items


@author_blp.route("/stats")
class Stats(MethodView):
    @author_blp.login_required
    @author_blp.arguments(StatsArgs, location="query")
    @author_blp.response(200, PaymentStatsSchema)
    @inject
    def get(self, args, payments: PaymentService = Provide[SERVICE]):
        """Per currency: gross, refunded, net, count, ARPU over the period; LTV over all
        time; MRR now"""
        return payments.stats(actor=actor(), **args)


@author_blp.route("/timeline")
class Timeline(MethodView):
    @author_blp.login_required
    @author_blp.arguments(TimelineArgs, location="query")
    @author_blp.response(200, TimelineSchema)
    @inject
    def get(self, args, payments: PaymentService = Provide[SERVICE]):
        """Gross and count per currency per day or month, every bucket present (422
        invalid_period, period_too_long)"""
        return payments.timeline(actor=actor(), **args)


@author_blp.route("/export")
class Export(MethodView):
    @author_blp.login_required
    @author_blp.arguments(PaymentFilterArgs, location="query", unknown=ma.RAISE)
    @author_blp.response(200, description="CSV, one row per payment (Content-Disposition: "
                                          "attachment), streamed", content_type="text/csv")
    @inject
    def get(self, args, payments: PaymentService = Provide[SERVICE]):
        """The list's payments as CSV, newest first (amounts in the smallest unit)"""
        exported = payments.export(actor=actor(), **args)
        return attachment_response(exported.chunks, content_type=exported.content_type,
                                   filename=exported.filename)


@author_blp.route("/<payment_id>")
class ReceivedOne(MethodView):
    @author_blp.login_required
    @author_blp.response(200, ReceivedPaymentDetailSchema)
    @inject
    def get(self, payment_id: str, payments: PaymentService = Provide[SERVICE]):
        """One payment made to me, with its state log (404 payment_not_found)"""
        return payments.received_one(actor=actor(), payment_id=payment_id)


@my_blp.route("")
class Mine(MethodView):
    @my_blp.login_required
    @my_blp.arguments(MyPaymentListArgs, location="query")
    @my_blp.response(200, PaymentSchema(many=True))
    @my_blp.paginate()
    @inject
    def get(self, args, pagination_parameters, payments: PaymentService = Provide[SERVICE]):
        """Payments I made, newest first"""
        page = pagination_parameters
        items, page.item_count = payments.mine(actor=actor(), offset=page.first_item,
                                               limit=page.page_size, **args)
        return items


@my_blp.route("/<payment_id>")
class MyOne(MethodView):
    @my_blp.login_required
    @my_blp.response(200, MyPaymentDetailSchema)
    @inject
    def get(self, payment_id: str, payments: PaymentService = Provide[SERVICE]):
        """One payment I made, with its state log (404 payment_not_found)"""
        return payments.my_one(actor=actor(), payment_id=payment_id)


@my_blp.route("/<payment_id>/receipt")
class MyReceipt(MethodView):
    @my_blp.login_required
    @my_blp.response(200, description="The receipt as PDF (Content-Disposition: attachment)",
                     content_type="application/pdf")
    @inject
    def get(self, payment_id: str, payments: PaymentService = Provide[SERVICE]):
        """A receipt for one payment I made (404 payment_not_found; 409
        payment_not_collected)"""
        receipt = payments.receipt(actor=actor(), payment_id=payment_id)
        return attachment_response(receipt.data, content_type=receipt.content_type,
                                   filename=receipt.filename)
