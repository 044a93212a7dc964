"""What a use case can answer besides success. The API maps each class to one HTTP status."""

from collections.abc import Iterator
from contextlib import contextmanager

from ownverso.domain.errors import DomainError, InvalidTransition


class ServiceError(Exception):
    status = 400
    code = "bad_request"

    def __init__(self, message: str, *, code: str | None = None, fields: dict | None = None,
                 headers: dict | None = None, location: str = "json"):
        super().__init__(message)
        self.message = message
        if code:
            self.code = code
        self.fields = fields or {}
        self.headers = headers or {}
        self.location = location  # where the fields at fault were sent: json, files, query


class ValidationFailed(ServiceError):
    status = 422
    code = "validation_failed"


class Unauthenticated(ServiceError):
    status = 401
    code = "unauthenticated"


class PermissionDenied(ServiceError):
    status = 403
    code = "permission_denied"


class NotFound(ServiceError):
    status = 404
    code = "not_found"


class Conflict(ServiceError):
    status = 409
    code = "conflict"


class QuotaExceeded(ServiceError):
    status = 402
    code = "quota_exceeded"


class PaymentRequired(ServiceError):
    """A payment was needed and did not go through (a declined card, too few coins)."""

    status = 402
    code = "payment_required"


class PayloadTooLarge(ServiceError):
    status = 413
    code = "payload_too_large"


class RateLimited(ServiceError):
    status = 429
    code = "rate_limited"

    def __init__(self, message: str, *, retry_after: int, code: str | None = None):
        super().__init__(message, code=code, headers={"Retry-After": str(max(retry_after, 1))})
        self.retry_after = max(retry_after, 1)


class Unavailable(ServiceError):
    status = 503
    code = "unavailable"


@contextmanager
def domain_rules() -> Iterator[None]:
    """A broken rule of the domain answers 422 with its fields, a refused state move 409, both
    with the rule's own code."""
    try:
        yield
    except InvalidTransition as error:
        raise Conflict(error.message, code=error.code, fields=error.fields) from None
    except DomainError as error:
        raise ValidationFailed(error.message, code=error.code, fields=error.fields) from None
