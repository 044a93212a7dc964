"""The sandbox payment gateway's checkout page, as an API: look at a checkout, pay it."""

from contextlib import suppress

import marshmallow as ma
from dependency_injector.wiring import Provide, inject
from flask.views import MethodView

from ownverso.entrypoints.api.common.smorest import Blueprint, Schema
from ownverso.services.checkout.sessions import CheckoutService
from ownverso.services.errors import NotFound
from ownverso.services.ports import PaymentGateway

blp = Blueprint("sandbox", __name__, url_prefix="/sandbox",
                description="The sandbox payment gateway (embedded and test setups)")


class CheckoutSchema(Schema):
    id = ma.fields.String()
    amount = ma.fields.Integer(metadata={"description": "Smallest currency unit"})
    currency = ma.fields.String()
    status = ma.fields.String(metadata={"description": "open, complete or expired"})
    url = ma.fields.String()
    metadata = ma.fields.Dict()


def _checkout(gateway: PaymentGateway, checkout_id: str, *, pay: bool = False):
    if gateway.name != "sandbox":
        raise NotFound("The sandbox gateway is not in use here.", code="sandbox_disabled")
    try:
        return gateway.complete(checkout_id) if pay else gateway.get_checkout(checkout_id)
    except LookupError:
        raise NotFound("No such sandbox checkout.", code="checkout_not_found") from None


@blp.route("/checkouts/<checkout_id>")
class SandboxCheckout(MethodView):
    @blp.response(200, CheckoutSchema)
    @inject
    def get(self, checkout_id: str, gateway: PaymentGateway = Provide["payment_gateway"]):
        """A sandbox checkout, as the customer would see it"""
        return _checkout(gateway, checkout_id)


@blp.route("/checkouts/<checkout_id>/complete")
class SandboxCheckoutPayment(MethodView):
    @blp.response(200, CheckoutSchema)
    @inject
    def post(self, checkout_id: str, gateway: PaymentGateway = Provide["payment_gateway"],
             checkout: CheckoutService = Provide["checkout"]):
        """Pay a sandbox checkout (paying twice changes nothing); what it bought is fulfilled
        as a real gateway's "payment succeeded" would be"""
        paid = _checkout(gateway, checkout_id, pay=True)
        with suppress(NotFound):  # a checkout opened outside Ownverso's sessions (tools)
            checkout.confirm(checkout_id)
        return paid
