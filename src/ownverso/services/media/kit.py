"""The ports every media service shares, and the errors they answer with."""

from collections.abc import Callable
from dataclasses import dataclass

from ownverso.domain.errors import DomainError
from ownverso.services.errors import Conflict, PayloadTooLarge, ServiceError, ValidationFailed
from ownverso.services.media.queries import MediaQueries
from ownverso.services.ports import (
    Clock,
    FileStorage,
    IdGenerator,
    JobQueue,
    RemoteFetcher,
    UnitOfWork,
    UploadSigner,
)

# domain codes that mean "not now, given the file's state" rather than "bad input"
CONFLICT_CODES = frozenset({"media_quarantined", "media_not_ready", "upload_already_completed",
                            "upload_expired"})


@dataclass
class MediaKit:
    uow: Callable[[], UnitOfWork]
    clock: Clock
    ids: IdGenerator
    storage: FileStorage
    signer: UploadSigner
    fetcher: RemoteFetcher
    queries: MediaQueries
    jobs: JobQueue
    max_file_bytes: int
    upload_ttl: int = 3600


class RangeNotSatisfiable(ServiceError):
    status = 416
    code = "range_not_satisfiable"


class BulkFailed(ServiceError):
    """A bulk action changed nothing because some items failed; ``fields["items"]`` has a
    result per item."""

    status = 422
    code = "bulk_failed"


def refused(error: DomainError) -> ServiceError:
    """A domain refusal as the service error of the right status."""
    if error.code in CONFLICT_CODES:
        return Conflict(error.message, code=error.code, fields=error.fields)
    if error.code == "file_too_large":
        return PayloadTooLarge(error.message, code=error.code, fields=error.fields)
    return ValidationFailed(error.message, code=error.code, fields=error.fields)


def too_large(max_bytes: int, field: str = "file", location: str = "files") -> PayloadTooLarge:
    return PayloadTooLarge(f"Files are at most {max_bytes} bytes.", code="file_too_large",
                           fields={field: [f"At most {max_bytes} bytes."]}, location=location)
