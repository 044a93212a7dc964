"""The composition root: the only module that imports adapters and settings.

Adapters are chosen by settings alone. Singletons (engine, clients, queues, gateways) are
created eagerly by ``build_container``; units of work and services are factories.
"""

from dependency_injector import containers, providers
from redis import Redis

from ownverso.adapters.clock import FixedClock, SystemClock
from ownverso.adapters.identity_providers import OidcIdentityProviders, default_provider_configs
from ownverso.adapters.ids import RandomIds, SequentialIds
from ownverso.adapters.inline_jobs import InlineJobQueue
from ownverso.adapters.mail import InMemoryMailer, OutboxMailer, SmtpMailer
from ownverso.adapters.memory.identity_providers import InMemoryIdentityProviders
from ownverso.adapters.memory.persistence import InMemoryDatabase, InMemoryUnitOfWork
from ownverso.adapters.passwords import Argon2PasswordHasher
from ownverso.adapters.rate_limit import InMemoryRateLimiter, RedisRateLimiter
from ownverso.adapters.rq_jobs import RqJobQueue
from ownverso.adapters.s3_storage import S3FileStorage
from ownverso.adapters.sandbox_payments import SandboxPaymentGateway
from ownverso.adapters.sql.database import SqlDatabase, create_engine, session_factory
from ownverso.adapters.sql.mapping import start_mappers
from ownverso.adapters.sql.migrate import upgrade as upgrade_database
from ownverso.adapters.sql.uow import SqlUnitOfWork
from ownverso.adapters.storage import InMemoryFileStorage, LocalFileStorage
from ownverso.services.accounts import AccountService
from ownverso.services.demo import DemoService
from ownverso.services.emails import EmailSender
from ownverso.services.identity.access_tokens import AccessTokens
from ownverso.services.identity.admin import AdminService
from ownverso.services.identity.email_change import EmailChangeService
from ownverso.services.identity.kit import IdentityKit
from ownverso.services.identity.mfa import MfaService
from ownverso.services.identity.oauth import OAuthService
from ownverso.services.identity.passwords import PasswordService
from ownverso.services.identity.registration import RegistrationService
from ownverso.services.identity.secrets import SecretBox
from ownverso.services.identity.sessions import SessionService
from ownverso.services.maintenance import MaintenanceService
from ownverso.services.reference_data import seed_reference_data
from ownverso.services.status import StatusService
from ownverso.settings import Settings, load_settings


def _engine(settings: Settings):
    start_mappers()
    return create_engine(settings.sql_url)


def _redis(settings: Settings) -> Redis | None:
    return Redis.from_url(settings.redis_url) if settings.redis_url else None


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
    payment_gateway = providers.Selector(
        settings.provided.payments_backend,
        sandbox=providers.Singleton(
            SandboxPaymentGateway, ids,
            base_url=providers.Callable(
                lambda s: s.public_url.rstrip("/") + "/api/v1/sandbox/checkouts", settings)),
    )
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
    password_hasher = providers.Singleton(
        Argon2PasswordHasher, time_cost=settings.provided.password_time_cost,
        memory_cost=settings.provided.password_memory_cost, parallelism=1)

    # identity
    emails = providers.Singleton(EmailSender, jobs, public_url=settings.provided.public_url)
    identity_kit = providers.Singleton(
        IdentityKit, uow=uow.provider, clock=clock, ids=ids, hasher=password_hasher,
        limiter=rate_limiter,
        access_tokens=providers.Singleton(AccessTokens, secret_key=settings.provided.secret_key,
                                          ttl=settings.provided.access_token_ttl, clock=clock),
        emails=emails,
        secret_box=providers.Singleton(SecretBox, settings.provided.secret_key,
                                       purpose="mfa-and-oauth-secrets"),
        refresh_ttl=settings.provided.refresh_token_ttl,
    )
    registration = providers.Factory(RegistrationService, identity_kit)
    sessions = providers.Factory(SessionService, identity_kit)
    passwords = providers.Factory(PasswordService, identity_kit)
    email_change = providers.Factory(EmailChangeService, identity_kit)
    mfa = providers.Factory(MfaService, identity_kit)
    oauth = providers.Factory(OAuthService, identity_kit, identity_providers)
    admin = providers.Factory(AdminService, identity_kit)
    demo = providers.Factory(DemoService, identity_kit)

    # accounts
    accounts = providers.Factory(
        AccountService, uow=uow.provider, clock=clock, ids=ids, storage=storage,
        max_avatar_bytes=settings.provided.max_avatar_bytes)

    # platform
    maintenance = providers.Factory(MaintenanceService, uow=uow.provider, clock=clock)
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
    for name in EAGER:
        getattr(container, name)()
    if settings.persistence == "memory":
        seed_reference_data(container.uow)
    return container
