"""Memberships work: subscription billing and stale checkouts (periodic), and handing a new
subscription's renewals to the gateway."""

from dependency_injector.wiring import Provide, inject

from ownverso.services.checkout.sessions import CheckoutService
from ownverso.services.memberships.billing import SubscriptionBilling
from ownverso.services.memberships.gateway_renewals import GatewayRenewals


@inject
def run_subscription_billing(
        *, billing: SubscriptionBilling = Provide["subscription_billing"]) -> dict:
    """Renewals, expiries, pause ends and reminders that are due (idempotent)."""
    return billing.run().summary()


@inject
def expire_stale_checkouts(*, checkout: CheckoutService = Provide["checkout"]) -> int:
    """Close unpaid checkouts past their window, returning their held seats and codes."""
    return checkout.expire_stale()


@inject
def hand_over_renewals(
        *, subscription_id: str,
        renewals: GatewayRenewals = Provide["gateway_renewals"]) -> str | None:
    """Start the gateway's subscription for a newly paid one; its id, or None when Ownverso
    keeps billing it."""
    return renewals.hand_over(subscription_id)
