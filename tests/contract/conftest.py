"""The payment gateway harnesses: ``harness`` runs a test once per registered adapter."""

import pytest

from tests.contract.gateway_harness import HARNESSES
from tests.support.standins.stripe_server import StripeStandIn


@pytest.fixture(scope="session")
def stripe_standin():
    server = StripeStandIn().start()
    yield server
    server.stop()


@pytest.fixture(params=sorted(HARNESSES))
def harness(request):
    return HARNESSES[request.param](request)
