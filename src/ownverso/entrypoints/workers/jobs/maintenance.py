"""Periodic housekeeping."""

from dependency_injector.wiring import Provide, inject

from ownverso.services.maintenance import MaintenanceService


@inject
def purge_expired(*, maintenance: MaintenanceService = Provide["maintenance"]) -> dict:
    """Delete expired sessions, used verification tokens and stale OAuth states."""
    return maintenance.purge_expired()
