"""Periodic gift work: deliveries that are due and gifts left unclaimed for 365 days."""

from dependency_injector.wiring import Provide, inject

from ownverso.services.memberships.gift_delivery import GiftDelivery


@inject
def deliver_due_gifts(*, delivery: GiftDelivery = Provide["gift_delivery"]) -> int:
    """Email the gifts whose delivery date has come (idempotent)."""
    return len(delivery.deliver_due())


@inject
def expire_unclaimed_gifts(*, delivery: GiftDelivery = Provide["gift_delivery"]) -> int:
    """Mark EXPIRED the gifts not claimed within 365 days of delivery (idempotent)."""
    return len(delivery.expire_unclaimed())
