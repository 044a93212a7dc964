"""Building an author's gateway adapter from their decrypted credentials (``GatewaySecrets``
names the keys), one adapter per call so no two authors share a client."""

from collections.abc import Mapping
from typing import Any

from ownverso.adapters.razorpay_payments import RazorpayPaymentGateway
from ownverso.adapters.stripe_payments import StripePaymentGateway
from ownverso.adapters.xendit_payments import XenditPaymentGateway
from ownverso.services.payments.gateway_router import GatewayFactory
from ownverso.services.ports import PaymentGateway


def gateway_factories(*, stripe_api_base: str, razorpay_api_base: str,
                      xendit_api_base: str) -> dict[str, GatewayFactory]:
    """The factories by adapter name; ``*_api_base`` point the SDKs at another host (a local
    stand-in in tests)."""

    def stripe(credentials: Mapping[str, Any]) -> PaymentGateway:
        return StripePaymentGateway(secret_key=credentials["api_key"],
                                    base_url=stripe_api_base)

    def razorpay(credentials: Mapping[str, Any]) -> PaymentGateway:
        return RazorpayPaymentGateway(key_id=credentials["key_id"],
                                      key_secret=credentials["key_secret"],
                                      base_url=razorpay_api_base)

    def xendit(credentials: Mapping[str, Any]) -> PaymentGateway:
        return XenditPaymentGateway(secret_key=credentials["api_key"],
                                    base_url=xendit_api_base)

    return {"stripe": stripe, "razorpay": razorpay, "xendit": xendit}
