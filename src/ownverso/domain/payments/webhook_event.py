"""An incoming webhook event from a payment gateway, stored once per (gateway, event id) and
processed by a job, with retries and a dead letter.

    RECEIVED ---claim---> PROCESSING ---processed---> PROCESSED
                               |   ----no handler---> IGNORED
                               +-------failed-------> FAILED ---claim---> PROCESSING ...
                               +--failed, attempts >= max--> DEAD_LETTER
    FAILED | DEAD_LETTER | IGNORED | PROCESSED --replay (admin)--> RECEIVED (attempts kept)

Each claim counts one attempt. While RECEIVED, FAILED or PROCESSING, ``next_attempt_at`` is
when the periodic retry job picks the event up: for RECEIVED, in case the processing job was
never enqueued; for FAILED, the backoff; for PROCESSING, the end of the claim's lease, after
which a worker that died mid-processing is presumed dead and the event is claimed again.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from ownverso.domain.entity import Entity
from ownverso.domain.errors import InvalidTransition

BACKOFF_BASE = timedelta(minutes=1)
BACKOFF_CAP = timedelta(hours=6)
PROCESSING_LEASE = timedelta(minutes=15)
PICKUP_DELAY = timedelta(minutes=5)  # a RECEIVED event the retry job picks up after this
ERROR_MAX = 2000  # characters of a handler's error kept in ``last_error``


class WebhookGateway(StrEnum):
    STRIPE = "stripe"
    RAZORPAY = "razorpay"
    XENDIT = "xendit"


class WebhookStatus(StrEnum):
    RECEIVED = "RECEIVED"
    PROCESSING = "PROCESSING"
    PROCESSED = "PROCESSED"
    IGNORED = "IGNORED"  # no handler for its type, or the handler found nothing to do
    FAILED = "FAILED"  # a handler error; retried at ``next_attempt_at``
    DEAD_LETTER = "DEAD_LETTER"  # failed ``max_attempts`` times; an administrator replays it


REPLAYABLE = frozenset({WebhookStatus.FAILED, WebhookStatus.DEAD_LETTER,
                        WebhookStatus.IGNORED, WebhookStatus.PROCESSED})


def backoff(attempts: int) -> timedelta:
    """The wait after the ``attempts``-th failed attempt: 1 min, 2, 4 ... capped at 6 h."""
    return min(BACKOFF_BASE * 2 ** max(attempts - 1, 0), BACKOFF_CAP)


@dataclass(eq=False, kw_only=True)
class WebhookEvent(Entity):
    gateway: WebhookGateway
    event_id: str  # the gateway's id of the event
    author_id: str | None  # whose gateway account sent it (None: the platform's own)
    event_type: str
    object_id: str | None = None  # the gateway object it is about (payment, subscription ...)
    payload: str  # the raw body, as received and verified
    signature_ok: bool
    received_at: datetime
    status: WebhookStatus = WebhookStatus.RECEIVED
    attempts: int = 0
    next_attempt_at: datetime | None = None
    last_error: str | None = None
    processed_at: datetime | None = None

    @classmethod
    def receive(cls, *, id: str, gateway: WebhookGateway | str, event_id: str,
                author_id: str | None,
                event_type: str, object_id: str | None, payload: str,
                now: datetime) -> "WebhookEvent":
        """A verified event, RECEIVED (only verified events are ever stored)."""
        return cls(id=id, gateway=WebhookGateway(gateway), event_id=event_id,
                   author_id=author_id, event_type=event_type, object_id=object_id,
                   payload=payload, signature_ok=True, received_at=now,
                   next_attempt_at=now + PICKUP_DELAY)

    def claimable(self, now: datetime) -> bool:
        """May a worker start an attempt now? Never twice at once, never once PROCESSED."""
        if self.status in (WebhookStatus.RECEIVED, WebhookStatus.FAILED):
            return True
        return (self.status == WebhookStatus.PROCESSING and self.next_attempt_at is not None
                and self.next_attempt_at <= now)

    def claim(self, *, now: datetime) -> None:
        """Start one attempt (PROCESSING under a lease)."""
        if not self.claimable(now):
            raise InvalidTransition(f"A {self.status} webhook event is not processed now.",
                                    code=f"webhook_event_{self.status.lower()}",
                                    fields={"status": [self.status.value]})
        self.status = WebhookStatus.PROCESSING
        self.attempts += 1
        self.next_attempt_at = now + PROCESSING_LEASE

    def _finish(self, status: WebhookStatus, *, error: str | None, now: datetime) -> None:
        if self.status != WebhookStatus.PROCESSING:
            raise InvalidTransition(f"A {self.status} webhook event is not being processed.",
                                    code=f"webhook_event_{self.status.lower()}",
                                    fields={"status": [self.status.value]})
        self.status, self.processed_at, self.next_attempt_at = status, now, None
        self.last_error = error[:ERROR_MAX] if error else None

    def processed(self, *, now: datetime) -> None:
        self._finish(WebhookStatus.PROCESSED, error=None, now=now)

    def ignored(self, *, reason: str, now: datetime) -> None:
        """Nothing to do for it; ``reason`` is kept in ``last_error``."""
        self._finish(WebhookStatus.IGNORED, error=reason, now=now)

    def failed(self, *, error: str, max_attempts: int, now: datetime) -> None:
        """A handler error: retried after ``backoff``, or DEAD_LETTER after ``max_attempts``."""
        if self.attempts >= max_attempts:
            self._finish(WebhookStatus.DEAD_LETTER, error=error, now=now)
            return
        self._finish(WebhookStatus.FAILED, error=error, now=now)
        self.processed_at, self.next_attempt_at = None, now + backoff(self.attempts)

    def replay(self, *, now: datetime) -> None:
        """Queue the event again (an administrator's action), keeping its attempts; a RECEIVED
        one stays as it is (replaying twice is replaying once)."""
        if self.status == WebhookStatus.RECEIVED:
            return
        if self.status not in REPLAYABLE:
            raise InvalidTransition("The webhook event is being processed; try again later.",
                                    code=f"webhook_event_{self.status.lower()}",
                                    fields={"status": [self.status.value]})
        self.status, self.processed_at, self.next_attempt_at = (
            WebhookStatus.RECEIVED, None, now + PICKUP_DELAY)
