"""Periodic idempotency work: keys (and their kept answers) past their 24 hours are deleted."""

from dependency_injector.wiring import Provide, inject

from ownverso.services.idempotency import IdempotencyService


@inject
def purge_expired_keys(*, idempotency: IdempotencyService = Provide["idempotency"]) -> int:
    """Delete the expired idempotency records; the count deleted."""
    return idempotency.purge_expired()
