"""The decrypted side of authors' gateway connections, for the code that talks to gateways:
the webhook ingress (``webhook_secret``, ``record_webhook``) and the adapters
(``credentials``); and where they are sealed (``sealed``), for ``ownverso secrets rotate``.

Nothing here is reachable over HTTP, and nothing here logs a secret.
"""

from collections.abc import Callable

from ownverso.domain.payments.gateway_config import (
    SEALED_FIELDS,
    GatewayConnection,
    GatewayProvider,
)
from ownverso.services.identity.secret_rotation import Sealed
from ownverso.services.identity.secrets import SecretBox
from ownverso.services.ports import Clock, UnitOfWork


class GatewaySecrets:
    def __init__(self, *, uow: Callable[[], UnitOfWork], clock: Clock, box: SecretBox):
        self.uow, self.clock, self.box = uow, clock, box

    def _connected(self, uow: UnitOfWork, author_id: str, provider: GatewayProvider | str,
                   *, lock: bool = False) -> GatewayConnection | None:
        connection = uow.gateway_connections.get_by(
            author_id=author_id, provider=GatewayProvider.parse(provider), for_update=lock)
        return connection if connection is not None and connection.is_connected else None

    def webhook_secret(self, author_id: str, provider: GatewayProvider | str) -> str | None:
        """The secret (Xendit: token) to check this author's webhooks from ``provider`` with;
        None while the gateway is not connected or has no webhook secret."""
        with self.uow() as uow:
            connection = self._connected(uow, author_id, provider)
        if connection is None or connection.webhook_secret_ciphertext is None:
            return None
        return self.box.decrypt(connection.webhook_secret_ciphertext)

    def credentials(self, author_id: str, provider: GatewayProvider | str) -> dict | None:
        """What an adapter needs to act for this author on ``provider``, decrypted; None while
        the gateway is not connected.

        Razorpay: key_id, key_secret, account_id, webhook_secret. Stripe: account_id,
        account_type, api_key (the secret or restricted key, or the OAuth access token),
        api_key_kind, webhook_secret. Xendit: business_id, api_key, webhook_token. Each with
        provider, mode (TEST or LIVE) and verified.
        """
        with self.uow() as uow:
            c = self._connected(uow, author_id, provider)
        if c is None or c.secret_ciphertext is None:
            return None
        secret = self.box.decrypt(c.secret_ciphertext)
        webhook = (self.box.decrypt(c.webhook_secret_ciphertext)
                   if c.webhook_secret_ciphertext else None)
        common = {"provider": c.provider.value, "mode": c.mode.value, "verified": c.verified}
        if c.provider == GatewayProvider.RAZORPAY:
            return {**common, "key_id": c.key_id, "key_secret": secret,
                    "account_id": c.account_id, "webhook_secret": webhook}
        if c.provider == GatewayProvider.STRIPE:
            return {**common, "account_id": c.account_id,
                    "account_type": c.account_type.value if c.account_type else None,
                    "api_key": secret, "api_key_kind": c.secret_kind.value,
                    "webhook_secret": webhook}
        return {**common, "business_id": c.business_id, "api_key": secret,
                "webhook_token": webhook}

    def default_provider(self, author_id: str,
                         order: tuple[GatewayProvider, ...]) -> GatewayProvider | None:
        """The gateway this author's new checkouts go to: their chosen default while it is
        connected, else the first connected one in ``order`` (only those are considered);
        None when none is."""
        with self.uow() as uow:
            settings = uow.gateway_settings.get_by(author_id=author_id)
            connected = {c.provider for c in uow.gateway_connections.list(author_id=author_id)
                         if c.is_connected and c.secret_ciphertext is not None}
        chosen = settings.default_gateway if settings else None
        if chosen in connected and chosen in order:
            return chosen
        return next((p for p in order if p in connected), None)

    def record_webhook(self, author_id: str, provider: GatewayProvider | str, ok: bool) -> bool:
        """Count a webhook from ``provider`` for this author in the gateway's health: handled
        (``ok``) or refused (a bad signature, a payload we cannot read). Answers False, and
        records nothing, while the gateway is not connected. The row is locked: concurrent
        webhooks each count."""
        now = self.clock.now()
        with self.uow() as uow:
            connection = self._connected(uow, author_id, provider, lock=True)
            if connection is None:
                return False
            connection.record_webhook(ok=ok, now=now)
            uow.commit()
        return True

    def sealed(self) -> Sealed:
        """Where the gateway secrets are kept, for ``ownverso secrets rotate``."""
        return Sealed("payment gateway secrets", "gateway_connections", SEALED_FIELDS,
                      self.box)
