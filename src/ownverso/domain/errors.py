"""Base of every domain error: a rule was broken. Services translate them for callers."""


class DomainError(Exception):
    """A business rule refused an operation.

    ``code`` is a stable machine-readable string; ``fields`` names the inputs at fault.
    """

    code = "domain_error"

    def __init__(self, message: str, *, code: str | None = None, fields: dict | None = None):
        super().__init__(message)
        self.message = message
        if code:
            self.code = code
        self.fields = fields or {}


class InvalidTransition(DomainError):
    """A state machine was asked for a move it does not allow."""

    code = "invalid_transition"


class RuleViolation(DomainError):
    """Input that is well-formed but breaks a business rule."""

    code = "rule_violation"
