"""What the import and export jobs share: finding a job the caller may see, and running a job
function's body with its status recorded (RUNNING, then COMPLETED or FAILED) whatever
happens."""

import logging
from collections.abc import Callable
from typing import TypeVar

from ownverso.domain.errors import DomainError, InvalidTransition
from ownverso.domain.publishing.jobs import ExportJob, ImportJob
from ownverso.domain.sites.permissions import Permission
from ownverso.services.context import Actor
from ownverso.services.errors import NotFound, ServiceError
from ownverso.services.ports import Clock, Repository, UnitOfWork
from ownverso.services.publishing.converters import UnreadableDocument
from ownverso.services.sites.access import require

log = logging.getLogger(__name__)
Job = TypeVar("Job", ImportJob, ExportJob)


def job_not_found() -> NotFound:
    return NotFound("No such job.", code="job_not_found")


def visible_job(uow: UnitOfWork, repository: Repository[Job], actor: Actor, job_id: str,
                permission: Permission) -> Job:
    """The job, if the caller holds ``permission`` on its site (else 404: no hint it exists)."""
    job = repository.get(job_id) if job_id else None
    if job is None:
        raise job_not_found()
    try:
        require(uow, actor, job.site_id, permission)
    except NotFound:
        raise job_not_found() from None
    return job


def run_job(uow_factory: Callable[[], UnitOfWork], clock: Clock, repository: str, job_id: str,
            work: Callable[[UnitOfWork, Job], dict]) -> str:
    """Mark the job RUNNING (its own commit, so pollers see it), then run ``work`` in one unit
    of work that also completes the job: all of it commits or none. A failure is recorded on
    the job with its code, in a fresh unit; a job that already ran is left alone (queues may
    deliver twice). Returns the final status."""
    with uow_factory() as uow:
        job = getattr(uow, repository).get_by(id=job_id, for_update=True)
        if job is None:
            return "MISSING"
        try:
            job.start(now=clock.now())
        except InvalidTransition:
            return job.status.value
        uow.commit()
    try:
        with uow_factory() as uow:
            job = getattr(uow, repository).get(job_id)
            result = work(uow, job)
            job.complete(result, now=clock.now())
            uow.commit()
            return job.status.value
    except (ServiceError, DomainError, UnreadableDocument) as error:
        code, message = error.code, error.message
    except Exception:  # recorded on the job for the author; the trace goes to the log
        log.exception("job %s %s failed", repository, job_id)
        code, message = "job_failed", "Something went wrong while running this job."
    with uow_factory() as uow:
        job = getattr(uow, repository).get(job_id)
        job.fail(code, message, now=clock.now())
        uow.commit()
        return job.status.value
