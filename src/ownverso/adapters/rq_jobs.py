"""Jobs on RQ and Redis: ``ownverso worker`` runs them in another process."""

from typing import Any

from redis import Redis
from rq import Queue, Retry

from ownverso.services.ports import JobQueue


class RqJobQueue(JobQueue):
    def __init__(self, redis: Redis, *, name: str = "default", retries: int = 3):
        self.redis = redis
        self.queue = Queue(name, connection=redis)
        self.retries = retries

    def enqueue(self, func: str, /, **kwargs: Any) -> str:
        job = self.queue.enqueue(func, kwargs=kwargs,
                                 retry=Retry(max=self.retries, interval=[10, 60, 300]))
        return job.id

    def stats(self) -> dict:
        return {"backend": "rq", "queue": self.queue.name, "pending": self.queue.count,
                "failed": self.queue.failed_job_registry.count}
