"""Receiving a gateway's webhook delivery: verify it first, store it once, answer at once.

Nothing is written for a delivery that fails any check; it costs one line on the
``ownverso.security`` logger (gateway, author, reason; never the body or a secret). The
answers, the same for every gateway:

- body over ``max_bytes``: 413 ``webhook_too_large``
- unknown gateway, unknown author, or a gateway the author has not configured: 404
  ``webhook_endpoint_not_found`` (one answer for all three, so the endpoint reveals nothing)
- no signature header: 401 ``signature_missing``
- a signature, token or timestamp that does not verify: 400 ``invalid_signature``
- verified, but not an event we can read: 400 ``invalid_payload``

The platform's own gateway account (coin packages, authors' platform subscriptions) calls
the same endpoints with ``platform`` in the author's place, verified with the platform's
webhook secret from the settings; its events are stored with no author.

A verified event is inserted keyed by (gateway, event id); a redelivery hits that unique key
and is answered 200 as a duplicate, changing nothing. Processing is enqueued once the insert
commits (``webhook_processing``); the request itself never calls out.
"""

import logging
from collections.abc import Callable, Mapping

from ownverso.domain.payments.webhook_event import WebhookEvent
from ownverso.services.errors import NotFound, PayloadTooLarge, ServiceError, Unauthenticated
from ownverso.services.payments.webhook_processing import PROCESS_WEBHOOK_JOB
from ownverso.services.ports import Clock, IdGenerator, IntegrityConflict, JobQueue, UnitOfWork
from ownverso.services.ports.webhooks import (
    WebhookRejected,
    WebhookSecretSource,
    WebhookVerifier,
)

security_log = logging.getLogger("ownverso.security")
PLATFORM_ACCOUNT = "platform"  # in the author's place in the path: the platform's own account


class InvalidSignature(ServiceError):
    status = 400
    code = "invalid_signature"


class WebhookIngress:
    def __init__(self, *, uow: Callable[[], UnitOfWork], clock: Clock, ids: IdGenerator,
                 jobs: JobQueue, verifiers: Mapping[str, WebhookVerifier],
                 secrets: WebhookSecretSource, max_bytes: int,
                 platform_secrets: Mapping[str, str] | None = None):
        self.uow, self.clock, self.ids, self.jobs = uow, clock, ids, jobs
        self.verifiers, self.secrets, self.max_bytes = dict(verifiers), secrets, max_bytes
        self.platform_secrets = {k: v for k, v in (platform_secrets or {}).items() if v}

    def check_size(self, gateway: str, author_id: str, size: int | None) -> None:
        """Refuse a declared or read size over the cap (413), before reading more."""
        if size is not None and size > self.max_bytes:
            self._reject(gateway, author_id, "body_too_large")
            raise PayloadTooLarge(f"A webhook body is at most {self.max_bytes} bytes.",
                                  code="webhook_too_large")

    def receive(self, *, gateway: str, author_id: str, headers: Mapping[str, str],
                body: bytes) -> tuple[WebhookEvent, bool]:
        """The stored event and whether this delivery stored it (False: a duplicate)."""
        self.check_size(gateway, author_id, len(body))
        verifier = self.verifiers.get(gateway)
        secret, account = self._secret(gateway, author_id) if verifier else (None, None)
        if verifier is None or not secret:
            self._reject(gateway, author_id, "endpoint_not_configured")
            raise NotFound("No such webhook endpoint.", code="webhook_endpoint_not_found")
        now = self.clock.now()
        try:
            verified = verifier.verify(headers=headers, body=body, secret=secret, now=now)
        except WebhookRejected as rejected:
            self._reject(gateway, author_id, rejected.reason)
            if rejected.missing:
                raise Unauthenticated("The delivery carries no signature.",
                                      code="signature_missing") from None
            if rejected.reason == "invalid_payload":
                raise ServiceError("The delivery is not an event we can read.",
                                   code="invalid_payload") from None
            raise InvalidSignature("The delivery's signature does not verify.") from None
        event = WebhookEvent.receive(
            id=self.ids.new_id("whe"), gateway=gateway, event_id=verified.event_id,
            author_id=account, event_type=verified.event_type,
            object_id=verified.object_id, payload=body.decode("utf-8", "replace"), now=now)
        try:
            with self.uow() as uow:
                uow.webhook_events.add(event)
                uow.after_commit(lambda: self.jobs.enqueue(PROCESS_WEBHOOK_JOB,
                                                           event_id=event.id))
                uow.commit()
        except IntegrityConflict:
            with self.uow() as uow:
                stored = uow.webhook_events.get_by(gateway=event.gateway,
                                                   event_id=event.event_id)
            if stored is None:  # the unique key it hit was not (gateway, event id)
                raise
            return stored, False
        if account is not None:  # the gateway's webhook health: last received, last ok
            self.secrets.record_webhook(account, gateway, ok=True)
        return event, True

    def _secret(self, gateway: str, author_id: str) -> tuple[str | None, str | None]:
        """The secret that verifies a delivery to this path, and whose account it is."""
        if author_id == PLATFORM_ACCOUNT:
            return self.platform_secrets.get(gateway), None
        with self.uow() as uow:
            author = uow.users.get(author_id) if author_id else None
        if author is None:
            return None, None
        return self.secrets.webhook_secret(author_id, gateway), author_id

    @staticmethod
    def _reject(gateway: str, author_id: str, reason: str) -> None:
        security_log.warning("webhook delivery rejected", extra={
            "gateway": gateway[:32], "author_id": author_id[:64], "reason": reason})
