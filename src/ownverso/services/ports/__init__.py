"""The ports: what the services need from the world, each with several adapters.

One module per concern; everything is importable from ``ownverso.services.ports``."""

from ownverso.services.ports.files import (
    ContentUrlSigner,
    DnsLookupError,
    DnsResolver,
    DownloadGrant,
    DownloadLinkSigner,
    FetchedFile,
    FileStorage,
    InvalidContentLink,
    InvalidDownloadLink,
    InvalidUploadToken,
    RemoteFetcher,
    RemoteFetchRefused,
    StoredFile,
    UploadGrant,
    UploadSigner,
)
from ownverso.services.ports.payments import (
    Charge,
    Checkout,
    GatewaySubscription,
    PaymentGateway,
)
from ownverso.services.ports.persistence import (
    ConcurrencyConflict,
    Database,
    IntegrityConflict,
    Repository,
    UnitOfWork,
)
from ownverso.services.ports.platform import (
    Clock,
    EmailMessage,
    IdGenerator,
    JobQueue,
    Mailer,
)
from ownverso.services.ports.security import (
    ExternalIdentity,
    IdentityProviderError,
    IdentityProviders,
    PasswordHasher,
    RateLimiter,
)
from ownverso.services.ports.webhooks import (
    VerifiedWebhook,
    WebhookHandler,
    WebhookIgnored,
    WebhookRejected,
    WebhookSecretSource,
    WebhookVerifier,
)

__all__ = [
    "Charge",
    "Checkout",
    "Clock",
    "ConcurrencyConflict",
    "ContentUrlSigner",
    "Database",
    "DnsLookupError",
    "DnsResolver",
    "DownloadGrant",
    "DownloadLinkSigner",
    "EmailMessage",
    "ExternalIdentity",
    "FetchedFile",
    "FileStorage",
    "GatewaySubscription",
    "IdGenerator",
    "IdentityProviderError",
    "IdentityProviders",
    "IntegrityConflict",
    "InvalidContentLink",
    "InvalidDownloadLink",
    "InvalidUploadToken",
    "JobQueue",
    "Mailer",
    "PasswordHasher",
    "PaymentGateway",
    "RateLimiter",
    "RemoteFetchRefused",
    "RemoteFetcher",
    "Repository",
    "StoredFile",
    "UnitOfWork",
    "UploadGrant",
    "UploadSigner",
    "VerifiedWebhook",
    "WebhookHandler",
    "WebhookIgnored",
    "WebhookRejected",
    "WebhookSecretSource",
    "WebhookVerifier",
]
