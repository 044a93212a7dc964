"""The composition root: the only module that imports adapters and settings.

Adapters are chosen by settings alone. Singletons (engine, clients, queues, gateways) are
created eagerly by ``build_container``; units of work and services are factories.
"""

from dependency_injector import containers, providers
from redis import Redis

from ownverso.adapters.clock import FixedClock, SystemClock
from ownverso.adapters.dns_resolver import DnspythonResolver
from ownverso.adapters.gateway_factories import gateway_factories
from ownverso.adapters.hmac_content_signer import HmacContentUrlSigner
from ownverso.adapters.hmac_download_signer import HmacDownloadSigner
from ownverso.adapters.identity_providers import OidcIdentityProviders, default_provider_configs
from ownverso.adapters.ids import RandomIds, SequentialIds
from ownverso.adapters.inline_jobs import InlineJobQueue
from ownverso.adapters.local_upload_signer import LocalUploadSigner
from ownverso.adapters.mail import InMemoryMailer, OutboxMailer, SmtpMailer
from ownverso.adapters.memory.chapter_queries import InMemoryChapterQueries
from ownverso.adapters.memory.discount_queries import InMemoryDiscountQueries
from ownverso.adapters.memory.dns import InMemoryDnsResolver
from ownverso.adapters.memory.identity_providers import InMemoryIdentityProviders
from ownverso.adapters.memory.media_queries import InMemoryMediaQueries
from ownverso.adapters.memory.persistence import InMemoryDatabase, InMemoryUnitOfWork
from ownverso.adapters.memory.product_queries import InMemoryProductQueries
from ownverso.adapters.memory.remote_fetcher import InMemoryRemoteFetcher
from ownverso.adapters.memory.series_queries import InMemorySeriesQueries
from ownverso.adapters.memory.subscriber_queries import InMemorySubscriberQueries
from ownverso.adapters.passwords import Argon2PasswordHasher
from ownverso.adapters.pdf_invoices import PdfInvoices
from ownverso.adapters.pdf_receipts import PdfReceipts
from ownverso.adapters.rate_limit import InMemoryRateLimiter, RedisRateLimiter
from ownverso.adapters.razorpay_events import RazorpayEventTranslator
from ownverso.adapters.remote_fetcher import HttpRemoteFetcher
from ownverso.adapters.rq_jobs import RqJobQueue
from ownverso.adapters.s3_download_signer import S3DownloadSigner
from ownverso.adapters.s3_storage import S3FileStorage
from ownverso.adapters.s3_upload_signer import S3UploadSigner
from ownverso.adapters.sandbox_payments import SandboxPaymentGateway
from ownverso.adapters.sql.chapter_queries import SqlChapterQueries
from ownverso.adapters.sql.database import SqlDatabase, create_engine, session_factory
from ownverso.adapters.sql.discount_queries import SqlDiscountQueries
from ownverso.adapters.sql.mapping import start_mappers
from ownverso.adapters.sql.media_queries import SqlMediaQueries
from ownverso.adapters.sql.migrate import upgrade as upgrade_database
from ownverso.adapters.sql.product_queries import SqlProductQueries
from ownverso.adapters.sql.series_queries import SqlSeriesQueries
from ownverso.adapters.sql.subscriber_queries import SqlSubscriberQueries
from ownverso.adapters.sql.uow import SqlUnitOfWork
from ownverso.adapters.storage import InMemoryFileStorage, LocalFileStorage
from ownverso.adapters.stripe_events import StripeEventTranslator
from ownverso.adapters.stripe_payments import StripePaymentGateway
from ownverso.adapters.webhook_verifiers import default_verifiers
from ownverso.adapters.xendit_events import XenditEventTranslator
from ownverso.services.access.pages import ChapterPageService
from ownverso.services.access.reading import ReaderService
from ownverso.services.accounts import AccountService
from ownverso.services.billing.platform_invoice_payment import PlatformInvoicePayment
from ownverso.services.billing.platform_invoices import FeeSettings, PlatformInvoiceService
from ownverso.services.billing.platform_subscription import PlatformSubscriptionService
from ownverso.services.billing.platform_subscription_billing import PlatformSubscriptionBilling
from ownverso.services.checkout.sessions import CheckoutService
from ownverso.services.commerce.coin_admin import CoinEarnings, CoinWalletAdmin
from ownverso.services.commerce.coin_packages import CoinPackageAdmin
from ownverso.services.commerce.coin_unlocks import CoinUnlockService
from ownverso.services.commerce.coins import CoinService, CoinsFulfiller
from ownverso.services.commerce.downloads import DownloadResetService, DownloadService
from ownverso.services.commerce.license_keys import LicenseKeys
from ownverso.services.commerce.licenses import LicenseService, RefundedLicenses
from ownverso.services.commerce.products import ProductService
from ownverso.services.commerce.purchase_fulfilment import PurchaseFulfiller
from ownverso.services.commerce.purchases import PurchaseService
from ownverso.services.commerce.refunds import RefundService
from ownverso.services.commerce.tip_fulfilment import TipFulfiller
from ownverso.services.commerce.tips import TipService
from ownverso.services.demo import DemoService
from ownverso.services.emails import EmailSender
from ownverso.services.idempotency import IdempotencyService
from ownverso.services.identity.access_tokens import AccessTokens
from ownverso.services.identity.admin import AdminService
from ownverso.services.identity.email_change import EmailChangeService
from ownverso.services.identity.kit import IdentityKit
from ownverso.services.identity.mfa import MfaService
from ownverso.services.identity.oauth import OAuthService
from ownverso.services.identity.passwords import PasswordService
from ownverso.services.identity.registration import RegistrationService
from ownverso.services.identity.secret_rotation import Sealed, SecretRotation
from ownverso.services.identity.secrets import SecretBox
from ownverso.services.identity.sessions import SessionService
from ownverso.services.maintenance import MaintenanceService
from ownverso.services.media.delivery import MediaDeliveryService
from ownverso.services.media.folders import MediaFolderService
from ownverso.services.media.kit import MediaKit
from ownverso.services.media.library import MediaLibraryService
from ownverso.services.media.processing import MediaProcessingService
from ownverso.services.media.uploads import MediaUploadService
from ownverso.services.media.usage import MediaUsageService
from ownverso.services.memberships.billing import SubscriptionBilling
from ownverso.services.memberships.discount_codes import DiscountCodeService
from ownverso.services.memberships.gateway_renewals import GatewayRenewals
from ownverso.services.memberships.gift_delivery import GiftDelivery, GiftFulfiller
from ownverso.services.memberships.gifts import GiftService
from ownverso.services.memberships.subscribers import SubscriberService
from ownverso.services.memberships.subscription_checkout import (
    SubscribeService,
    SubscriptionFulfiller,
)
from ownverso.services.memberships.subscriptions import MySubscriptionService
from ownverso.services.memberships.tiers import TierService
from ownverso.services.payments.disputes import DisputeService
from ownverso.services.payments.gateway_config import GatewayConfigService
from ownverso.services.payments.gateway_router import GatewayRouter
from ownverso.services.payments.gateway_secrets import GatewaySecrets
from ownverso.services.payments.payments import PaymentService
from ownverso.services.payments.payouts import PayoutService
from ownverso.services.payments.reconciliation import Reconciliation
from ownverso.services.payments.refunds import PaymentRefundService
from ownverso.services.payments.webhook_handlers import GatewayEventHandler
from ownverso.services.payments.webhook_ingress import WebhookIngress
from ownverso.services.payments.webhook_processing import WebhookEventAdmin, WebhookProcessor
from ownverso.services.ports import PaymentGateway
from ownverso.services.publishing.chapter_access import ChapterAccessService
from ownverso.services.publishing.chapter_bulk import ChapterBulkService
from ownverso.services.publishing.chapter_content import ChapterContentService
from ownverso.services.publishing.chapter_images import ChapterImageService
from ownverso.services.publishing.chapter_order import ChapterOrderService
from ownverso.services.publishing.chapter_schedule import ChapterPublishingService
from ownverso.services.publishing.chapter_unlocks import ChapterUnlockService
from ownverso.services.publishing.chapter_versions import ChapterVersionService
from ownverso.services.publishing.chapter_warnings import ChapterWarningService
from ownverso.services.publishing.chapters import ChapterService
from ownverso.services.publishing.exporting import ExportService
from ownverso.services.publishing.importing import ImportService
from ownverso.services.publishing.series import SeriesService
from ownverso.services.publishing.series_genres import SeriesGenreService
from ownverso.services.publishing.series_options import SeriesOptionsService
from ownverso.services.publishing.series_public import SeriesPublicService
from ownverso.services.publishing.series_status import SeriesStatusService
from ownverso.services.publishing.series_tags import SeriesTagService, SeriesWarningService
from ownverso.services.publishing.taxonomy import (
    ContentWarningCatalog,
    GenreService,
    TagService,
)
from ownverso.services.reference_data import seed_reference_data
from ownverso.services.referrals.service import ReferralService
from ownverso.services.sites.branding import BrandingService
from ownverso.services.sites.collaborators import CollaboratorService
from ownverso.services.sites.domains import DomainService
from ownverso.services.sites.invitations import InvitationService
from ownverso.services.sites.pages import PageService
from ownverso.services.sites.settings import SiteSettingsService
from ownverso.services.sites.sites import SiteService
from ownverso.services.sites.themes import ThemeService
from ownverso.services.status import StatusService
from ownverso.settings import Settings, load_settings


def _engine(settings: Settings):
    start_mappers()
    return create_engine(settings.sql_url)


def _redis(settings: Settings) -> Redis | None:
    return Redis.from_url(settings.redis_url) if settings.redis_url else None


def _platform_payments(settings: Settings, sandbox: PaymentGateway | None
                       ) -> PaymentGateway | None:
    """Ownverso's own gateway account, for authors' platform subscriptions: Stripe when
    PLATFORM_STRIPE_SECRET_KEY is set, else the sandbox (the very ``payment_gateway``)."""
    if settings.platform_stripe_secret_key:
        return StripePaymentGateway(secret_key=settings.platform_stripe_secret_key,
                                    base_url=settings.stripe_api_base)
    return sandbox


def _s3_signer(cls: type, storage: providers.Provider,
               settings: providers.Provider) -> providers.Singleton:
    """A presigning adapter on the S3 storage's bucket, with its endpoint and credentials."""
    return providers.Singleton(
        cls, storage, region=settings.provided.s3_region,
        endpoint_url=providers.Callable(lambda s: s.s3_endpoint_url or None, settings),
        access_key=providers.Callable(lambda s: s.s3_access_key_id or None, settings),
        secret_key=providers.Callable(lambda s: s.s3_secret_access_key or None, settings))


class Container(containers.DeclarativeContainer):

    settings = providers.Dependency(instance_of=Settings)

    clock = providers.Selector(
        settings.provided.clock,
        system=providers.Singleton(SystemClock),
        fixed=providers.Singleton(FixedClock),
    )
    ids = providers.Selector(
        settings.provided.ids,
        random=providers.Singleton(RandomIds),
        sequential=providers.Singleton(SequentialIds),
    )
    redis = providers.Singleton(_redis, settings)

    # persistence
    engine = providers.Singleton(_engine, settings)
    memory_database = providers.Singleton(InMemoryDatabase)
    database = providers.Selector(
        settings.provided.persistence,
        sql=providers.Singleton(SqlDatabase, engine),
        memory=memory_database,
    )
    uow = providers.Selector(
        settings.provided.persistence,
        sql=providers.Factory(SqlUnitOfWork, providers.Singleton(session_factory, engine)),
        memory=providers.Factory(InMemoryUnitOfWork, memory_database),
    )

    migrate = providers.Callable(upgrade_database, settings.provided.sql_url)

    # the other ports
    jobs = providers.Selector(
        settings.provided.jobs_backend,
        inline=providers.Singleton(InlineJobQueue),
        rq=providers.Singleton(RqJobQueue, redis),
    )
    mailer = providers.Selector(
        settings.provided.mail_backend,
        memory=providers.Singleton(InMemoryMailer),
        outbox=providers.Singleton(
            OutboxMailer, providers.Callable(lambda s: s.var_path / "outbox", settings),
            sender=settings.provided.mail_from),
        smtp=providers.Singleton(
            SmtpMailer, host=settings.provided.smtp_host, port=settings.provided.smtp_port,
            sender=settings.provided.mail_from, username=settings.provided.smtp_username,
            password=settings.provided.smtp_password, starttls=settings.provided.smtp_starttls),
    )
    storage = providers.Selector(
        settings.provided.storage_backend,
        memory=providers.Singleton(InMemoryFileStorage),
        local=providers.Singleton(
            LocalFileStorage, providers.Callable(lambda s: s.var_path / "media", settings),
            base_url=providers.Callable(lambda s: s.public_url.rstrip("/") + "/files",
                                        settings)),
        s3=providers.Singleton(
            S3FileStorage, bucket=settings.provided.s3_bucket, region=settings.provided.s3_region,
            endpoint_url=providers.Callable(lambda s: s.s3_endpoint_url or None, settings),
            access_key=providers.Callable(lambda s: s.s3_access_key_id or None, settings),
            secret_key=providers.Callable(lambda s: s.s3_secret_access_key or None, settings),
            public_base_url=providers.Callable(lambda s: s.s3_public_url or None, settings)),
    )
    # payments: the sandbox (None where only connected gateways take money), and the router
    # that picks each author's own gateway (services/payments/gateway_router.py)
    payment_gateway = providers.Selector(
        settings.provided.payments_backend,
        sandbox=providers.Singleton(
            SandboxPaymentGateway, ids,
            base_url=providers.Callable(
                lambda s: s.public_url.rstrip("/") + "/api/v1/sandbox/checkouts", settings)),
        connected=providers.Object(None),
    )
    # payments: authors' gateway connections, secrets sealed with their own derived key
    gateway_box = providers.Singleton(SecretBox, settings.provided.secret_key,
                                      purpose="payment-gateway-secrets",
                                      old_keys=settings.provided.old_secret_keys)
    gateway_secrets = providers.Factory(GatewaySecrets, uow=uow.provider, clock=clock,
                                        box=gateway_box)
    platform_payments = providers.Singleton(_platform_payments, settings, payment_gateway)
    gateways = providers.Factory(
        GatewayRouter, connected=gateway_secrets, platform=platform_payments,
        sandbox=payment_gateway,
        factories=providers.Callable(
            gateway_factories, stripe_api_base=settings.provided.stripe_api_base,
            razorpay_api_base=settings.provided.razorpay_api_base,
            xendit_api_base=settings.provided.xendit_api_base))
    rate_limiter = providers.Selector(
        settings.provided.rate_limit_backend,
        memory=providers.Singleton(InMemoryRateLimiter, clock),
        redis=providers.Singleton(RedisRateLimiter, redis),
    )
    identity_providers = providers.Selector(
        providers.Callable(lambda s: "memory" if s.env == "test" else "oidc", settings),
        memory=providers.Singleton(InMemoryIdentityProviders),
        oidc=providers.Singleton(
            OidcIdentityProviders, providers.Callable(
                lambda s: default_provider_configs(
                    google_client_id=s.google_client_id, apple_client_id=s.apple_client_id,
                    twitter_client_id=s.twitter_client_id,
                    twitter_client_secret=s.twitter_client_secret), settings)),
    )
    dns = providers.Selector(
        providers.Callable(lambda s: "memory" if s.env == "test" else "dnspython", settings),
        memory=providers.Singleton(InMemoryDnsResolver),
        dnspython=providers.Singleton(DnspythonResolver),
    )
    password_hasher = providers.Singleton(
        Argon2PasswordHasher, time_cost=settings.provided.password_time_cost,
        memory_cost=settings.provided.password_memory_cost, parallelism=1)

    # identity
    emails = providers.Singleton(EmailSender, jobs, public_url=settings.provided.public_url)
    identity_box = providers.Singleton(SecretBox, settings.provided.secret_key,
                                       purpose="mfa-and-oauth-secrets",
                                       old_keys=settings.provided.old_secret_keys)
    identity_kit = providers.Singleton(
        IdentityKit, uow=uow.provider, clock=clock, ids=ids, hasher=password_hasher,
        limiter=rate_limiter,
        access_tokens=providers.Singleton(AccessTokens, secret_key=settings.provided.secret_key,
                                          ttl=settings.provided.access_token_ttl, clock=clock),
        emails=emails,
        secret_box=identity_box,
        refresh_ttl=settings.provided.refresh_token_ttl,
    )
    # referrals (before registration, which applies a code given at sign-up)
    referrals = providers.Factory(
        ReferralService, uow=uow.provider, clock=clock, ids=ids,
        referee_discount_percent=settings.provided.referral_referee_discount_percent)
    registration = providers.Factory(RegistrationService, identity_kit, referrals=referrals)
    sessions = providers.Factory(SessionService, identity_kit)
    passwords = providers.Factory(PasswordService, identity_kit)
    email_change = providers.Factory(EmailChangeService, identity_kit)
    mfa = providers.Factory(MfaService, identity_kit)
    oauth = providers.Factory(OAuthService, identity_kit, identity_providers)
    admin = providers.Factory(AdminService, identity_kit)

    # accounts
    accounts = providers.Factory(
        AccountService, uow=uow.provider, clock=clock, ids=ids, storage=storage,
        max_avatar_bytes=settings.provided.max_avatar_bytes)

    # sites: collaborators and invitations
    collaborators = providers.Factory(CollaboratorService, uow=uow.provider, clock=clock,
                                      ids=ids, emails=emails)
    collaborator_invites = providers.Factory(InvitationService, uow=uow.provider, clock=clock)

    # sites: the site, settings, branding, themes, domain, pages
    sites = providers.Factory(SiteService, uow=uow.provider, clock=clock, ids=ids)
    site_settings = providers.Factory(SiteSettingsService, uow=uow.provider, clock=clock)
    site_branding = providers.Factory(BrandingService, uow=uow.provider, clock=clock,
                                      storage=storage)
    themes = providers.Factory(ThemeService, uow=uow.provider, clock=clock)
    site_domains = providers.Factory(
        DomainService, uow=uow.provider, clock=clock, dns=dns,
        public_host=providers.Callable(
            lambda s: s.public_url.split("://")[-1].split("/")[0].split(":")[0].lower(),
            settings))
    site_pages = providers.Factory(PageService, uow=uow.provider, clock=clock, ids=ids)

    # memberships: tiers
    tiers = providers.Factory(TierService, uow=uow.provider, clock=clock, ids=ids,
                              gateways=gateways)
    # commerce: license keys (encrypted at rest with their own derived key)
    license_box = providers.Singleton(SecretBox, settings.provided.secret_key,
                                      purpose="license-keys",
                                      old_keys=settings.provided.old_secret_keys)
    license_keys = providers.Singleton(LicenseKeys, license_box)
    # every sealed secret, for ``ownverso secrets rotate``
    secret_rotation = providers.Factory(SecretRotation, uow=uow.provider, sealed=providers.List(
        gateway_secrets.provided.sealed.call(),
        providers.Factory(Sealed, "two-factor secrets", "users", ("mfa_secret",),
                          identity_box),
        providers.Factory(Sealed, "sign-in provider tokens", "auth_accounts",
                          ("access_token", "refresh_token"), identity_box),
        providers.Factory(Sealed, "license keys", "licenses", ("key_ciphertext",),
                          license_box)))
    licenses = providers.Factory(LicenseService, uow=uow.provider, clock=clock, ids=ids,
                                 keys=license_keys, limiter=rate_limiter)
    # checkout: one fulfiller per kind of checkout
    checkout = providers.Factory(
        CheckoutService, uow=uow.provider, clock=clock, ids=ids, gateways=gateways,
        public_url=settings.provided.public_url,
        fulfillers=providers.List(providers.Factory(SubscriptionFulfiller, ids=ids, jobs=jobs),
                                  providers.Factory(GiftFulfiller, ids=ids, emails=emails),
                                  providers.Factory(TipFulfiller, ids=ids, emails=emails),
                                  providers.Factory(CoinsFulfiller, ids=ids),
                                  providers.Factory(PurchaseFulfiller, ids=ids,
                                                    keys=license_keys)))
    # commerce: reader coins
    coins = providers.Factory(CoinService, uow=uow.provider, clock=clock, ids=ids,
                              checkout=checkout)
    coin_unlocks = providers.Factory(CoinUnlockService, uow=uow.provider, clock=clock, ids=ids)
    coin_wallets_admin = providers.Factory(CoinWalletAdmin, uow=uow.provider, clock=clock,
                                           ids=ids)
    coin_earnings = providers.Factory(CoinEarnings, uow=uow.provider)
    coin_packages = providers.Factory(CoinPackageAdmin, uow=uow.provider, clock=clock, ids=ids)
    subscribe = providers.Factory(SubscribeService, uow=uow.provider, clock=clock, ids=ids,
                                  checkout=checkout)
    subscription_billing = providers.Factory(
        SubscriptionBilling, uow=uow.provider, clock=clock, ids=ids, gateways=gateways,
        emails=emails)
    my_subscriptions = providers.Factory(MySubscriptionService, uow=uow.provider, clock=clock,
                                         ids=ids, gateways=gateways)
    # commerce: purchases of products and single chapters
    purchases = providers.Factory(PurchaseService, uow=uow.provider, clock=clock, ids=ids,
                                  checkout=checkout, keys=license_keys)
    # commerce: refund requests; revokers take back what a refunded purchase granted
    purchase_revokers = providers.List(providers.Factory(RefundedLicenses))
    # payments: the author's and the reader's views, receipts as PDF
    payment_views = providers.Factory(PaymentService, uow=uow.provider, clock=clock,
                                      receipts=providers.Singleton(PdfReceipts))
    # billing: the platform's usage-fee invoices to FREE-tier authors, as PDF
    platform_invoice_payment = providers.Factory(
        PlatformInvoicePayment, uow=uow.provider, clock=clock, payments=platform_payments,
        public_url=settings.provided.public_url)
    platform_invoices = providers.Factory(
        PlatformInvoiceService, uow=uow.provider, clock=clock, ids=ids, emails=emails,
        settle=platform_invoice_payment.provided.settle,
        renderer=providers.Singleton(PdfInvoices), fees=providers.Factory(
            FeeSettings, fee_bps=settings.provided.platform_fee_bps,
            gst_bps=settings.provided.platform_gst_bps,
            due_days=settings.provided.platform_invoice_due_days))
    # billing: authors' subscriptions to Ownverso, charged through the platform's own gateway
    platform_subscription = providers.Factory(
        PlatformSubscriptionService, uow=uow.provider, clock=clock, ids=ids,
        payments=platform_payments, public_url=settings.provided.public_url)
    platform_subscription_billing = providers.Factory(
        PlatformSubscriptionBilling, uow=uow.provider, clock=clock, ids=ids,
        payments=platform_payments, renderer=providers.Singleton(PdfInvoices))
    # payments: authors' monthly payout statements (the platform fee by the invoices' rule)
    payouts = providers.Factory(
        PayoutService, uow=uow.provider, clock=clock, ids=ids, fees=providers.Factory(
            FeeSettings, fee_bps=settings.provided.platform_fee_bps,
            gst_bps=settings.provided.platform_gst_bps,
            due_days=settings.provided.platform_invoice_due_days))
    refunds = providers.Factory(RefundService, uow=uow.provider, clock=clock, ids=ids,
                                gateways=gateways, emails=emails,
                                revokers=purchase_revokers)
    # payments: refunds by the author or an administrator, disputes
    payment_refunds = providers.Factory(PaymentRefundService, uow=uow.provider, clock=clock,
                                        ids=ids, gateways=gateways,
                                        revokers=purchase_revokers)
    disputes = providers.Factory(DisputeService, uow=uow.provider, clock=clock, ids=ids,
                                 storage=storage, revokers=purchase_revokers)
    # commerce: tips
    tips = providers.Factory(TipService, uow=uow.provider, clock=clock, ids=ids,
                             checkout=checkout, tip_bounds=settings.provided.tip_bounds)
    # memberships: gift subscriptions
    gifts = providers.Factory(GiftService, uow=uow.provider, clock=clock, ids=ids,
                              gateways=gateways, checkout=checkout, emails=emails)
    gift_delivery = providers.Factory(GiftDelivery, uow=uow.provider, clock=clock,
                                      emails=emails)
    # memberships: discount codes
    discount_queries = providers.Selector(
        settings.provided.persistence,
        sql=providers.Singleton(SqlDiscountQueries, engine),
        memory=providers.Singleton(InMemoryDiscountQueries, memory_database),
    )
    discount_codes = providers.Factory(DiscountCodeService, uow=uow.provider, clock=clock,
                                       ids=ids, queries=discount_queries)
    # memberships: an author's subscribers
    subscriber_queries = providers.Selector(
        settings.provided.persistence,
        sql=providers.Singleton(SqlSubscriberQueries, engine),
        memory=providers.Singleton(InMemorySubscriberQueries, memory_database),
    )
    subscribers = providers.Factory(SubscriberService, uow=uow.provider, clock=clock,
                                    queries=subscriber_queries)
    # commerce: products
    product_queries = providers.Selector(
        settings.provided.persistence,
        sql=providers.Singleton(SqlProductQueries, engine),
        memory=providers.Singleton(InMemoryProductQueries, memory_database),
    )
    products = providers.Factory(ProductService, uow=uow.provider, clock=clock, ids=ids,
                                 queries=product_queries, storage=storage)
    # commerce: downloads of bought files (the app's signed route, or presigned S3 GETs)
    hmac_download_signer = providers.Singleton(
        HmacDownloadSigner, secret_key=settings.provided.secret_key,
        base_url=settings.provided.public_url, clock=clock)
    download_signer = providers.Selector(
        settings.provided.storage_backend,
        memory=hmac_download_signer, local=hmac_download_signer,
        s3=_s3_signer(S3DownloadSigner, storage, settings),
    )
    downloads = providers.Factory(
        DownloadService, uow=uow.provider, clock=clock, ids=ids, storage=storage,
        signer=download_signer, link_ttl=settings.provided.download_url_ttl,
        ip_key=settings.provided.secret_key)
    download_resets = providers.Factory(DownloadResetService, uow=uow.provider, clock=clock,
                                        ids=ids, emails=emails)
    # publishing: series, their taxonomy and public views
    series_queries = providers.Selector(
        settings.provided.persistence,
        sql=providers.Singleton(SqlSeriesQueries, engine),
        memory=providers.Singleton(InMemorySeriesQueries, memory_database),
    )
    series = providers.Factory(SeriesService, uow=uow.provider, clock=clock, ids=ids,
                               queries=series_queries, storage=storage)
    series_options = providers.Factory(SeriesOptionsService, uow=uow.provider, clock=clock,
                                       storage=storage)
    series_status = providers.Factory(SeriesStatusService, uow=uow.provider, clock=clock,
                                      queries=series_queries)
    series_public = providers.Factory(SeriesPublicService, uow=uow.provider,
                                      queries=series_queries)
    series_genres = providers.Factory(SeriesGenreService, uow=uow.provider, clock=clock, ids=ids)
    series_tags = providers.Factory(SeriesTagService, uow=uow.provider, clock=clock, ids=ids)
    series_warnings = providers.Factory(SeriesWarningService, uow=uow.provider, clock=clock,
                                        ids=ids)
    genres = providers.Factory(GenreService, uow=uow.provider, queries=series_queries)
    tags = providers.Factory(TagService, uow=uow.provider, clock=clock, ids=ids,
                             queries=series_queries)
    content_warning_catalog = providers.Factory(ContentWarningCatalog, uow=uow.provider)

    # publishing: chapters
    chapter_queries = providers.Selector(
        settings.provided.persistence,
        sql=providers.Singleton(SqlChapterQueries, engine),
        memory=providers.Singleton(InMemoryChapterQueries, memory_database),
    )
    chapters = providers.Factory(ChapterService, uow=uow.provider, clock=clock, ids=ids,
                                 queries=chapter_queries)
    chapter_content = providers.Factory(ChapterContentService, uow=uow.provider, clock=clock,
                                        ids=ids)
    chapter_versions = providers.Factory(ChapterVersionService, uow=uow.provider, clock=clock,
                                         ids=ids, queries=chapter_queries)
    chapter_publishing = providers.Factory(ChapterPublishingService, uow=uow.provider,
                                           clock=clock)
    chapter_access = providers.Factory(ChapterAccessService, uow=uow.provider, clock=clock)
    chapter_order = providers.Factory(ChapterOrderService, uow=uow.provider, clock=clock,
                                      queries=chapter_queries)
    chapter_bulk = providers.Factory(ChapterBulkService, uow=uow.provider, clock=clock)
    chapter_warnings = providers.Factory(ChapterWarningService, uow=uow.provider, clock=clock,
                                         ids=ids)
    chapter_unlocks = providers.Factory(ChapterUnlockService, uow=uow.provider, clock=clock)
    # access: reading through the paywall
    content_signer = providers.Singleton(
        HmacContentUrlSigner, secret_key=settings.provided.secret_key,
        base_url=settings.provided.public_url, clock=clock)
    reader = providers.Factory(ReaderService, uow=uow.provider, clock=clock,
                               subscribe=subscribe, buy=purchases, coins=coin_unlocks,
                               signer=content_signer,
                               page_url_ttl=settings.provided.page_url_ttl)
    chapter_pages = providers.Factory(ChapterPageService, uow=uow.provider, clock=clock,
                                      storage=storage, signer=content_signer)

    # publishing: chapter import/export and comic pages
    chapter_imports = providers.Factory(ImportService, uow=uow.provider, clock=clock, ids=ids,
                                        storage=storage, jobs=jobs)
    chapter_exports = providers.Factory(ExportService, uow=uow.provider, clock=clock, ids=ids,
                                        storage=storage, jobs=jobs)
    chapter_images = providers.Factory(ChapterImageService, uow=uow.provider, clock=clock,
                                       ids=ids, storage=storage, jobs=jobs,
                                       signer=content_signer,
                                       page_url_ttl=settings.provided.page_url_ttl)

    # media: presigned uploads (S3, or the app's own signed route), fetching from URLs
    local_upload_signer = providers.Singleton(
        LocalUploadSigner, secret_key=settings.provided.secret_key,
        base_url=settings.provided.public_url, clock=clock)
    upload_signer = providers.Selector(
        settings.provided.storage_backend,
        memory=local_upload_signer, local=local_upload_signer,
        s3=_s3_signer(S3UploadSigner, storage, settings),
    )
    http_fetcher = providers.Singleton(HttpRemoteFetcher)
    remote_fetcher = providers.Selector(
        settings.provided.storage_backend,
        memory=providers.Singleton(InMemoryRemoteFetcher), local=http_fetcher, s3=http_fetcher,
    )
    media_queries = providers.Selector(
        settings.provided.persistence,
        sql=providers.Singleton(SqlMediaQueries, engine),
        memory=providers.Singleton(InMemoryMediaQueries, memory_database),
    )
    media_kit = providers.Singleton(
        MediaKit, uow=uow.provider, clock=clock, ids=ids, storage=storage,
        signer=upload_signer, fetcher=remote_fetcher, queries=media_queries, jobs=jobs,
        max_file_bytes=settings.provided.media_max_bytes,
        upload_ttl=settings.provided.media_upload_ttl)
    media_uploads = providers.Factory(MediaUploadService, media_kit)
    media_library = providers.Factory(MediaLibraryService, media_kit)
    media_folders = providers.Factory(MediaFolderService, media_kit)
    media_processing = providers.Factory(MediaProcessingService, media_kit)
    media_delivery = providers.Factory(MediaDeliveryService, media_kit)
    media_usage = providers.Factory(MediaUsageService, media_kit)

    # platform
    demo = providers.Factory(DemoService, kit=identity_kit, sites=sites, series=series,
                             series_status=series_status, chapters=chapters,
                             publishing=chapter_publishing, tiers=tiers,
                             access=chapter_access)
    maintenance = providers.Factory(MaintenanceService, uow=uow.provider, clock=clock)
    gateway_config = providers.Factory(GatewayConfigService, uow=uow.provider, clock=clock,
                                       ids=ids, box=gateway_box)
    # payments: incoming webhooks, checked with the author's webhook secret (their gateway
    # configuration), stored once and processed by one handler per gateway
    webhook_secret_source = providers.Callable(lambda secrets: secrets, gateway_secrets)
    # memberships: renewals a gateway bills (handed over, told of changes, stopped)
    gateway_renewals = providers.Factory(GatewayRenewals, uow=uow.provider, clock=clock,
                                         gateways=gateways)
    webhook_handlers = providers.List(
        providers.Factory(GatewayEventHandler, translator=providers.Factory(
            StripeEventTranslator), ids=ids, checkout=checkout, refunds=payment_refunds,
            revokers=purchase_revokers,
            platform_checkouts=providers.List(
                platform_subscription.provided.settle_gateway_checkout,
                platform_invoice_payment.provided.settle_gateway_checkout)),
        providers.Factory(GatewayEventHandler, translator=providers.Factory(
            RazorpayEventTranslator), ids=ids, checkout=checkout, refunds=payment_refunds,
            revokers=purchase_revokers),
        providers.Factory(GatewayEventHandler, translator=providers.Factory(
            XenditEventTranslator), ids=ids, checkout=checkout, refunds=payment_refunds,
            revokers=purchase_revokers))
    # payments: what lost webhooks left undone, repaired from the gateways' own state
    reconciliation = providers.Factory(Reconciliation, uow=uow.provider, clock=clock,
                                       gateways=gateways, checkout=checkout,
                                       refunds=payment_refunds, renewals=gateway_renewals)
    webhook_ingress = providers.Factory(
        WebhookIngress, uow=uow.provider, clock=clock, ids=ids, jobs=jobs,
        verifiers=providers.Singleton(
            default_verifiers, stripe_tolerance=settings.provided.webhook_stripe_tolerance),
        secrets=webhook_secret_source, max_bytes=settings.provided.webhook_max_bytes,
        platform_secrets=providers.Dict(
            stripe=settings.provided.platform_stripe_webhook_secret))
    webhook_processor = providers.Factory(
        WebhookProcessor, uow=uow.provider, clock=clock, jobs=jobs, handlers=webhook_handlers,
        max_attempts=settings.provided.webhook_max_attempts)
    webhook_events_admin = providers.Factory(WebhookEventAdmin, uow=uow.provider, clock=clock,
                                             jobs=jobs)
    # Idempotency-Key on our own money-moving requests
    idempotency = providers.Factory(IdempotencyService, uow=uow.provider, clock=clock, ids=ids,
                                    ttl=settings.provided.idempotency_key_ttl)
    status = providers.Factory(
        StatusService, database=database, jobs=jobs,
        redis_ping=providers.Callable(lambda r: r.ping if r else None, redis))


EAGER = ("clock", "ids", "database", "jobs", "mailer", "storage", "payment_gateway",
         "rate_limiter", "identity_providers", "password_hasher", "identity_kit")


def build_container(settings: Settings | None = None, **overrides) -> Container:
    """A container for ``settings`` (or those loaded from config and the environment).

    Keyword overrides replace settings by name: ``build_container(env_settings, clock="fixed")``.
    """
    if settings is None or overrides:
        base = dict(settings.__dict__) if settings else {}
        env = base.pop("env", None) or overrides.pop("env", None)
        settings = load_settings(env, **{**base, **overrides})
    container = Container(settings=settings)
    start(container)
    return container


def start(container: Container) -> None:
    """Create the eager singletons (and seed the in-memory store). After
    ``container.reset_singletons()`` this gives the container a fresh state, which is how the
    API tests reuse one app per worker."""
    for name in EAGER:
        getattr(container, name)()
    if container.settings().persistence == "memory":
        seed_reference_data(container.uow)
