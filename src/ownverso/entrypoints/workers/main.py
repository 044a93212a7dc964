"""The RQ worker (``ownverso worker``) and the scheduler (``ownverso scheduler``)."""

import logging
import time

from rq import Worker

from ownverso.entrypoints.bootstrap import worker_container

log = logging.getLogger("ownverso.worker")

# (job path, every N seconds)
PERIODIC = (
    ("ownverso.entrypoints.workers.jobs.maintenance.purge_expired", 3600),
    ("ownverso.entrypoints.workers.jobs.media.purge_expired_uploads", 3600),
    ("ownverso.entrypoints.workers.jobs.referrals.expire_referrals", 3600),
    ("ownverso.entrypoints.workers.jobs.publishing.publish_due_chapters", 60),
    ("ownverso.entrypoints.workers.jobs.publishing.unlock_due_chapters", 60),
    ("ownverso.entrypoints.workers.jobs.memberships.run_subscription_billing", 300),
    ("ownverso.entrypoints.workers.jobs.memberships.expire_stale_checkouts", 300),
    ("ownverso.entrypoints.workers.jobs.gifts.deliver_due_gifts", 300),
    ("ownverso.entrypoints.workers.jobs.gifts.expire_unclaimed_gifts", 3600),
    ("ownverso.entrypoints.workers.jobs.webhooks.retry_webhook_events", 60),
    ("ownverso.entrypoints.workers.jobs.webhooks.reconcile_payments", 600),
    ("ownverso.entrypoints.workers.jobs.idempotency.purge_expired_keys", 3600),
    ("ownverso.entrypoints.workers.jobs.billing.generate_platform_invoices", 3600),
    ("ownverso.entrypoints.workers.jobs.billing.remind_platform_invoices", 3600),
    ("ownverso.entrypoints.workers.jobs.platform_subscriptions."
     "run_platform_subscription_billing", 300),
    ("ownverso.entrypoints.workers.jobs.payouts.generate_payouts", 3600),
)


class OwnversoWorker(Worker):
    """Each forked work horse drops the parent's database connections before it runs a job
    (SQLAlchemy's advice for os.fork)."""

    def __init__(self, *args, container=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.container = container

    def main_work_horse(self, job, queue):
        engine = self.container.engine() if self.container else None
        if engine is not None:
            engine.dispose(close=False)
        return super().main_work_horse(job, queue)


def run_worker(queues: list[str], *, burst: bool = False) -> None:
    container = worker_container()
    redis = container.redis()
    if redis is None:
        raise SystemExit("REDIS_URL is not set: the worker needs Redis (JOBS_BACKEND=rq).")
    worker = OwnversoWorker(queues or ["default"], connection=redis, container=container)
    worker.work(burst=burst, with_scheduler=True)


def run_scheduler(*, once: bool = False, tick: float = 30.0) -> None:
    """Enqueue each periodic job when it is due, through the configured job queue."""
    container = worker_container()
    jobs, due = container.jobs(), dict.fromkeys((path for path, _ in PERIODIC), 0.0)
    while True:
        now = time.monotonic()
        for path, every in PERIODIC:
            if due[path] <= now:
                job_id = jobs.enqueue(path)
                log.info("enqueued periodic job", extra={"job": path, "job_id": job_id})
                due[path] = now + every
        if once:
            return
        time.sleep(tick)
