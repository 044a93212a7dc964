"""Which entity each unit-of-work repository holds; both persistence adapters build from it."""

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

REPOSITORIES: dict[str, type] = {
    "users": User,
    "sessions": Session,
    "verification_tokens": VerificationToken,
    "auth_accounts": AuthAccount,
    "oauth_states": OAuthState,
    "author_profiles": AuthorProfile,
    "tier_limits": TierLimits,
    # media
    "media_files": MediaFile,
    "media_folders": MediaFolder,
    "media_uploads": UploadIntent,
    # sites
    "sites": Site,
    "collaborators": Collaborator,
    "pages": Page,
    "themes": Theme,
    # publishing
    "series": Series,
    "content_warnings": ContentWarning,
    "genres": Genre,
    "series_genres": SeriesGenre,
    "tags": Tag,
    "series_tags": SeriesTag,
    "series_content_warnings": SeriesContentWarning,
    "chapters": Chapter,
    "chapter_versions": ChapterVersion,
    "chapter_warnings": ChapterContentWarning,
    "import_jobs": ImportJob,
    "export_jobs": ExportJob,
    "chapter_images": ChapterImage,
    # access
    "chapter_entitlements": ChapterEntitlement,
    "scheduled_unlocks": ScheduledUnlock,
    # memberships
    "tiers": Tier,
    "reader_subscriptions": Subscription,
    "subscription_invoices": SubscriptionInvoice,
    "discount_codes": DiscountCode,
    "discount_redemptions": DiscountRedemption,
    # checkout
    "checkout_sessions": CheckoutSession,
    "gifts": Gift,
    "tips": Tip,  # commerce: tips
    # commerce: reader coins
    "coin_wallets": CoinWallet,
    "coin_ledger": LedgerEntry,
    "coin_packages": CoinPackage,
    "coin_earnings": CoinEarning,
    # commerce
    "products": Product,
    "purchases": Purchase,
    "downloads": Download,  # commerce: product downloads
    "download_reset_requests": DownloadResetRequest,
    "refund_requests": RefundRequest,  # commerce: refund requests
    "licenses": License,  # commerce: license keys
    "license_activations": LicenseActivation,
    "payments": Payment,  # payments: records and their event logs
    "payment_events": PaymentEvent,
    "payment_refunds": PaymentRefund,  # payments: refunds and disputes
    "disputes": Dispute,
    "webhook_events": WebhookEvent,  # payments: incoming webhook events
    # payments: authors' gateway connections (secrets sealed) and their default
    "gateway_connections": GatewayConnection,
    "gateway_settings": GatewaySettings,
    # referrals
    "referral_accounts": ReferralAccount,
    "referral_clicks": ReferralClick,
    "referrals": Referral,
    "idempotency_records": IdempotencyRecord,  # Idempotency-Key on money-moving requests
    # billing: the platform's usage-fee invoices to authors and their number counters
    "platform_invoices": PlatformInvoice,
    "platform_invoice_counters": InvoiceCounter,
    # billing: authors' subscriptions to Ownverso, their history and invoices
    "platform_subscriptions": PlatformSubscription,
    "platform_subscription_events": PlatformSubscriptionEvent,
    "platform_subscription_invoices": PlatformSubscriptionInvoice,
    "platform_subscription_invoice_counters": SubscriptionInvoiceCounter,
    "author_payouts": AuthorPayout,  # payments: authors' monthly payout statements
}

# Uniqueness rules, enforced by the SQL schema and mirrored by the in-memory store.
UNIQUE: dict[type, list[tuple[str, ...]]] = {
    User: [("email",), ("username",)],
    Session: [("refresh_token_hash",)],
    VerificationToken: [("token_hash",)],
    AuthAccount: [("provider", "provider_account_id")],
    OAuthState: [("state_hash",)],
    AuthorProfile: [("user_id",)],
    TierLimits: [("tier",)],
    MediaFile: [("storage_key",)],
    MediaFolder: [("scope", "path")],
    UploadIntent: [("key",), ("media_id",)],
    Site: [("slug",), ("custom_domain",)],
    Collaborator: [("invite_token_hash",)],
    Page: [("site_id", "slug")],
    Theme: [("slug",)],
    Series: [("site_id", "slug")],
    ContentWarning: [("slug",)],
    Genre: [("name",), ("slug",)],
    SeriesGenre: [("series_id", "genre_id")],
    Tag: [("name",), ("slug",)],
    SeriesTag: [("series_id", "tag_id")],
    SeriesContentWarning: [("series_id", "warning_id")],
    Chapter: [("series_id", "slug"), ("series_id", "volume_number", "chapter_number")],
    ChapterVersion: [("chapter_id", "version_number")],
    ChapterContentWarning: [("chapter_id", "warning_id")],
    ChapterImage: [("storage_key",)],
    ChapterEntitlement: [("user_id", "chapter_id", "kind")],
    ScheduledUnlock: [("chapter_id",)],
    Tier: [("site_id", "slug")],
    Subscription: [("live_slot",)],
    DiscountCode: [("site_id", "code")],
    DiscountRedemption: [("checkout_id",)],
    CheckoutSession: [("gateway_checkout_id",)],
    Gift: [("claim_code",), ("checkout_session_id",)],
    Tip: [("checkout_session_id",)],
    CoinWallet: [("user_id",)],
    LedgerEntry: [("wallet_id", "sequence"), ("wallet_id", "source_type", "source_id", "kind")],
    CoinEarning: [("ledger_entry_id",)],
    Product: [("site_id", "slug")],
    Purchase: [("checkout_session_id",)],
    DownloadResetRequest: [("pending_slot",)],
    RefundRequest: [("open_slot",)],
    Payment: [("gateway", "gateway_payment_id")],
    PaymentEvent: [("payment_id", "sequence")],
    PaymentRefund: [("payment_id", "sequence")],
    Dispute: [("payment_id",)],
    WebhookEvent: [("gateway", "event_id")],
    License: [("purchase_id",), ("key_hash",)],
    LicenseActivation: [("license_id", "instance_id")],
    GatewayConnection: [("author_id", "provider")],
    GatewaySettings: [("author_id",)],
    ReferralAccount: [("user_id",), ("code",)],
    Referral: [("referee_id",)],
    IdempotencyRecord: [("user_id", "key")],
    PlatformInvoice: [("number",), ("author_id", "period_start", "currency")],
    InvoiceCounter: [("year",)],
    PlatformSubscription: [("user_id",)],
    PlatformSubscriptionInvoice: [("number",), ("key",)],
    SubscriptionInvoiceCounter: [("year",)],
    AuthorPayout: [("author_id", "gateway", "currency", "period_start")],
}
