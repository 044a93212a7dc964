"""Periodic referrals work."""

from dependency_injector.wiring import Provide, inject

from ownverso.services.referrals.service import ReferralService


@inject
def expire_referrals(*, referrals: ReferralService = Provide["referrals"]) -> int:
    """Mark EXPIRED the referrals that did not qualify within 90 days (idempotent)."""
    return referrals.expire_due()
