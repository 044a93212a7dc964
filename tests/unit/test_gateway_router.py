"""Which gateway acts for whom: the author's default connected one, the platform's for money
without an author, the sandbox only where it stands in, and the object's own gateway later."""

import pytest

from ownverso.adapters.ids import SequentialIds
from ownverso.adapters.sandbox_payments import SandboxPaymentGateway
from ownverso.domain.payments.gateway_config import GatewayProvider
from ownverso.services.errors import Conflict
from ownverso.services.payments.gateway_router import GatewayRouter
from ownverso.services.ports.payments import GatewayUnavailable


class Connected:
    def __init__(self, **by_author: list[str]):
        self.by_author = {a: [GatewayProvider.parse(p) for p in ps]
                          for a, ps in by_author.items()}

    def credentials(self, author_id, provider):
        if GatewayProvider.parse(provider) in self.by_author.get(author_id, []):
            return {"author": author_id, "provider": GatewayProvider.parse(provider).value}
        return None

    def default_provider(self, author_id, order):
        return next((p for p in self.by_author.get(author_id, []) if p in order), None)


class Built(SandboxPaymentGateway):
    def __init__(self, name: str, credentials: dict):
        super().__init__(SequentialIds())
        self.name, self.credentials = name, credentials


def factories():
    return {name: (lambda c, name=name: Built(name, dict(c)))
            for name in ("stripe", "razorpay", "xendit")}


def router(*, sandbox: bool, **connected) -> GatewayRouter:
    return GatewayRouter(connected=Connected(**connected), factories=factories(),
                         platform=Built("stripe", {"platform": True}),
                         sandbox=SandboxPaymentGateway(SequentialIds()) if sandbox else None)


def test_an_author_is_paid_through_their_own_connected_gateway_with_their_credentials():
    gateways = router(sandbox=True, usr_a=["RAZORPAY"])
    chosen = gateways.for_author("usr_a")
    assert (chosen.name, chosen.credentials) == ("razorpay",
                                                 {"author": "usr_a", "provider": "RAZORPAY"})


def test_without_a_connection_the_sandbox_stands_in_or_the_author_gets_a_409():
    assert router(sandbox=True).for_author("usr_b").name == "sandbox"
    with pytest.raises(Conflict) as refused:
        router(sandbox=False).for_author("usr_b")
    assert refused.value.code == "gateway_not_connected"


def test_money_without_an_author_goes_to_the_platform_account():
    assert router(sandbox=False).for_author(None).credentials == {"platform": True}
    bare = GatewayRouter(connected=Connected(), factories={}, platform=None)
    with pytest.raises(Conflict) as refused:
        bare.for_author(None)
    assert refused.value.code == "platform_gateway_not_configured"


def test_an_object_goes_back_to_the_gateway_it_was_made_on_while_it_is_connected():
    gateways = router(sandbox=True, usr_a=["STRIPE", "XENDIT"])
    assert gateways.named("xendit", "usr_a").credentials["provider"] == "XENDIT"
    assert gateways.named("sandbox", "usr_a") is gateways.sandbox
    with pytest.raises(GatewayUnavailable):
        gateways.named("razorpay", "usr_a")  # disconnected since
    with pytest.raises(GatewayUnavailable):
        gateways.named("paypal", "usr_a")
