"""My Razorpay gateway: POST /payment-gateway/razorpay/connect, /disconnect, /webhook-secret and
GET /status. Connecting calls no provider: the answer says ``verified: false``."""

from dependency_injector.wiring import Provide, inject
from flask.views import MethodView

from ownverso.domain.payments.gateway_config import GatewayProvider
from ownverso.entrypoints.api.common.smorest import Blueprint, actor
from ownverso.entrypoints.api.payment_gateway.schemas import (
    GatewayWebhookSecretSchema,
    RazorpayConnectSchema,
    RazorpayGatewaySchema,
)
from ownverso.services.payments.gateway_config import GatewayConfigService as Service

RAZORPAY = GatewayProvider.RAZORPAY

blp = Blueprint("payment-gateway-razorpay", __name__, url_prefix="/payment-gateway/razorpay",
                description="My Razorpay gateway: its keys, its webhook secret, its status")


@blp.route("/connect")
class RazorpayConnect(MethodView):
    @blp.login_required
    @blp.arguments(RazorpayConnectSchema)
    @blp.response(200, RazorpayGatewaySchema)
    @inject
    def post(self, body, gateways: Service = Provide["gateway_config"]):
        """Save my Razorpay keys, replacing any (422 invalid_credentials)"""
        return gateways.connect(actor=actor(), provider=RAZORPAY, fields=body)


@blp.route("/disconnect")
class RazorpayDisconnect(MethodView):
    @blp.login_required
    @blp.response(200, RazorpayGatewaySchema)
    @inject
    def post(self, gateways: Service = Provide["gateway_config"]):
        """Forget my Razorpay keys (409 gateway_not_connected)"""
        return gateways.disconnect(actor=actor(), provider=RAZORPAY)


@blp.route("/webhook-secret")
class RazorpayWebhookSecret(MethodView):
    @blp.login_required
    @blp.arguments(GatewayWebhookSecretSchema)
    @blp.response(200, RazorpayGatewaySchema)
    @inject
    def post(self, body, gateways: Service = Provide["gateway_config"]):
        """Set the secret Razorpay signs my webhooks with (409 gateway_not_connected)"""
        return gateways.set_webhook_secret(actor=actor(), provider=RAZORPAY,
                                           secret=body["webhook_secret"])


@blp.route("/status")
class RazorpayStatus(MethodView):
    @blp.login_required
    @blp.response(200, RazorpayGatewaySchema)
    @inject
    def get(self, gateways: Service = Provide["gateway_config"]):
        """My Razorpay connection (NOT_CONNECTED when never connected)"""
        return gateways.status(actor=actor(), provider=RAZORPAY)
