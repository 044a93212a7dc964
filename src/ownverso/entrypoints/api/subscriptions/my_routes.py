"""A reader's subscriptions: /my-subscriptions."""

from dependency_injector.wiring import Provide, inject
from flask.views import MethodView

from ownverso.entrypoints.api.common.idempotency import idempotent
from ownverso.entrypoints.api.common.smorest import Blueprint, actor
from ownverso.entrypoints.api.subscriptions.schemas import (
    CancelSchema,
    ChangeTierSchema,
    InvoiceSchema,
    MySubscriptionSchema,
    MySubscriptionsQuerySchema,
    PauseSchema,
)
from ownverso.services.memberships.subscriptions import MySubscriptionService

blp = Blueprint("my-subscriptions", __name__, url_prefix="/my-subscriptions",
                description="My subscriptions: change tier, cancel, resume, pause, invoices")
Mine = MySubscriptionService


@blp.route("")
class MySubscriptions(MethodView):
    @blp.login_required
    @blp.arguments(MySubscriptionsQuerySchema, location="query")
    @blp.response(200, MySubscriptionSchema(many=True))
    @blp.paginate()
    @inject
    def get(self, query, pagination_parameters, mine: Mine = Provide["my_subscriptions"]):
        """My subscriptions, newest first"""
        items, total = mine.list_mine(actor=actor(), status=query["status"],
                                 offset=pagination_parameters.first_item,
                                 limit=pagination_parameters.page_size)
        pagination_parameters.item_count = total
        return items


@blp.route("/<subscription_id>")
class MySubscription(MethodView):
    @blp.login_required
    @blp.response(200, MySubscriptionSchema)
    @inject
    def get(self, subscription_id: str, mine: Mine = Provide["my_subscriptions"]):
        """One of my subscriptions"""
        return mine.get(actor=actor(), subscription_id=subscription_id)

    @blp.login_required
    @idempotent
    @blp.arguments(ChangeTierSchema)
    @blp.response(200, MySubscriptionSchema)
    @inject
    def patch(self, body, subscription_id: str, mine: Mine = Provide["my_subscriptions"]):
        """Change tier: a higher tier now, the prorated difference charged (402
        payment_failed when declined); a lower one at the end of the period"""
        return mine.change_tier(actor=actor(), subscription_id=subscription_id, **body)


@blp.route("/<subscription_id>/cancel")
class Cancel(MethodView):
    @blp.login_required
    @blp.arguments(CancelSchema)
    @blp.response(200, MySubscriptionSchema)
    @inject
    def post(self, body, subscription_id: str, mine: Mine = Provide["my_subscriptions"]):
        """Cancel: no renewal, access to the end of the period"""
        return mine.cancel(actor=actor(), subscription_id=subscription_id, **body)


@blp.route("/<subscription_id>/resume")
class Resume(MethodView):
    @blp.login_required
    @blp.response(200, MySubscriptionSchema)
    @inject
    def post(self, subscription_id: str, mine: Mine = Provide["my_subscriptions"]):
        """Undo a cancel before the period ends"""
        return mine.resume(actor=actor(), subscription_id=subscription_id)


@blp.route("/<subscription_id>/pause")
class Pause(MethodView):
    @blp.login_required
    @blp.arguments(PauseSchema)
    @blp.response(200, MySubscriptionSchema)
    @inject
    def post(self, body, subscription_id: str, mine: Mine = Provide["my_subscriptions"]):
        """Pause access and billing for 1-3 months (at most twice in 365 days)"""
        return mine.pause(actor=actor(), subscription_id=subscription_id, **body)


@blp.route("/<subscription_id>/unpause")
class Unpause(MethodView):
    @blp.login_required
    @blp.response(200, MySubscriptionSchema)
    @inject
    def post(self, subscription_id: str, mine: Mine = Provide["my_subscriptions"]):
        """End a pause now: the period end moves by the paused time"""
        return mine.unpause(actor=actor(), subscription_id=subscription_id)


@blp.route("/<subscription_id>/invoices")
class Invoices(MethodView):
    @blp.login_required
    @blp.response(200, InvoiceSchema(many=True))
    @blp.paginate()
    @inject
    def get(self, subscription_id: str, pagination_parameters,
            mine: Mine = Provide["my_subscriptions"]):
        """What this subscription was charged, newest first"""
        items, total = mine.invoices(actor=actor(), subscription_id=subscription_id,
                                     offset=pagination_parameters.first_item,
                                     limit=pagination_parameters.page_size)
        pagination_parameters.item_count = total
        return items
