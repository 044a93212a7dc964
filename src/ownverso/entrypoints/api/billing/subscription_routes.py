"""/billing/subscription: the author's plan on Ownverso (with the plans on offer), changing
it, cancelling it and its history."""

from dependency_injector.wiring import Provide, inject
from flask.views import MethodView

from ownverso.entrypoints.api.billing.subscription_schemas import (
    ChangeBodySchema,
    ChangeResultSchema,
    HistoryEventSchema,
    SubscriptionSchema,
)
from ownverso.entrypoints.api.common.idempotency import idempotent
from ownverso.entrypoints.api.common.smorest import Blueprint, actor
from ownverso.services.billing.platform_subscription import PlatformSubscriptionService

SERVICE = "platform_subscription"
Service = PlatformSubscriptionService
blp = Blueprint("platform-subscription", __name__, url_prefix="/billing/subscription",
                description="My subscription to Ownverso: plan, change, cancel, history")


@blp.route("")
class MySubscription(MethodView):
    @blp.login_required
    @blp.response(200, SubscriptionSchema)
    @inject
    def get(self, subscription: Service = Provide[SERVICE]):
        """My plan, status, period, pending change and the plans on offer (a paid checkout
        is settled first)"""
        return subscription.get(actor=actor())


@blp.route("/change")
class Change(MethodView):
    @blp.login_required
    @idempotent
    @blp.arguments(ChangeBodySchema)
    @blp.response(200, ChangeResultSchema)
    @inject
    def post(self, body, subscription: Service = Provide[SERVICE]):
        """Change plan: an upgrade now with the prorated difference charged (402
        payment_declined changes nothing); a downgrade at period end; the current plan drops
        a pending change or resumes a cancel; from FREE, a checkout to pay (409
        already_on_plan, subscription_past_due, lifetime_plan)"""
        return subscription.change(actor=actor(), **body)


@blp.route("/cancel")
class Cancel(MethodView):
    @blp.login_required
    @blp.response(200, SubscriptionSchema)
    @inject
    def post(self, subscription: Service = Provide[SERVICE]):
        """Cancel the renewal: the plan stays until the period ends, then FREE (409
        nothing_to_cancel, lifetime_plan, subscription_not_active)"""
        return subscription.cancel(actor=actor())


@blp.route("/history")
class History(MethodView):
    @blp.login_required
    @blp.response(200, HistoryEventSchema(many=True))
    @blp.paginate()
    @inject
    def get(self, pagination_parameters, subscription: Service = Provide[SERVICE]):
        """My subscription's events, newest first"""
        page = pagination_parameters
        items, page.item_count = subscription.history(actor=actor(), offset=page.first_item,
                                                      limit=page.page_size)
        return items
