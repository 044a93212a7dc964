"""Settings: ``config/default.toml``, then ``config/<env>.toml``, then environment variables.

``OWNVERSO_ENV`` picks the environment (development by default). Production is strict: every
setting it needs must be present, or start-up fails with a message naming each missing one.
"""

from __future__ import annotations

import dataclasses
import os
import secrets
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ENVIRONMENTS = ("development", "test", "production")
CONFIG_DIR = Path(os.environ.get("OWNVERSO_CONFIG_DIR",
                                 Path(__file__).resolve().parents[2] / "config"))


class ConfigError(RuntimeError):
    """A setting is missing or wrong; the message says which and how to fix it."""


@dataclass(frozen=True)
class Settings:
    env: str
    public_url: str
    var_dir: str
    persistence: str
    database_url: str
    jobs_backend: str
    mail_backend: str
    storage_backend: str
    payments_backend: str
    rate_limit_backend: str
    clock: str
    ids: str
    mail_from: str
    access_token_ttl: int
    refresh_token_ttl: int
    password_time_cost: int
    password_memory_cost: int
    max_avatar_bytes: int
    log_level: str
    log_json: bool
    secret_key: str = ""
    # older app secrets, comma-separated: what they encrypted still decrypts (`ownverso secrets
    # rotate` encrypts it again with SECRET_KEY, after which they may be dropped)
    encryption_keys: str = ""
    redis_url: str = ""
    smtp_host: str = ""
    smtp_port: int = 587
    smtp_username: str = ""
    smtp_password: str = ""
    smtp_starttls: bool = True
    s3_bucket: str = ""
    s3_region: str = "us-east-1"
    s3_endpoint_url: str = ""
    s3_access_key_id: str = ""
    s3_secret_access_key: str = ""
    s3_public_url: str = ""
    media_max_bytes: int = 52428800   # 50 MiB: the largest file the media library takes
    media_upload_ttl: int = 3600      # seconds a presigned upload URL stays valid
    page_url_ttl: int = 600           # seconds a signed link to a comic page stays valid
    download_url_ttl: int = 300       # seconds a signed link to a bought file stays valid
    idempotency_key_ttl: int = 86400  # seconds an Idempotency-Key and its answer are kept
    webhook_max_bytes: int = 262144   # 256 KiB: the largest incoming webhook body taken
    webhook_max_attempts: int = 8     # processing attempts before an event is DEAD_LETTER
    webhook_stripe_tolerance: int = 300  # seconds a Stripe-Signature timestamp stays valid
    # the gateways' API hosts (tests point them at local stand-ins)
    stripe_api_base: str = "https://api.stripe.com"
    razorpay_api_base: str = "https://api.razorpay.com"
    xendit_api_base: str = "https://api.xendit.co"
    referral_referee_discount_percent: int = 50  # off a referred user's first platform month
    # FREE-tier usage fee: basis points of reader revenue, GST on it, days to pay after the month
    platform_fee_bps: int = 1000
    platform_gst_bps: int = 1800
    platform_invoice_due_days: int = 15
    # Ownverso's own Stripe account for authors' platform subscriptions (empty: the sandbox)
    platform_stripe_secret_key: str = ""
    # ... and the signing secret of its webhook endpoint, /api/v1/webhooks/stripe/platform
    platform_stripe_webhook_secret: str = ""
    # tips: currency:min-max in the smallest unit (INR 10-50,000; USD/EUR/GBP 1-500)
    tip_bounds: str = "INR:1000-5000000,USD:100-50000,EUR:100-50000,GBP:100-50000"
    google_client_id: str = ""
    apple_client_id: str = ""
    twitter_client_id: str = ""
    twitter_client_secret: str = ""

    @property
    def var_path(self) -> Path:
        return Path(self.var_dir).resolve()

    @property
    def old_secret_keys(self) -> tuple[str, ...]:
        """``encryption_keys`` as a list, without blanks and without the current key."""
        keys = (key.strip() for key in self.encryption_keys.replace("\n", ",").split(","))
        return tuple(dict.fromkeys(k for k in keys if k and k != self.secret_key))

    @property
    def sql_url(self) -> str:
        return self.database_url or f"sqlite:///{self.var_path / 'ownverso.db'}"

    @property
    def is_embedded_sqlite(self) -> bool:
        return self.persistence == "sql" and self.sql_url.startswith("sqlite")


CHOICES = {
    "persistence": {"sql", "memory"}, "jobs_backend": {"inline", "rq"},
    "mail_backend": {"outbox", "smtp", "memory"}, "storage_backend": {"local", "s3", "memory"},
    "payments_backend": {"sandbox", "connected"}, "rate_limit_backend": {"memory", "redis"},
    "clock": {"system", "fixed"}, "ids": {"random", "sequential"},
}


def _coerce(name: str, raw: Any, kind: type) -> Any:
    if not isinstance(raw, str) or kind is str:
        return raw
    if kind is bool:
        if raw.lower() in ("1", "true", "yes", "on"):
            return True
        if raw.lower() in ("0", "false", "no", "off", ""):
            return False
        raise ConfigError(f"{name.upper()} must be true or false, not {raw!r}")
    try:
        return kind(raw)
    except ValueError:
        raise ConfigError(f"{name.upper()} must be a {kind.__name__}, not {raw!r}") from None


def _read(path: Path) -> dict:
    return tomllib.loads(path.read_text()) if path.is_file() else {}


def load_settings(env: str | None = None, **overrides: Any) -> Settings:
    """Build the settings for ``env`` (default: $OWNVERSO_ENV or development)."""
    env = env or os.environ.get("OWNVERSO_ENV", "development")
    if env not in ENVIRONMENTS:
        raise ConfigError(f"OWNVERSO_ENV must be one of {', '.join(ENVIRONMENTS)}, not {env!r}")
    values: dict[str, Any] = {**_read(CONFIG_DIR / "default.toml"),
                              **_read(CONFIG_DIR / f"{env}.toml")}
    kinds = {f.name: f.type for f in dataclasses.fields(Settings)}
    types = {"str": str, "int": int, "bool": bool}
    for name in kinds:
        if name.upper() in os.environ and name != "env":
            values[name] = os.environ[name.upper()]
    values.update(overrides)
    unknown = set(values) - set(kinds)
    if unknown:
        raise ConfigError(f"Unknown settings: {', '.join(sorted(unknown))}")
    values = {k: _coerce(k, v, types[kinds[k]]) for k, v in values.items()}
    settings = Settings(env=env, **{k: v for k, v in values.items() if k != "env"})
    _check_choices(settings)
    if env == "production":
        _check_production(settings)
    if not settings.secret_key:
        settings = dataclasses.replace(settings, secret_key=_local_secret(settings))
    return settings


def _check_choices(settings: Settings) -> None:
    for name, allowed in CHOICES.items():
        value = getattr(settings, name)
        if value not in allowed:
            raise ConfigError(f"{name.upper()} must be one of {', '.join(sorted(allowed))}, "
                              f"not {value!r}")


def _check_production(s: Settings) -> None:
    needs = {
        "SECRET_KEY": len(s.secret_key) >= 32 or "a random string of at least 32 characters",
        "DATABASE_URL": s.database_url.startswith(("postgres", "postgresql"))
        or "a Postgres URL, e.g. postgresql://user:pass@host/ownverso",
        "PUBLIC_URL": s.public_url.startswith("https://") or "the https:// address of the API",
    }
    if "redis" in (s.jobs_backend, s.rate_limit_backend) or s.jobs_backend == "rq":
        needs["REDIS_URL"] = bool(s.redis_url) or "redis://host:6379/0"
    if s.storage_backend == "s3":
        needs["S3_BUCKET"] = bool(s.s3_bucket) or "the bucket that holds uploaded files"
    if s.mail_backend == "smtp":
        needs["SMTP_HOST"] = bool(s.smtp_host) or "the SMTP server that sends email"
    if s.persistence != "sql" or s.clock != "system" or s.ids != "random":
        needs["PERSISTENCE/CLOCK/IDS"] = "sql, system and random in production"
    missing = [f"  {name}: {hint}" for name, hint in needs.items() if hint is not True]
    if missing:
        raise ConfigError("Production settings are missing or wrong:\n" + "\n".join(missing))


def _local_secret(settings: Settings) -> str:
    """Outside production, a secret kept in ``var/secret_key`` so tokens survive restarts."""
    if settings.env == "test":
        return "test-secret-key-" + "x" * 32
    path = settings.var_path / "secret_key"
    if not path.is_file():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(48))
        path.chmod(0o600)
    return path.read_text().strip()
