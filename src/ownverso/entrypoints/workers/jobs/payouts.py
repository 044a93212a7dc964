"""Periodic payout statements: last month's, made early in the new month."""

from dependency_injector.wiring import Provide, inject

from ownverso.services.payments.payouts import PayoutService


@inject
def generate_payouts(*, payouts: PayoutService = Provide["payouts"]) -> int:
    """Make last month's statements; idempotent, so running it hourly makes each once."""
    return payouts.generate_last_month().created
