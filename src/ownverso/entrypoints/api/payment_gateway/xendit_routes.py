"""My Xendit gateway: POST /payment-gateway/xendit/connect, /disconnect, /webhook-token and
GET /status. Connecting calls no provider: the answer says ``verified: false``."""

from dependency_injector.wiring import Provide, inject
from flask.views import MethodView

from ownverso.domain.payments.gateway_config import GatewayProvider
from ownverso.entrypoints.api.common.smorest import Blueprint, actor
from ownverso.entrypoints.api.payment_gateway.schemas import (
    GatewayWebhookTokenSchema,
    XenditConnectSchema,
    XenditGatewaySchema,
)
from ownverso.services.payments.gateway_config import GatewayConfigService as Service

XENDIT = GatewayProvider.XENDIT

blp = Blueprint("payment-gateway-xendit", __name__, url_prefix="/payment-gateway/xendit",
                description="My Xendit gateway: its keys, its webhook secret, its status")


@blp.route("/connect")
class XenditConnect(MethodView):
    @blp.login_required
    @blp.arguments(XenditConnectSchema)
    @blp.response(200, XenditGatewaySchema)
    @inject
    def post(self, body, gateways: Service = Provide["gateway_config"]):
        """Save my Xendit business id and secret key, replacing any (422
        invalid_credentials)"""
        return gateways.connect(actor=actor(), provider=XENDIT, fields=body)


@blp.route("/disconnect")
class XenditDisconnect(MethodView):
    @blp.login_required
    @blp.response(200, XenditGatewaySchema)
    @inject
    def post(self, gateways: Service = Provide["gateway_config"]):
        """Forget my Xendit key (409 gateway_not_connected)"""
        return gateways.disconnect(actor=actor(), provider=XENDIT)


@blp.route("/webhook-token")
class XenditWebhookToken(MethodView):
    @blp.login_required
    @blp.arguments(GatewayWebhookTokenSchema)
    @blp.response(200, XenditGatewaySchema)
    @inject
    def post(self, body, gateways: Service = Provide["gateway_config"]):
        """Set my Xendit callback verification token (409 gateway_not_connected)"""
        return gateways.set_webhook_secret(actor=actor(), provider=XENDIT,
                                           secret=body["webhook_token"],
                                           field_name="webhook_token")


@blp.route("/status")
class XenditStatus(MethodView):
    @blp.login_required
    @blp.response(200, XenditGatewaySchema)
    @inject
    def get(self, gateways: Service = Provide["gateway_config"]):
        """My Xendit connection (NOT_CONNECTED when never connected)"""
        return gateways.status(actor=actor(), provider=XENDIT)
