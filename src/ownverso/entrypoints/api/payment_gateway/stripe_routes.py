"""My Stripe gateway: POST /payment-gateway/stripe/connect, /disconnect, /webhook-secret and
GET /status. Connecting calls no provider: the answer says ``verified: false``."""

from dependency_injector.wiring import Provide, inject
from flask.views import MethodView

from ownverso.domain.payments.gateway_config import GatewayProvider
from ownverso.entrypoints.api.common.smorest import Blueprint, actor
from ownverso.entrypoints.api.payment_gateway.schemas import (
    GatewayWebhookSecretSchema,
    StripeConnectSchema,
    StripeGatewaySchema,
)
from ownverso.services.payments.gateway_config import GatewayConfigService as Service

STRIPE = GatewayProvider.STRIPE

blp = Blueprint("payment-gateway-stripe", __name__, url_prefix="/payment-gateway/stripe",
                description="My Stripe gateway: its keys, its webhook secret, its status")


@blp.route("/connect")
class StripeConnect(MethodView):
    @blp.login_required
    @blp.arguments(StripeConnectSchema)
    @blp.response(200, StripeGatewaySchema)
    @inject
    def post(self, body, gateways: Service = Provide["gateway_config"]):
        """Save my Stripe account and key or OAuth token, replacing any (422
        invalid_credentials)"""
        return gateways.connect(actor=actor(), provider=STRIPE, fields=body)


@blp.route("/disconnect")
class StripeDisconnect(MethodView):
    @blp.login_required
    @blp.response(200, StripeGatewaySchema)
    @inject
    def post(self, gateways: Service = Provide["gateway_config"]):
        """Forget my Stripe key (409 gateway_not_connected)"""
        return gateways.disconnect(actor=actor(), provider=STRIPE)


@blp.route("/webhook-secret")
class StripeWebhookSecret(MethodView):
    @blp.login_required
    @blp.arguments(GatewayWebhookSecretSchema)
    @blp.response(200, StripeGatewaySchema)
    @inject
    def post(self, body, gateways: Service = Provide["gateway_config"]):
        """Set my Stripe endpoint's signing secret, whsec_… (409 gateway_not_connected)"""
        return gateways.set_webhook_secret(actor=actor(), provider=STRIPE,
                                           secret=body["webhook_secret"])


@blp.route("/status")
class StripeStatus(MethodView):
    @blp.login_required
    @blp.response(200, StripeGatewaySchema)
    @inject
    def get(self, gateways: Service = Provide["gateway_config"]):
        """My Stripe connection (NOT_CONNECTED when never connected)"""
        return gateways.status(actor=actor(), provider=STRIPE)
