"""An author's payment gateways (Razorpay, Stripe, Xendit): connect, disconnect, webhook
secrets and the default, for the author alone (other users: 403 ``author_required``).

Secrets are sealed with the "payment-gateway-secrets" key derived from the app secret before
they reach an entity, and no view carries them: a view says a secret is configured and shows
its last four characters at most. Connecting calls no provider: a new connection answers
``verified: false`` until the provider's adapter checks it.

Every change locks the author's profile row first, so two changes of one author's gateways
(a disconnect and a new default) run one after the other.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from ownverso.domain.payments.gateway_config import (
    ConnectionStatus,
    GatewayConnection,
    GatewayMode,
    GatewayProvider,
    GatewaySettings,
    SecretKind,
    StripeAccountType,
    WebhookHealth,
    not_connected,
    parse_credentials,
)
from ownverso.services.context import Actor
from ownverso.services.errors import PermissionDenied, domain_rules
from ownverso.services.identity.secrets import SecretBox
from ownverso.services.ports import Clock, IdGenerator, UnitOfWork


@dataclass(frozen=True)
class SecretHint:
    """What is shown of a secret: whether it is set, and its last four characters."""

    configured: bool
    last4: str | None = None
    kind: SecretKind | None = None
    set_at: datetime | None = None


@dataclass(frozen=True)
class WebhookStatus:
    """How the gateway's webhooks fare: the last received, the last handled, the failures in
    a row since, and what that says."""

    health: WebhookHealth = WebhookHealth.UNKNOWN
    last_received_at: datetime | None = None
    last_ok_at: datetime | None = None
    failure_count: int = 0


@dataclass(frozen=True)
class GatewayView:
    """One gateway of the author as they see it; no ciphertext, no secret."""

    provider: GatewayProvider
    status: ConnectionStatus
    is_default: bool
    mode: GatewayMode | None = None
    key_id: str | None = None
    account_id: str | None = None
    account_type: StripeAccountType | None = None
    business_id: str | None = None
    secret: SecretHint = SecretHint(configured=False)
    webhook_secret: SecretHint = SecretHint(configured=False)
    verified: bool = False
    verified_at: datetime | None = None
    charges_enabled: bool = False
    payouts_enabled: bool = False
    details_submitted: bool = False
    connected_at: datetime | None = None
    disconnected_at: datetime | None = None
    webhook: WebhookStatus = WebhookStatus()

    @classmethod
    def of(cls, provider: GatewayProvider, connection: GatewayConnection | None,
           default: GatewayProvider | None) -> "GatewayView":
        if connection is None:
            return cls(provider=provider, status=ConnectionStatus.NOT_CONNECTED,
                       is_default=False)
        c = connection
        return cls(
            provider=provider, status=c.status, is_default=default == provider, mode=c.mode,
            key_id=c.key_id, account_id=c.account_id, account_type=c.account_type,
            business_id=c.business_id,
            secret=SecretHint(configured=c.secret_ciphertext is not None,
                              last4=c.secret_hint, kind=c.secret_kind),
            webhook_secret=SecretHint(configured=c.webhook_secret_ciphertext is not None,
                                      last4=c.webhook_secret_hint,
                                      set_at=c.webhook_secret_set_at),
            verified=c.verified,
            verified_at=c.verified_at, charges_enabled=c.charges_enabled,
            payouts_enabled=c.payouts_enabled, details_submitted=c.details_submitted,
            connected_at=c.connected_at, disconnected_at=c.disconnected_at,
            webhook=WebhookStatus(health=c.webhook_health, last_received_at=c.last_webhook_at,
                                  last_ok_at=c.last_webhook_ok_at,
                                  failure_count=c.webhook_failure_count))


@dataclass(frozen=True)
class GatewayOverview:
    default_gateway: GatewayProvider | None
    renewals_billed_by: str  # OWNVERSO or GATEWAY
    razorpay: GatewayView
    stripe: GatewayView
    xendit: GatewayView


RENEWALS_BY_OWNVERSO, RENEWALS_BY_GATEWAY = "OWNVERSO", "GATEWAY"


def require_author(uow: UnitOfWork, actor: Actor, *, lock: bool = False) -> None:
    if uow.author_profiles.get_by(user_id=actor.user_id, for_update=lock) is None:
        raise PermissionDenied(
            "Only authors configure payment gateways: become one first with POST "
            "/api/v1/author-profile.", code="author_required")


class GatewayConfigService:
    def __init__(self, *, uow: Callable[[], UnitOfWork], clock: Clock, ids: IdGenerator,
                 box: SecretBox):
        self.uow, self.clock, self.ids, self.box = uow, clock, ids, box

    # -- reading -----------------------------------------------------------------------------
    def overview(self, *, actor: Actor) -> GatewayOverview:
        """Every gateway of mine and my default."""
        with self.uow() as uow:
            require_author(uow, actor)
            found = {c.provider: c for c in uow.gateway_connections.list(
                author_id=actor.user_id)}
            settings = uow.gateway_settings.get_by(author_id=actor.user_id)
        default = settings.default_gateway if settings else None
        views = {p: GatewayView.of(p, found.get(p), default) for p in GatewayProvider}
        billed_by = RENEWALS_BY_GATEWAY if settings and settings.renewals_by_gateway \
            else RENEWALS_BY_OWNVERSO
        return GatewayOverview(default_gateway=default, renewals_billed_by=billed_by,
                               razorpay=views[GatewayProvider.RAZORPAY],
                               stripe=views[GatewayProvider.STRIPE],
                               xendit=views[GatewayProvider.XENDIT])

    def status(self, *, actor: Actor, provider: GatewayProvider) -> GatewayView:
        """One gateway of mine (NOT_CONNECTED when never connected)."""
        with self.uow() as uow:
            require_author(uow, actor)
            connection = self._connection(uow, actor.user_id, provider)
            settings = uow.gateway_settings.get_by(author_id=actor.user_id)
        return GatewayView.of(provider, connection, settings and settings.default_gateway)

    # -- changing ----------------------------------------------------------------------------
    def connect(self, *, actor: Actor, provider: GatewayProvider, fields: dict) -> GatewayView:
        """Save the credentials (replacing any); the first connected gateway becomes the
        default while there is none (422 ``invalid_credentials``)."""
        now = self.clock.now()
        with self.uow() as uow:
            require_author(uow, actor, lock=True)
            with domain_rules():
                credentials = parse_credentials(provider, fields)
            connection = self._connection(uow, actor.user_id, provider)
            if connection is None:
                connection = GatewayConnection.open(
                    id=self.ids.new_id("pgc"), author_id=actor.user_id,
                    credentials=credentials, seal=self.box.encrypt, now=now)
                uow.gateway_connections.add(connection)
            else:
                connection.connect(credentials, seal=self.box.encrypt, now=now)
            settings = self._settings(uow, actor.user_id, now)
            settings.adopt(provider, now=now)
            uow.commit()
        return GatewayView.of(provider, connection, settings.default_gateway)

    def disconnect(self, *, actor: Actor, provider: GatewayProvider) -> GatewayView:
        """Wipe the gateway's secrets; it is the default no more (409
        ``gateway_not_connected``)."""
        now = self.clock.now()
        with self.uow() as uow:
            require_author(uow, actor, lock=True)
            connection = self._connection(uow, actor.user_id, provider)
            with domain_rules():
                if connection is None:
                    raise not_connected(provider, "provider")
                connection.disconnect(now=now)
            settings = uow.gateway_settings.get_by(author_id=actor.user_id)
            if settings is not None:
                settings.forget(provider, now=now)
            uow.commit()
        return GatewayView.of(provider, connection, settings and settings.default_gateway)

    def set_webhook_secret(self, *, actor: Actor, provider: GatewayProvider, secret: str,
                           field_name: str = "webhook_secret") -> GatewayView:
        """Replace the secret (Xendit: token) the gateway's webhooks are checked with (409
        ``gateway_not_connected``, 422 ``invalid_webhook_secret``)."""
        now = self.clock.now()
        with self.uow() as uow:
            require_author(uow, actor, lock=True)
            connection = self._connection(uow, actor.user_id, provider)
            with domain_rules():
                if connection is None:
                    raise not_connected(provider, field_name)
                connection.set_webhook_secret(secret, seal=self.box.encrypt, now=now,
                                              field_name=field_name)
            settings = uow.gateway_settings.get_by(author_id=actor.user_id)
            uow.commit()
        return GatewayView.of(provider, connection, settings and settings.default_gateway)

    def set_default(self, *, actor: Actor, gateway: GatewayProvider | None) -> GatewayOverview:
        """Make a connected gateway my default (None: no default; 409
        ``gateway_not_connected``)."""
        now = self.clock.now()
        with self.uow() as uow:
            require_author(uow, actor, lock=True)
            connection = self._connection(uow, actor.user_id, gateway) if gateway else None
            with domain_rules():
                self._settings(uow, actor.user_id, now).choose_default(gateway, connection,
                                                                       now=now)
            uow.commit()
        return self.overview(actor=actor)

    def set_renewals(self, *, actor: Actor, billed_by: str) -> GatewayOverview:
        """Who bills my readers' renewals from now on: OWNVERSO (the saved card is charged
        off-session; discounts, trials and kept prices all work) or GATEWAY (a subscription
        at the gateway, on the tier's synced plan, for new subscriptions whose renewals a
        plan can bill as they are; the others stay with Ownverso). Subscriptions already
        at a gateway stay there."""
        now = self.clock.now()
        with self.uow() as uow:
            require_author(uow, actor, lock=True)
            self._settings(uow, actor.user_id, now).choose_renewals(
                by_gateway=billed_by == RENEWALS_BY_GATEWAY, now=now)
            uow.commit()
        return self.overview(actor=actor)

    # -- helpers -----------------------------------------------------------------------------
    @staticmethod
    def _connection(uow: UnitOfWork, author_id: str,
                    provider: GatewayProvider) -> GatewayConnection | None:
        return uow.gateway_connections.get_by(author_id=author_id, provider=provider)

    def _settings(self, uow: UnitOfWork, author_id: str, now: datetime) -> GatewaySettings:
        settings = uow.gateway_settings.get_by(author_id=author_id)
        if settings is None:
            settings = GatewaySettings(id=self.ids.new_id("pgs"), author_id=author_id,
                                       created_at=now, updated_at=now)
            uow.gateway_settings.add(settings)
        return settings
