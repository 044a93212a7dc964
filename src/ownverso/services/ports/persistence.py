"""Persistence ports: repositories, the unit of work and the database behind them."""

from __future__ import annotations

import abc
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, Generic, TypeVar

if TYPE_CHECKING:
    from ownverso.domain.access.entitlement import ChapterEntitlement
    from ownverso.domain.accounts.author_profile import AuthorProfile
    from ownverso.domain.accounts.tiers import TierLimits
    from ownverso.domain.billing.platform_invoice import InvoiceCounter, PlatformInvoice
    from ownverso.domain.billing.platform_subscription import (
        PlatformSubscription,
        PlatformSubscriptionEvent,
        PlatformSubscriptionInvoice,
        SubscriptionInvoiceCounter,
    )
    from ownverso.domain.checkout.session import CheckoutSession
    from ownverso.domain.commerce.coin_packages import CoinPackage
    from ownverso.domain.commerce.coins import CoinEarning, CoinWallet, LedgerEntry
    from ownverso.domain.commerce.downloads import Download, DownloadResetRequest
    from ownverso.domain.commerce.license import License, LicenseActivation
    from ownverso.domain.commerce.product import Product
    from ownverso.domain.commerce.purchase import Purchase
    from ownverso.domain.commerce.refund_request import RefundRequest
    from ownverso.domain.commerce.tip import Tip
    from ownverso.domain.idempotency import IdempotencyRecord
    from ownverso.domain.identity.auth_account import AuthAccount
    from ownverso.domain.identity.oauth_state import OAuthState
    from ownverso.domain.identity.session import Session
    from ownverso.domain.identity.tokens import VerificationToken
    from ownverso.domain.identity.user import User
    from ownverso.domain.media.file import MediaFile
    from ownverso.domain.media.folder import MediaFolder
    from ownverso.domain.media.upload import UploadIntent
    from ownverso.domain.memberships.discounts import DiscountCode
    from ownverso.domain.memberships.gift import Gift
    from ownverso.domain.memberships.invoice import SubscriptionInvoice
    from ownverso.domain.memberships.redemption import DiscountRedemption
    from ownverso.domain.memberships.subscription import Subscription
    from ownverso.domain.memberships.tier import Tier
    from ownverso.domain.payments.dispute import Dispute
    from ownverso.domain.payments.gateway_config import GatewayConnection, GatewaySettings
    from ownverso.domain.payments.payment import Payment, PaymentEvent
    from ownverso.domain.payments.payout import AuthorPayout
    from ownverso.domain.payments.refund import PaymentRefund
    from ownverso.domain.payments.webhook_event import WebhookEvent
    from ownverso.domain.publishing.chapter import Chapter
    from ownverso.domain.publishing.chapter_images import ChapterImage
    from ownverso.domain.publishing.chapter_warnings import ChapterContentWarning
    from ownverso.domain.publishing.jobs import ExportJob, ImportJob
    from ownverso.domain.publishing.scheduled_unlock import ScheduledUnlock
    from ownverso.domain.publishing.series import Series
    from ownverso.domain.publishing.taxonomy import (
        Genre,
        SeriesContentWarning,
        SeriesGenre,
        SeriesTag,
        Tag,
    )
    from ownverso.domain.publishing.versions import ChapterVersion
    from ownverso.domain.publishing.warnings import ContentWarning
    from ownverso.domain.referrals.account import ReferralAccount, ReferralClick
    from ownverso.domain.referrals.referral import Referral
    from ownverso.domain.sites.collaborator import Collaborator
    from ownverso.domain.sites.page import Page
    from ownverso.domain.sites.site import Site
    from ownverso.domain.sites.theme import Theme


T = TypeVar("T")


class IntegrityConflict(Exception):
    """A write broke a uniqueness rule (the same in every persistence adapter)."""


class ConcurrencyConflict(Exception):
    """Someone else changed the object between our read and our write."""


# -- persistence --------------------------------------------------------------------------
class Repository(abc.ABC, Generic[T]):
    """Filters are ``field=value`` or ``field__op=value`` with op in
    ``in, ne, lt, lte, gt, gte, isnull``; ``order_by`` names fields, ``-field`` descending."""

    @abc.abstractmethod
    def get(self, id: str) -> T | None: ...

    @abc.abstractmethod
    def add(self, obj: T) -> None: ...

    @abc.abstractmethod
    def remove(self, obj: T) -> None: ...

    @abc.abstractmethod
    def list(self, *, order_by: Sequence[str] = (), offset: int = 0, limit: int | None = None,
             for_update: bool = False, **filters: Any) -> list[T]: ...

    @abc.abstractmethod
    def count(self, **filters: Any) -> int: ...

    def get_by(self, *, for_update: bool = False, **filters: Any) -> T | None:
        found = self.list(limit=1, for_update=for_update, **filters)
        return found[0] if found else None


class UnitOfWork(abc.ABC):
    """One transaction per use case: ``with uow: ...; uow.commit()``. Leaving the block
    without a commit rolls back. Callbacks registered with ``after_commit`` run only once the
    transaction has committed (emails, jobs)."""

    users: Repository[User]
    sessions: Repository[Session]
    verification_tokens: Repository[VerificationToken]
    auth_accounts: Repository[AuthAccount]
    oauth_states: Repository[OAuthState]
    author_profiles: Repository[AuthorProfile]
    tier_limits: Repository[TierLimits]
    media_files: Repository[MediaFile]
    media_folders: Repository[MediaFolder]
    media_uploads: Repository[UploadIntent]
    sites: Repository[Site]
    collaborators: Repository[Collaborator]
    pages: Repository[Page]
    themes: Repository[Theme]
    series: Repository[Series]
    content_warnings: Repository[ContentWarning]
    genres: Repository[Genre]
    series_genres: Repository[SeriesGenre]
    tags: Repository[Tag]
    series_tags: Repository[SeriesTag]
    series_content_warnings: Repository[SeriesContentWarning]
    chapters: Repository[Chapter]
    chapter_versions: Repository[ChapterVersion]
    chapter_warnings: Repository[ChapterContentWarning]
    import_jobs: Repository[ImportJob]
    export_jobs: Repository[ExportJob]
    chapter_images: Repository[ChapterImage]
    chapter_entitlements: Repository[ChapterEntitlement]
    scheduled_unlocks: Repository[ScheduledUnlock]
    tiers: Repository[Tier]
    reader_subscriptions: Repository[Subscription]
    subscription_invoices: Repository[SubscriptionInvoice]
    discount_codes: Repository[DiscountCode]
    discount_redemptions: Repository[DiscountRedemption]
    checkout_sessions: Repository[CheckoutSession]
    gifts: Repository[Gift]
    tips: Repository[Tip]
    coin_wallets: Repository[CoinWallet]
    coin_ledger: Repository[LedgerEntry]
    coin_packages: Repository[CoinPackage]
    coin_earnings: Repository[CoinEarning]
    products: Repository[Product]
    purchases: Repository[Purchase]
    downloads: Repository[Download]
    download_reset_requests: Repository[DownloadResetRequest]
    refund_requests: Repository[RefundRequest]
    licenses: Repository[License]
    license_activations: Repository[LicenseActivation]
    payments: Repository[Payment]
    payment_events: Repository[PaymentEvent]
    payment_refunds: Repository[PaymentRefund]
    disputes: Repository[Dispute]
    webhook_events: Repository[WebhookEvent]
    gateway_connections: Repository[GatewayConnection]
    gateway_settings: Repository[GatewaySettings]
    referral_accounts: Repository[ReferralAccount]
    referral_clicks: Repository[ReferralClick]
    referrals: Repository[Referral]
    idempotency_records: Repository[IdempotencyRecord]
    platform_invoices: Repository[PlatformInvoice]
    platform_invoice_counters: Repository[InvoiceCounter]
    platform_subscriptions: Repository[PlatformSubscription]
    platform_subscription_events: Repository[PlatformSubscriptionEvent]
    platform_subscription_invoices: Repository[PlatformSubscriptionInvoice]
    platform_subscription_invoice_counters: Repository[SubscriptionInvoiceCounter]
    author_payouts: Repository[AuthorPayout]

    def __init__(self) -> None:
        self._after_commit: list[Callable[[], None]] = []

    def __enter__(self) -> UnitOfWork:
        self._after_commit = []
        return self

    def __exit__(self, *exc: object) -> None:
        self.rollback()

    def commit(self) -> None:
        self._commit()
        callbacks, self._after_commit = self._after_commit, []
        for callback in callbacks:
            callback()

    def after_commit(self, callback: Callable[[], None]) -> None:
        self._after_commit.append(callback)

    @abc.abstractmethod
    def _commit(self) -> None: ...

    @abc.abstractmethod
    def rollback(self) -> None: ...


class Database(abc.ABC):
    """The store behind the units of work; the status page asks it whether it answers."""

    @abc.abstractmethod
    def ping(self) -> None: ...
