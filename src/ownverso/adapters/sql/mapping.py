"""Imperative mapping of the domain's plain classes onto the tables (idempotent)."""

import dataclasses

import sqlalchemy as sa
from sqlalchemy.orm import registry, relationship

from ownverso.adapters.sql.tables import (
    access,
    accounts,
    checkout,
    discounts,
    identity,
    memberships,
    publishing,
    sites,
)
from ownverso.adapters.sql.tables.chapter_io import chapter_images, export_jobs, import_jobs
from ownverso.adapters.sql.tables.coins import (
    coin_earnings,
    coin_ledger,
    coin_packages,
    coin_wallets,
)
from ownverso.adapters.sql.tables.commerce import products
from ownverso.adapters.sql.tables.downloads import download_reset_requests, downloads
from ownverso.adapters.sql.tables.gifts import gift_subscriptions
from ownverso.adapters.sql.tables.idempotency import idempotency_records
from ownverso.adapters.sql.tables.licenses import license_activations, licenses
from ownverso.adapters.sql.tables.media import media_files, media_folders, media_uploads
from ownverso.adapters.sql.tables.payment_gateways import (
    payment_gateway_connections,
    payment_gateway_settings,
)
from ownverso.adapters.sql.tables.payment_refunds import payment_disputes, payment_refunds
from ownverso.adapters.sql.tables.payments import payment_events, payments
from ownverso.adapters.sql.tables.payouts import author_payouts
from ownverso.adapters.sql.tables.platform_invoices import (
    platform_invoice_counters,
    platform_invoices,
)
from ownverso.adapters.sql.tables.platform_subscriptions import (
    platform_subscription_events,
    platform_subscription_invoice_counters,
    platform_subscription_invoices,
    platform_subscriptions,
)
from ownverso.adapters.sql.tables.purchases import purchases
from ownverso.adapters.sql.tables.referrals import referral_accounts, referral_clicks, referrals
from ownverso.adapters.sql.tables.refund_requests import refund_requests
from ownverso.adapters.sql.tables.site_content import pages, themes
from ownverso.adapters.sql.tables.tips import tips
from ownverso.adapters.sql.tables.webhook_events import webhook_events
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

mapper_registry = registry()

MAPPINGS: list[tuple[type, sa.Table]] = [
    (User, identity.users),
    (Session, identity.sessions),
    (VerificationToken, identity.verification_tokens),
    (AuthAccount, identity.auth_accounts),
    (OAuthState, identity.oauth_states),
    (AuthorProfile, accounts.author_profiles),
    (TierLimits, accounts.tier_limits),
    # media
    (MediaFolder, media_folders),
    (MediaFile, media_files),
    (UploadIntent, media_uploads),
    # sites
    (Site, sites.sites),
    (Collaborator, sites.collaborators),
    (Page, pages),
    (Theme, themes),
    # publishing
    (Series, publishing.series),
    (ContentWarning, publishing.content_warnings),
    (Genre, publishing.genres),
    (SeriesGenre, publishing.series_genres),
    (Tag, publishing.tags),
    (SeriesTag, publishing.series_tags),
    (SeriesContentWarning, publishing.series_content_warnings),
    (Chapter, publishing.chapters),
    (ChapterVersion, publishing.chapter_versions),
    (ChapterContentWarning, publishing.chapter_content_warnings),
    (ImportJob, import_jobs),
    (ExportJob, export_jobs),
    (ChapterImage, chapter_images),
    # access: the paywall's entitlements and scheduled unlocks
    (ChapterEntitlement, access.chapter_entitlements),
    (ScheduledUnlock, access.scheduled_unlocks),
    # memberships
    (Tier, memberships.author_subscription_tiers),
    (Subscription, memberships.reader_subscriptions),
    (SubscriptionInvoice, memberships.subscription_invoices),
    (DiscountCode, discounts.discount_codes),
    (DiscountRedemption, discounts.discount_redemptions),
    (CheckoutSession, checkout.checkout_sessions),
    (Gift, gift_subscriptions),
    (Tip, tips),
    # commerce: reader coins
    (CoinWallet, coin_wallets),
    (LedgerEntry, coin_ledger),
    (CoinPackage, coin_packages),
    (CoinEarning, coin_earnings),
    # commerce
    (Product, products),
    (Purchase, purchases),
    (RefundRequest, refund_requests),  # commerce: refund requests
    (Payment, payments),  # payments: records and their event logs
    (PaymentEvent, payment_events),
    (PaymentRefund, payment_refunds),  # payments: refunds and disputes
    (Dispute, payment_disputes),
    (WebhookEvent, webhook_events),  # payments: incoming webhook events
    (Download, downloads),  # commerce: product downloads
    (DownloadResetRequest, download_reset_requests),
    (License, licenses),  # commerce: license keys
    (LicenseActivation, license_activations),
    # payments: authors' gateway connections (secrets sealed) and their default
    (GatewayConnection, payment_gateway_connections),
    (GatewaySettings, payment_gateway_settings),
    # referrals
    (ReferralAccount, referral_accounts),
    (ReferralClick, referral_clicks),
    (Referral, referrals),
    (IdempotencyRecord, idempotency_records),  # Idempotency-Key on money-moving requests
    # billing: the platform's usage-fee invoices to authors and their number counters
    (PlatformInvoice, platform_invoices),
    (InvoiceCounter, platform_invoice_counters),
    # billing: authors' subscriptions to Ownverso, their history and invoices
    (PlatformSubscription, platform_subscriptions),
    (PlatformSubscriptionEvent, platform_subscription_events),
    (PlatformSubscriptionInvoice, platform_subscription_invoices),
    (SubscriptionInvoiceCounter, platform_subscription_invoice_counters),
    (AuthorPayout, author_payouts),  # payments: authors' monthly payout statements
]


def start_mappers() -> None:
    """Map every entity once; calling it again does nothing. Aggregates reference each other
    by id, so nothing lazy-loads after a unit of work closes; the only relationships are the
    hidden, never-loaded ones of ``_flush_order``."""
    for cls, table in MAPPINGS:
        if sa.inspect(cls, raiseerr=False) is None:
            mapper_registry.map_imperatively(cls, table, version_id_col=table.c.version,
                                             properties=_flush_order(table))
            _fill_transient_fields(cls, table)


def _fill_transient_fields(cls: type, table: sa.Table) -> None:
    """Rows loaded from the database skip ``__init__``: give the dataclass fields that have
    no column (an entity's recorded events) their defaults on load."""
    transient = [f for f in dataclasses.fields(cls)
                 if f.name not in table.c and f.default_factory is not dataclasses.MISSING]
    if transient:
        def fill(target: object, _context: object) -> None:
            for f in transient:
                setattr(target, f.name, f.default_factory())  # type: ignore[misc]
        sa.event.listen(cls, "load", fill)


def _flush_order(table: sa.Table) -> dict:
    """One hidden many-to-one per foreign key, so that the unit of work inserts a parent
    (a user) before the rows that point at it (their sessions) when both are added in the same
    unit; without them SQLAlchemy orders unrelated mappers by class name, and adding a user with
    its session failed on the foreign key. Never set nor read (``lazy="raise"``)."""
    classes = {t.name: c for c, t in MAPPINGS}
    return {
        f"_{fk.parent.name}_row": relationship(classes[fk.column.table.name],
                                               foreign_keys=[fk.parent], lazy="raise")
        for fk in sorted(table.foreign_keys, key=lambda fk: fk.parent.name)
        if fk.column.table.name in classes
    }


def table_of(cls: type) -> sa.Table:
    return sa.inspect(cls).local_table
