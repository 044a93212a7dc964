"""Times the gateways schedule on (a first charge, a pause's end): aware, and ahead of now."""

from datetime import UTC, datetime


def future_timestamp(at: object, name: str) -> int:
    """``at`` as a Unix timestamp; ``ValueError`` for a naive or a past datetime (the
    gateways refuse to schedule in the past)."""
    if not isinstance(at, datetime) or at.tzinfo is None:
        raise ValueError(f"{name} must be an aware datetime")
    if at <= datetime.now(UTC):
        raise ValueError(f"{name} must be in the future")
    return int(at.timestamp())
