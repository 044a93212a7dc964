"""The payment gateway harnesses: ``harness`` runs a test once per registered adapter."""

import pytest

from tests.contract.gateway_harness import HARNESSES
from tests.support.standins.razorpay_server import RazorpayStandIn
from tests.support.standins.stripe_server import StripeStandIn
from tests.support.standins.xendit_server import XenditStandIn


@pytest.fixture(scope="session")
def stripe_standin():
    server = StripeStandIn().start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def razorpay_standin():
    server = RazorpayStandIn().start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def xendit_standin():
    server = XenditStandIn().start()
    yield server
    server.stop()


@pytest.fixture(params=sorted(HARNESSES))
def harness(request):
    return HARNESSES[request.param](request)
