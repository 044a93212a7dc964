"""Errors raised by identity rules."""

from ownverso.domain.errors import DomainError


class LoginRefused(DomainError):
    """The account exists but may not log in (suspended, banned, deleted)."""

    code = "account_unavailable"


class AccountLocked(DomainError):
    code = "account_locked"

    def __init__(self, message: str, *, retry_after: int):
        super().__init__(message)
        self.retry_after = retry_after


class TokenInvalid(DomainError):
    code = "token_invalid"
