"""Periodic memberships work: subscription billing and stale checkouts."""

from dependency_injector.wiring import Provide, inject

from ownverso.services.checkout.sessions import CheckoutService
from ownverso.services.memberships.billing import SubscriptionBilling


@inject
def run_subscription_billing(
        *, billing: SubscriptionBilling = Provide["subscription_billing"]) -> dict:
    """Renewals, expiries, pause ends and reminders that are due (idempotent)."""
    return billing.run().summary()


@inject
def expire_stale_checkouts(*, checkout: CheckoutService = Provide["checkout"]) -> int:
    """Close unpaid checkouts past their window, returning their held seats and codes."""
    return checkout.expire_stale()
