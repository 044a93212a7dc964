"""Idempotency keys on our own money-moving requests (Stripe's model).

A client sends ``Idempotency-Key: <key>`` with a POST; the first request with that key (per
signed-in user) runs and its answer is kept for ``ttl`` (24 hours by default). The same key
with the same request again gets the kept answer without running anything; the same key with
another request (other method, path or body) is refused. While the first request runs, a
second one with the key is told to wait (409), so ten concurrent retries make one effect.

    (none) --begin--> IN_PROGRESS --complete--> COMPLETED --(expired)--> restarted
                          |
                          +--abandoned (the request failed on our side: deleted, may run again)

A request is identified by its fingerprint: SHA-256 of the method, the path and the body as
canonical JSON (keys sorted, no whitespace), so a client that re-serializes its body
differently still matches.
"""

import hashlib
import json
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum

from ownverso.domain.entity import Entity
from ownverso.domain.errors import InvalidTransition, RuleViolation

KEY_MAX = 255
REPLAYED_HEADERS = ("Location",)  # response headers worth giving back with a replay


class IdempotencyStatus(StrEnum):
    IN_PROGRESS = "IN_PROGRESS"
    COMPLETED = "COMPLETED"


def check_key(key: str) -> str:
    """1-255 printable ASCII characters (no control characters, nothing beyond ASCII)."""
    if not 1 <= len(key) <= KEY_MAX or not all(" " <= char <= "~" for char in key):
        raise RuleViolation(
            f"An Idempotency-Key is 1 to {KEY_MAX} printable ASCII characters.",
            code="invalid_idempotency_key",
            fields={"Idempotency-Key": [f"1 to {KEY_MAX} printable ASCII characters."]})
    return key


def canonical_json(body: object) -> str:
    """The body as JSON with its keys sorted and no whitespace: equal data, equal text."""
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def fingerprint(method: str, path: str, body: object) -> str:
    """SHA-256 (hex) of the request: method, path and canonical JSON body."""
    text = "\n".join((method.upper(), path, canonical_json(body)))
    return hashlib.sha256(text.encode()).hexdigest()


@dataclass(eq=False, kw_only=True)
class IdempotencyRecord(Entity):
    user_id: str
    key: str
    method: str
    path: str
    fingerprint: str
    status: IdempotencyStatus = IdempotencyStatus.IN_PROGRESS
    response_status: int | None = None
    response_body: str | None = None  # JSON text, as answered
    response_headers: dict[str, str] = field(default_factory=dict)
    created_at: datetime
    expires_at: datetime

    @classmethod
    def begin(cls, *, id: str, user_id: str, key: str, method: str, path: str,
              fingerprint: str, now: datetime, ttl: timedelta) -> "IdempotencyRecord":
        return cls(id=id, user_id=user_id, key=check_key(key), method=method.upper(),
                   path=path, fingerprint=fingerprint, created_at=now, expires_at=now + ttl)

    def is_expired(self, now: datetime) -> bool:
        return now >= self.expires_at

    def restart(self, *, method: str, path: str, fingerprint: str, now: datetime,
                ttl: timedelta) -> None:
        """Reuse an expired key for a new request, as if it had never been seen."""
        if not self.is_expired(now):
            raise InvalidTransition("This idempotency key has not expired.",
                                    code="idempotency_key_not_expired")
        self.method, self.path, self.fingerprint = method.upper(), path, fingerprint
        self.status = IdempotencyStatus.IN_PROGRESS
        self.response_status = self.response_body = None
        self.response_headers = {}
        self.created_at, self.expires_at = now, now + ttl

    def check_same_request(self, fingerprint: str) -> None:
        """The key was used for another request: refused (422), never replayed."""
        if fingerprint != self.fingerprint:
            raise RuleViolation(
                "This Idempotency-Key was used with another request; send a new key.",
                code="idempotency_key_reused",
                fields={"Idempotency-Key": [
                    f"Already used for {self.method} {self.path} with another body."]})

    def complete(self, *, status: int, body: str, headers: dict[str, str]) -> None:
        """Keep the answer to replay (a 5xx is never kept: it is abandoned instead)."""
        if self.status != IdempotencyStatus.IN_PROGRESS:
            raise InvalidTransition("This request already has its answer.",
                                    code="idempotency_request_completed")
        if status >= 500:
            raise RuleViolation("A server error is not kept for replay.",
                                code="server_error_not_kept")
        self.status = IdempotencyStatus.COMPLETED
        self.response_status, self.response_body = status, body
        self.response_headers = {name: value for name, value in headers.items()
                                 if name in REPLAYED_HEADERS}
