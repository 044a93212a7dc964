"""Housekeeping run by the scheduler: what has expired is deleted in batches."""

from collections.abc import Callable
from datetime import timedelta

from ownverso.services.ports import Clock, UnitOfWork

BATCH = 500
KEEP_REVOKED = timedelta(days=30)  # so users still see recent sign-outs in audits


class MaintenanceService:
    def __init__(self, *, uow: Callable[[], UnitOfWork], clock: Clock):
        self.uow, self.clock = uow, clock

    def purge_expired(self) -> dict:
        now = self.clock.now()
        plans = {
            "sessions": ("sessions", {"expires_at__lt": now - KEEP_REVOKED}),
            "revoked_sessions": ("sessions", {"is_revoked": True,
                                              "revoked_at__lt": now - KEEP_REVOKED}),
            "verification_tokens": ("verification_tokens", {"expires_at__lt": now}),
            "oauth_states": ("oauth_states", {"expires_at__lt": now}),
        }
        return {name: self._purge(repo, filters) for name, (repo, filters) in plans.items()}

    def _purge(self, repository: str, filters: dict) -> int:
        removed = 0
        while True:
            with self.uow() as uow:
                repo = getattr(uow, repository)
                batch = repo.list(limit=BATCH, **filters)
                for obj in batch:
                    repo.remove(obj)
                uow.commit()
            removed += len(batch)
            if len(batch) < BATCH:
                return removed
