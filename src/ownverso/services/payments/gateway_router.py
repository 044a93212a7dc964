"""Which payment gateway acts for whom.

Readers pay the author, not Ownverso: a new checkout goes to the author's default connected
gateway (``GatewaySettings.default_gateway``; with none chosen, their only connected one, or
the first of Stripe, Razorpay, Xendit that is connected), built from their decrypted
credentials for that one call. Money that belongs to the platform (coin packages, which have
no author) goes to the platform's own gateway.

Everything after the first call (reading a checkout back, expiring it, refunding it, charging
a renewal on the card it saved) goes to the gateway that object was made on, by name: a
subscription paid through Razorpay renews through Razorpay even after the author makes Stripe
their default.

Where ``payments_backend`` is ``sandbox`` (development, tests, the embedded default), an
author without a connected gateway sells through the sandbox; in production (``connected``)
such an author gets 409 ``gateway_not_connected``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Protocol

from ownverso.domain.payments.gateway_config import GatewayProvider
from ownverso.services.errors import Conflict
from ownverso.services.ports import PaymentGateway
from ownverso.services.ports.payments import GatewayUnavailable

GatewayFactory = Callable[[Mapping[str, Any]], PaymentGateway]
"""Builds an adapter from one author's decrypted credentials (see ``GatewaySecrets``)."""

ORDER = (GatewayProvider.STRIPE, GatewayProvider.RAZORPAY, GatewayProvider.XENDIT)


class ConnectedGateways(Protocol):
    def credentials(self, author_id: str, provider: GatewayProvider | str) -> dict | None: ...

    def default_provider(self, author_id: str,
                         order: tuple[GatewayProvider, ...]) -> GatewayProvider | None: ...


def gateway_not_connected() -> Conflict:
    return Conflict("The author has not connected a payment gateway yet.",
                    code="gateway_not_connected")


class GatewayRouter:
    def __init__(self, *, connected: ConnectedGateways, factories: Mapping[str, GatewayFactory],
                 platform: PaymentGateway | None, sandbox: PaymentGateway | None = None):
        self.connected, self.factories = connected, dict(factories)
        self.platform, self.sandbox = platform, sandbox

    def for_author(self, author_id: str | None) -> PaymentGateway:
        """The gateway a new checkout or charge of ``author_id`` goes to (None: the platform).
        409 gateway_not_connected when there is none."""
        if author_id is None:
            return self._platform()
        provider = self.connected.default_provider(
            author_id, tuple(p for p in ORDER if p.value.lower() in self.factories))
        if provider is not None:
            return self.named(provider.value.lower(), author_id)
        if self.sandbox is not None:
            return self.sandbox
        raise gateway_not_connected()

    def named(self, name: str, author_id: str | None) -> PaymentGateway:
        """The gateway called ``name`` (an adapter's name: sandbox, stripe ...) acting for
        ``author_id`` (None: the platform's), for an object made on it. ``GatewayUnavailable``
        when the author has disconnected it since (the caller retries later, or reports
        it)."""
        if author_id is None and self.platform is not None and name == self.platform.name:
            return self.platform
        if self.sandbox is not None and name == self.sandbox.name:
            return self.sandbox
        factory = self.factories.get(name)
        credentials = self.connected.credentials(author_id, name) \
            if factory is not None and author_id is not None else None
        if factory is None or credentials is None:
            raise GatewayUnavailable(f"The {name} gateway is not connected for this author.")
        return factory(credentials)


    def _platform(self) -> PaymentGateway:
        if self.platform is None:
            raise Conflict("The platform's own payment gateway is not configured.",
                           code="platform_gateway_not_configured")
        return self.platform

