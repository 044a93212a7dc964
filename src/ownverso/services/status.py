"""Health and status: is the platform up, and do its database, Redis and queue answer?"""

from collections.abc import Callable
from time import perf_counter

from ownverso import __version__
from ownverso.services.ports import Database, JobQueue


class StatusService:
    def __init__(self, *, database: Database, jobs: JobQueue,
                 redis_ping: Callable[[], object] | None):
        self.database, self.jobs, self.redis_ping = database, jobs, redis_ping

    @staticmethod
    def _check(probe: Callable[[], object]) -> dict:
        started = perf_counter()
        try:
            probe()
        except Exception as error:
            return {"status": "down", "error": f"{type(error).__name__}: {error}"[:200]}
        return {"status": "up", "latency_ms": round((perf_counter() - started) * 1000, 2)}

    def status(self) -> dict:
        checks = {"database": self._check(self.database.ping)}
        checks["redis"] = (self._check(self.redis_ping) if self.redis_ping
                           else {"status": "not_configured"})
        try:
            checks["queue"] = {"status": "up", **self.jobs.stats()}
        except Exception as error:
            checks["queue"] = {"status": "down", "error": str(error)[:200]}
        healthy = all(c["status"] in ("up", "not_configured") for c in checks.values())
        return {"status": "ok" if healthy else "degraded", "version": __version__,
                "checks": checks}
