"""Periodic renewal of authors' subscriptions to Ownverso."""

from dependency_injector.wiring import Provide, inject

from ownverso.services.billing.platform_subscription_billing import PlatformSubscriptionBilling


@inject
def run_platform_subscription_billing(
        *, billing: PlatformSubscriptionBilling = Provide["platform_subscription_billing"]
) -> dict:
    """Renew due subscriptions, apply period-end downgrades and cancels, end lapsed grace;
    safe to run often and concurrently."""
    return billing.run().summary()
