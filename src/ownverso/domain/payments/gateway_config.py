"""An author's payment gateways: one connection per (author, provider), and their default.

A connection keeps the provider's public identifiers in clear and its secrets sealed only:
its methods take a ``seal`` function (the services' encryption) and keep what it returns, with
the last four characters to show. Nothing here calls a provider, so a connection is not
verified until an adapter checks it (``mark_verified``).

    (none) --connect--> CONNECTED --disconnect--> DISCONNECTED --connect--> CONNECTED
    CONNECTED --connect--> CONNECTED   (the secrets replaced, verification to do again)

Disconnecting wipes the sealed secrets. A reconnect keeps the webhook secret only while the
account and the mode are the same (a webhook secret belongs to one endpoint of one account).
The default gateway is a connected one; disconnecting it clears the default, and the first
gateway connected while there is none becomes it.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from ownverso.domain.entity import Entity
from ownverso.domain.errors import InvalidTransition
from ownverso.domain.payments.gateway_credentials import (
    HINT,
    Credentials,
    GatewayMode,
    GatewayProvider,
    SecretKind,
    StripeAccountType,
    check_webhook_secret,
    parse_credentials,
)

__all__ = [  # with what it takes from gateway_credentials, for one import
    "FAILING_AFTER", "SEALED_FIELDS", "ConnectionStatus", "Credentials", "GatewayConnection",
    "GatewayMode", "GatewayProvider", "GatewaySettings", "SecretKind", "StripeAccountType",
    "WebhookHealth", "check_webhook_secret", "hint", "not_connected", "parse_credentials",
]

Seal = Callable[[str], str]
FAILING_AFTER = 3  # consecutive webhook failures before the health reads FAILING
SEALED_FIELDS = ("secret_ciphertext", "webhook_secret_ciphertext")


class ConnectionStatus(StrEnum):
    NOT_CONNECTED = "NOT_CONNECTED"  # never connected: no connection exists (views only)
    CONNECTED = "CONNECTED"
    DISCONNECTED = "DISCONNECTED"


class WebhookHealth(StrEnum):
    UNKNOWN = "UNKNOWN"  # no webhook received since the last connect
    HEALTHY = "HEALTHY"  # the last one was checked and handled
    DEGRADED = "DEGRADED"  # the last one (or two) refused
    FAILING = "FAILING"  # FAILING_AFTER or more refused in a row


def not_connected(provider: GatewayProvider, field_name: str = "gateway") -> InvalidTransition:
    return InvalidTransition(f"{provider.value.title()} is not connected.",
                             code="gateway_not_connected",
                             fields={field_name: ["Connect this gateway first."]})


def hint(secret: str) -> str:
    return secret[-HINT:]


@dataclass(eq=False, kw_only=True)
class GatewayConnection(Entity):
    author_id: str
    provider: GatewayProvider
    status: ConnectionStatus = ConnectionStatus.CONNECTED
    mode: GatewayMode
    # public identifiers, shown to the author
    key_id: str | None = None  # Razorpay
    account_id: str | None = None  # Razorpay Route, Stripe
    account_type: StripeAccountType | None = None  # Stripe
    business_id: str | None = None  # Xendit
    # secrets: ciphertext only, and the last characters to show
    secret_kind: SecretKind | None = None
    secret_ciphertext: str | None = None
    secret_hint: str | None = None
    webhook_secret_ciphertext: str | None = None
    webhook_secret_hint: str | None = None
    webhook_secret_set_at: datetime | None = None
    # verification by the provider's adapter (Stripe's flags: charges, payouts, details)
    verified: bool = False
    verified_at: datetime | None = None
    charges_enabled: bool = False
    payouts_enabled: bool = False
    details_submitted: bool = False
    connected_at: datetime
    disconnected_at: datetime | None = None
    # webhook health
    last_webhook_at: datetime | None = None
    last_webhook_ok_at: datetime | None = None
    webhook_failure_count: int = 0
    created_at: datetime
    updated_at: datetime

    @classmethod
    def open(cls, *, id: str, author_id: str, credentials: Credentials, seal: Seal,
             now: datetime) -> "GatewayConnection":
        connection = cls(id=id, author_id=author_id, provider=credentials.provider,
                         mode=credentials.mode, connected_at=now, created_at=now,
                         updated_at=now)
        connection.connect(credentials, seal=seal, now=now)
        return connection

    @property
    def is_connected(self) -> bool:
        return self.status == ConnectionStatus.CONNECTED

    @property
    def account(self) -> tuple:
        return self.key_id, self.account_id, self.business_id, self.mode

    # -- connecting --------------------------------------------------------------------------
    def connect(self, credentials: Credentials, *, seal: Seal, now: datetime) -> None:
        """Take these credentials (replacing any), sealed; not verified until checked."""
        if credentials.provider != self.provider:
            raise ValueError("credentials of another provider")
        same_account = self.is_connected and credentials.account == self.account
        self.status, self.mode = ConnectionStatus.CONNECTED, credentials.mode
        self.key_id, self.account_id = credentials.key_id, credentials.account_id
        self.account_type, self.business_id = credentials.account_type, credentials.business_id
        self.secret_kind = credentials.secret_kind
        self.secret_ciphertext = seal(credentials.secret)
        self.secret_hint = hint(credentials.secret)
        if credentials.webhook_secret is not None:
            self._seal_webhook_secret(credentials.webhook_secret, seal=seal, now=now)
        elif not same_account:
            self._forget_webhook_secret()
        self.verified, self.verified_at = False, None
        self.charges_enabled = self.payouts_enabled = self.details_submitted = False
        self.connected_at, self.disconnected_at = now, None
        self.webhook_failure_count = 0
        self.updated_at = now

    def disconnect(self, *, now: datetime) -> None:
        """Stop using the gateway: its secrets are wiped, its public identifiers kept."""
        if not self.is_connected:
            raise not_connected(self.provider, "provider")
        self.status, self.disconnected_at = ConnectionStatus.DISCONNECTED, now
        self.secret_ciphertext = self.secret_hint = None
        self._forget_webhook_secret()
        self.verified, self.verified_at = False, None
        self.charges_enabled = self.payouts_enabled = self.details_submitted = False
        self.webhook_failure_count = 0
        self.updated_at = now

    def set_webhook_secret(self, secret: str, *, seal: Seal, now: datetime,
                           field_name: str = "webhook_secret") -> None:
        """The secret (Xendit: token) webhooks of this gateway are checked with."""
        if not self.is_connected:
            raise not_connected(self.provider, field_name)
        secret = check_webhook_secret(self.provider, secret, field_name=field_name)
        self._seal_webhook_secret(secret, seal=seal, now=now)
        self.webhook_failure_count = 0
        self.updated_at = now

    def _seal_webhook_secret(self, secret: str, *, seal: Seal, now: datetime) -> None:
        self.webhook_secret_ciphertext = seal(secret)
        self.webhook_secret_hint = hint(secret)
        self.webhook_secret_set_at = now

    def _forget_webhook_secret(self) -> None:
        self.webhook_secret_ciphertext = self.webhook_secret_hint = None
        self.webhook_secret_set_at = None

    # -- what adapters and webhooks report ----------------------------------------------------
    def mark_verified(self, *, now: datetime, charges_enabled: bool = False,
                      payouts_enabled: bool = False, details_submitted: bool = False) -> None:
        """The provider accepted the credentials (Stripe also says what the account may do)."""
        if not self.is_connected:
            raise not_connected(self.provider, "provider")
        self.verified, self.verified_at = True, now
        self.charges_enabled, self.payouts_enabled = charges_enabled, payouts_enabled
        self.details_submitted = details_submitted
        self.updated_at = now

    def record_webhook(self, *, ok: bool, now: datetime) -> None:
        """A webhook arrived: checked and handled (``ok``), or refused (bad signature...)."""
        self.last_webhook_at = now
        if ok:
            self.last_webhook_ok_at, self.webhook_failure_count = now, 0
        else:
            self.webhook_failure_count += 1

    @property
    def webhook_health(self) -> WebhookHealth:
        if self.last_webhook_at is None or self.last_webhook_at < self.connected_at:
            return WebhookHealth.UNKNOWN
        if self.webhook_failure_count >= FAILING_AFTER:
            return WebhookHealth.FAILING
        return WebhookHealth.DEGRADED if self.webhook_failure_count else WebhookHealth.HEALTHY


@dataclass(eq=False, kw_only=True)
class GatewaySettings(Entity):
    """An author's choices across gateways: the one checkouts use by default, and who bills
    subscription renewals: Ownverso, charging the saved card off-session (the default), or
    the gateway itself, on a plan synced from the tier (``renewals_by_gateway``)."""

    author_id: str
    default_gateway: GatewayProvider | None = None
    renewals_by_gateway: bool = False  # gateway plans bill renewals (else Ownverso charges)
    created_at: datetime
    updated_at: datetime

    def choose_renewals(self, *, by_gateway: bool, now: datetime) -> None:
        """Who bills renewals of subscriptions started from now on (those a gateway already
        bills stay there)."""
        self.renewals_by_gateway, self.updated_at = by_gateway, now

    def choose_default(self, provider: GatewayProvider | None,
                       connection: GatewayConnection | None, *, now: datetime) -> None:
        """Make ``provider`` the default (None: no default); it must be connected."""
        if provider is not None and (connection is None or not connection.is_connected
                                     or connection.provider != provider):
            raise not_connected(provider)
        self.default_gateway, self.updated_at = provider, now

    def adopt(self, provider: GatewayProvider, *, now: datetime) -> None:
        """A gateway was connected: it becomes the default while there is none."""
        if self.default_gateway is None:
            self.default_gateway, self.updated_at = provider, now

    def forget(self, provider: GatewayProvider, *, now: datetime) -> None:
        """A gateway was disconnected: it is the default no more."""
        if self.default_gateway == provider:
            self.default_gateway, self.updated_at = None, now
