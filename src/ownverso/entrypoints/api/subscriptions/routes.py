"""Subscribing and checkout: /sites/{siteId}/subscribe, /checkout/subscription and
/checkout/session/{id}."""

from dependency_injector.wiring import Provide, inject
from flask.views import MethodView

from ownverso.entrypoints.api.common.idempotency import idempotent
from ownverso.entrypoints.api.common.smorest import Blueprint, actor
from ownverso.entrypoints.api.subscriptions.schemas import (
    CheckoutSessionSchema,
    CheckoutSubscriptionSchema,
    SubscribeSchema,
)
from ownverso.services.checkout.sessions import CheckoutService
from ownverso.services.memberships.subscription_checkout import SubscribeService

checkout_blp = Blueprint("checkout", __name__, url_prefix="/checkout",
                         description="Checkout sessions: pay through the gateway, then poll")
site_blp = Blueprint("site-subscribe", __name__, url_prefix="/sites",
                     description="Subscribe to a site's tier")

CREATED = "201: an open checkout to pay at checkout_url, or one already complete (free)"


@site_blp.route("/<site_id>/subscribe")
class Subscribe(MethodView):
    @site_blp.login_required
    @idempotent
    @site_blp.arguments(SubscribeSchema)
    @site_blp.response(201, CheckoutSessionSchema, description=CREATED)
    @inject
    def post(self, body, site_id: str,
             subscribe: SubscribeService = Provide["subscribe"]):
        """Subscribe to a tier: a checkout (409 already_subscribed, tier_full,
        tier_unavailable; 422 for a code that does not apply)"""
        return subscribe.start(actor=actor(), site_id=site_id, **body)


@checkout_blp.route("/subscription")
class CheckoutSubscription(MethodView):
    @checkout_blp.login_required
    @idempotent
    @checkout_blp.arguments(CheckoutSubscriptionSchema)
    @checkout_blp.response(201, CheckoutSessionSchema, description=CREATED)
    @inject
    def post(self, body, subscribe: SubscribeService = Provide["subscribe"]):
        """A checkout for a subscription to a site's tier"""
        return subscribe.start(actor=actor(), **body)


@checkout_blp.route("/session/<session_id>")
class CheckoutSessionView(MethodView):
    @checkout_blp.login_required
    @checkout_blp.response(200, CheckoutSessionSchema)
    @inject
    def get(self, session_id: str, checkout: CheckoutService = Provide["checkout"]):
        """One of my checkouts, brought up to date with the gateway (poll until COMPLETE)"""
        return checkout.get(actor=actor(), session_id=session_id)
