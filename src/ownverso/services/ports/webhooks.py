"""Incoming payment webhooks: verifying a delivery, finding the secret it is verified with, and
handling a stored event."""

from __future__ import annotations

import abc
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from ownverso.domain.payments.webhook_event import WebhookEvent
    from ownverso.services.ports.payments import GatewayEvent
    from ownverso.services.ports.persistence import UnitOfWork


@dataclass(frozen=True)
class VerifiedWebhook:
    """What a verified delivery says about itself, read from the body only after the check."""

    event_id: str
    event_type: str
    object_id: str | None = None


class WebhookRejected(Exception):
    """A delivery that is not from the gateway: ``missing`` when it carries no signature at
    all; ``reason`` (a stable code) says what failed, for the security log."""

    def __init__(self, reason: str, *, missing: bool = False):
        super().__init__(reason)
        self.reason, self.missing = reason, missing


class WebhookVerifier(abc.ABC):
    """One per gateway: checks a delivery against the author's webhook secret, in constant
    time, and only then reads the event's identity out of the body."""

    gateway: str

    @abc.abstractmethod
    def verify(self, *, headers: Mapping[str, str], body: bytes, secret: str,
               now: datetime) -> VerifiedWebhook:
        """The event, or ``WebhookRejected``. ``headers`` are looked up case-insensitively."""


class WebhookSecretSource(Protocol):
    """Where an author's webhook secret for a gateway is kept (their gateway configuration);
    None when the author has not configured that gateway."""

    def webhook_secret(self, author_id: str, provider: str) -> str | None: ...

    def record_webhook(self, author_id: str, provider: str, ok: bool) -> bool:
        """Count a delivery in the gateway's webhook health (False: not connected)."""
        ...


class WebhookIgnored(Exception):
    """Raised by a handler that finds nothing to do for an event (an object that is not ours);
    the event becomes IGNORED with this reason instead of failing."""


class WebhookHandler(Protocol):
    """Acts on one kind of stored event, inside the unit of work that marks it PROCESSED, so
    its effect and the status commit together. Events arrive in any order, more than once and
    again on an administrator's replay: a handler compares state (re-reads the object, its
    timestamps) instead of assuming the event is new. Raising retries the event later."""

    gateway: str
    event_types: frozenset[str]

    def handle(self, uow: UnitOfWork, event: WebhookEvent, data: Mapping[str, Any], *,
               now: datetime) -> None: ...


class GatewayEventTranslator(Protocol):
    """One per gateway: a verified payload in the port's words (``GatewayEvent``), or None
    for an event type we do not act on. Pure: no network, no clock; a payload missing what
    its type promises is a ``ValueError``."""

    gateway: str
    event_types: frozenset[str]  # the stored event types ``translate`` reads

    def translate(self, data: Mapping[str, Any]) -> GatewayEvent | None: ...
