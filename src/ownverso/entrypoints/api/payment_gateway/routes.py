"""An author's payment gateways: GET /payment-gateway, POST /payment-gateway/default and
/renewals (each provider's endpoints are in ``razorpay_routes``, ``stripe_routes`` and
``xendit_routes``)."""

from dependency_injector.wiring import Provide, inject
from flask.views import MethodView

from ownverso.entrypoints.api.common.smorest import Blueprint, actor
from ownverso.entrypoints.api.payment_gateway.schemas import (
    DefaultGatewaySchema,
    GatewayOverviewSchema,
    RenewalsSchema,
)
from ownverso.services.payments.gateway_config import GatewayConfigService

blp = Blueprint("payment-gateway", __name__, url_prefix="/payment-gateway",
                description="An author's payment gateways (Razorpay, Stripe, Xendit): "
                            "secrets are stored encrypted and never shown again")


@blp.route("")
class Gateways(MethodView):
    @blp.login_required
    @blp.response(200, GatewayOverviewSchema)
    @inject
    def get(self, gateways: GatewayConfigService = Provide["gateway_config"]):
        """My gateways and my default one (403 author_required)"""
        return gateways.overview(actor=actor())


@blp.route("/default")
class DefaultGateway(MethodView):
    @blp.login_required
    @blp.arguments(DefaultGatewaySchema)
    @blp.response(200, GatewayOverviewSchema)
    @inject
    def post(self, body, gateways: GatewayConfigService = Provide["gateway_config"]):
        """Make a connected gateway my default, or none with null (409
        gateway_not_connected)"""
        return gateways.set_default(actor=actor(), gateway=body["gateway"])


@blp.route("/renewals")
class Renewals(MethodView):
    @blp.login_required
    @blp.arguments(RenewalsSchema)
    @blp.response(200, GatewayOverviewSchema)
    @inject
    def post(self, body, gateways: GatewayConfigService = Provide["gateway_config"]):
        """Who bills my readers' renewals: OWNVERSO (default) or GATEWAY (a subscription on
        the tier's plan at the gateway, for new subscriptions a plan can bill as they are)"""
        return gateways.set_renewals(actor=actor(), billed_by=body["billed_by"])
