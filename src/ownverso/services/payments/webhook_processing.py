"""Processing stored webhook events in jobs, retrying failures, and the administrators' view.

One attempt of ``process`` is two short transactions on the event's row lock:

1. claim: RECEIVED or FAILED (or PROCESSING whose lease ran out: its worker died) becomes
   PROCESSING and counts an attempt; anything else is left alone, so a PROCESSED event is
   never processed again and two workers never run one event (the second waits on the lock,
   then finds it PROCESSING or done);
2. handle: the event is locked again and, still ours, given to the handler registered for
   its (gateway, type) inside the same unit of work that marks it PROCESSED, so the effect
   and the status commit together. No handler: IGNORED, with the reason. A handler error rolls
   its effect back and the event becomes FAILED with the error, due again after a backoff
   (``domain.payments.webhook_event.backoff``), or DEAD_LETTER after ``max_attempts``.

``retry_due`` (periodic) enqueues events whose ``next_attempt_at`` has passed: FAILED ones,
RECEIVED ones whose job was lost, PROCESSING ones whose worker died. An administrator's replay
puts an event back to RECEIVED (attempts kept) and enqueues it; handlers are state-based, so
running an event again is safe.
"""

import json
import logging
from collections.abc import Callable, Iterable, Sequence

from ownverso.domain.payments.webhook_event import WebhookEvent, WebhookGateway, WebhookStatus
from ownverso.services.commerce.product_access import require_admin
from ownverso.services.context import Actor
from ownverso.services.errors import NotFound, domain_rules
from ownverso.services.ports import Clock, JobQueue, UnitOfWork
from ownverso.services.ports.webhooks import WebhookHandler, WebhookIgnored

log = logging.getLogger("ownverso.webhooks")

PROCESS_WEBHOOK_JOB = "ownverso.entrypoints.workers.jobs.webhooks.process_webhook_event"
RETRY_BATCH = 500  # events enqueued per run of the retry job; the next run takes the rest
NEWEST = ("-received_at", "-id")
PENDING = (WebhookStatus.RECEIVED, WebhookStatus.FAILED, WebhookStatus.PROCESSING)


def webhook_event_not_found() -> NotFound:
    return NotFound("No such webhook event.", code="webhook_event_not_found")


class WebhookHandlers:
    """The handlers by (gateway, event type); two for one pair is a wiring mistake."""

    def __init__(self, handlers: Iterable[WebhookHandler]):
        self._by_type: dict[tuple[str, str], WebhookHandler] = {}
        for handler in handlers:
            for event_type in handler.event_types:
                key = (WebhookGateway(handler.gateway).value, event_type)
                if key in self._by_type:
                    raise ValueError(f"Two webhook handlers for {key[0]} {key[1]}.")
                self._by_type[key] = handler

    def for_event(self, event: WebhookEvent) -> WebhookHandler | None:
        return self._by_type.get((event.gateway.value, event.event_type))


class WebhookProcessor:
    def __init__(self, *, uow: Callable[[], UnitOfWork], clock: Clock, jobs: JobQueue,
                 handlers: Sequence[WebhookHandler], max_attempts: int):
        self.uow, self.clock, self.jobs = uow, clock, jobs
        self.handlers, self.max_attempts = WebhookHandlers(handlers), max_attempts

    def process(self, event_id: str) -> WebhookStatus | None:
        """One attempt at the event (our id); its status afterwards, None if unknown."""
        with self.uow() as uow:
            event = uow.webhook_events.get_by(id=event_id, for_update=True)
            if event is None or not event.claimable(self.clock.now()):
                return event.status if event else None
            event.claim(now=self.clock.now())
            attempt = event.attempts
            uow.commit()
        try:
            return self._handle(event_id, attempt)
        except WebhookIgnored as ignored:
            reason = str(ignored) or "The handler found nothing to do."
            return self._finish(event_id, attempt, lambda e: e.ignored(
                reason=reason, now=self.clock.now()))
        except Exception as error:
            log.warning("webhook handler failed", exc_info=True,
                        extra={"webhook_event": event_id, "attempt": attempt})
            text = f"{type(error).__name__}: {error}"
            return self._finish(event_id, attempt, lambda e: e.failed(
                error=text, max_attempts=self.max_attempts, now=self.clock.now()))

    def _handle(self, event_id: str, attempt: int) -> WebhookStatus | None:
        with self.uow() as uow:
            event = self._ours(uow, event_id, attempt)
            if event is None:
                return None
            handler = self.handlers.for_event(event)
            if handler is None:
                event.ignored(reason=f"No handler for {event.gateway.value} events of type "
                                     f"{event.event_type}.", now=self.clock.now())
            else:
                handler.handle(uow, event, json.loads(event.payload), now=self.clock.now())
                event.processed(now=self.clock.now())
            uow.commit()
            return event.status

    def _finish(self, event_id: str, attempt: int,
                outcome: Callable[[WebhookEvent], None]) -> WebhookStatus | None:
        with self.uow() as uow:
            event = self._ours(uow, event_id, attempt)
            if event is None:
                return None
            outcome(event)
            uow.commit()
            return event.status

    @staticmethod
    def _ours(uow: UnitOfWork, event_id: str, attempt: int) -> WebhookEvent | None:
        """The event, locked, if it is still in the attempt we claimed (a worker whose lease
        ran out may find it claimed again by another)."""
        event = uow.webhook_events.get_by(id=event_id, for_update=True)
        if event is None or event.status != WebhookStatus.PROCESSING \
                or event.attempts != attempt:
            return None
        return event

    def retry_due(self) -> int:
        """Enqueue the events due again; how many."""
        with self.uow() as uow:
            due = uow.webhook_events.list(status__in=PENDING,
                                          next_attempt_at__lte=self.clock.now(),
                                          order_by=("next_attempt_at",), limit=RETRY_BATCH)
        for event in due:
            self.jobs.enqueue(PROCESS_WEBHOOK_JOB, event_id=event.id)
        return len(due)


class WebhookEventAdmin:
    """Administrators look at stored events (payloads included) and replay them."""

    def __init__(self, *, uow: Callable[[], UnitOfWork], clock: Clock, jobs: JobQueue):
        self.uow, self.clock, self.jobs = uow, clock, jobs

    def list(self, *, actor: Actor, gateway: str | None = None, status: str | None = None,
             author_id: str | None = None, offset: int = 0,
             limit: int | None = None) -> tuple[list[WebhookEvent], int]:
        """Events, newest first, filtered by gateway, status and author."""
        require_admin(actor)
        filters = {name: value for name, value in (
            ("gateway", WebhookGateway(gateway) if gateway else None),
            ("status", WebhookStatus(status) if status else None),
            ("author_id", author_id)) if value is not None}
        with self.uow() as uow:
            return (uow.webhook_events.list(order_by=NEWEST, offset=offset, limit=limit,
                                            **filters),
                    uow.webhook_events.count(**filters))

    def get(self, *, actor: Actor, event_id: str) -> WebhookEvent:
        require_admin(actor)
        with self.uow() as uow:
            event = uow.webhook_events.get(event_id) if event_id else None
        if event is None:
            raise webhook_event_not_found()
        return event

    def replay(self, *, actor: Actor, event_id: str) -> WebhookEvent:
        """Queue the event again, attempts kept (409 webhook_event_processing)."""
        require_admin(actor)
        with self.uow() as uow:
            event = uow.webhook_events.get_by(id=event_id, for_update=True) \
                if event_id else None
            if event is None:
                raise webhook_event_not_found()
            with domain_rules():
                event.replay(now=self.clock.now())
            uow.after_commit(lambda: self.jobs.enqueue(PROCESS_WEBHOOK_JOB, event_id=event.id))
            uow.commit()
        log.info("webhook event replayed", extra={"webhook_event": event.id,
                                                  "admin": actor.user_id})
        with self.uow() as uow:  # as it is now: inline jobs have processed it already
            return uow.webhook_events.get(event.id) or event
