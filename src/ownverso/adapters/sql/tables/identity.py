"""Tables of the identity module (users also carry the accounts module's profile columns)."""

import sqlalchemy as sa

from ownverso.adapters.sql.tables.base import id_column, metadata, version_column
from ownverso.adapters.sql.types import JsonDict, JsonList, UtcDateTime, enum_column
from ownverso.domain.identity.values import AuthProvider, TokenType, UserRole, UserStatus


def _user_fk() -> sa.Column:
    return sa.Column("user_id", sa.String(40), sa.ForeignKey("users.id", ondelete="CASCADE"),
                     nullable=False)


users = sa.Table(
    "users", metadata,
    id_column(), version_column(),
    sa.Column("email", sa.String(320), nullable=False, unique=True),
    sa.Column("username", sa.String(30), nullable=False, unique=True),
    sa.Column("display_name", sa.String(100), nullable=False),
    sa.Column("password_hash", sa.String(255)),
    sa.Column("email_verified", sa.Boolean, nullable=False, default=False),
    sa.Column("email_verified_at", UtcDateTime),
    sa.Column("role", enum_column(UserRole), nullable=False),
    sa.Column("status", enum_column(UserStatus), nullable=False),
    sa.Column("status_history", JsonList, nullable=False),
    sa.Column("mfa_enabled", sa.Boolean, nullable=False, default=False),
    sa.Column("mfa_secret", sa.Text),
    sa.Column("mfa_backup_codes", JsonList, nullable=False),
    sa.Column("mfa_last_step", sa.BigInteger),
    sa.Column("last_login_at", UtcDateTime),
    sa.Column("last_login_ip", sa.String(45)),
    sa.Column("last_login_user_agent", sa.Text),
    sa.Column("failed_login_count", sa.SmallInteger, nullable=False, default=0),
    sa.Column("locked_until", UtcDateTime),
    sa.Column("deleted_at", UtcDateTime),
    sa.Column("avatar_url", sa.String(2048)),
    sa.Column("avatar_key", sa.String(512)),
    sa.Column("bio", sa.Text),
    sa.Column("locale", sa.String(5), nullable=False),
    sa.Column("timezone", sa.String(64), nullable=False),
    sa.Column("preferences", JsonDict, nullable=False),
    sa.Column("data_region", sa.String(32), nullable=False),
    sa.Column("platform_tier", sa.String(32), nullable=False),
    sa.Column("platform_tier_status", sa.String(32), nullable=False),
    sa.Column("platform_tier_started_at", UtcDateTime),
    sa.Column("platform_tier_expires_at", UtcDateTime),
    sa.Column("platform_billing_cycle", sa.String(16)),
    sa.Column("series_count", sa.Integer, nullable=False, default=0),
    sa.Column("total_chapter_count", sa.Integer, nullable=False, default=0),
    sa.Column("active_subscriber_count", sa.Integer, nullable=False, default=0),
    sa.Column("storage_used_bytes", sa.BigInteger, nullable=False, default=0),
    sa.Column("bandwidth_used_bytes", sa.BigInteger, nullable=False, default=0),
    sa.Column("email_broadcasts_this_month", sa.Integer, nullable=False, default=0),
    sa.Column("ai_translation_words_used", sa.Integer, nullable=False, default=0),
    sa.Column("ai_writing_tokens_used", sa.Integer, nullable=False, default=0),
    sa.Column("ai_cover_generations_used", sa.Integer, nullable=False, default=0),
    sa.Column("created_at", UtcDateTime, nullable=False),
    sa.Column("updated_at", UtcDateTime, nullable=False),
    sa.Index("ix_users_status_role", "status", "role"),
)

sessions = sa.Table(
    "sessions", metadata,
    id_column(), version_column(), _user_fk(),
    sa.Column("refresh_token_hash", sa.String(64), nullable=False, unique=True),
    sa.Column("retired_refresh_hashes", JsonList, nullable=False),
    sa.Column("auth_provider", enum_column(AuthProvider), nullable=False),
    sa.Column("is_revoked", sa.Boolean, nullable=False, default=False),
    sa.Column("revoked_at", UtcDateTime),
    sa.Column("revoked_reason", sa.String(64)),
    sa.Column("user_agent", sa.Text),
    sa.Column("ip_address", sa.String(45)),
    sa.Column("device_type", sa.String(16)),
    sa.Column("device_os", sa.String(64)),
    sa.Column("browser", sa.String(64)),
    sa.Column("country", sa.String(2)),
    sa.Column("city", sa.String(100)),
    sa.Column("expires_at", UtcDateTime, nullable=False),
    sa.Column("last_active_at", UtcDateTime, nullable=False),
    sa.Column("created_at", UtcDateTime, nullable=False),
    sa.Index("ix_sessions_user_revoked", "user_id", "is_revoked"),
    sa.Index("ix_sessions_expires_at", "expires_at"),
)

verification_tokens = sa.Table(
    "verification_tokens", metadata,
    id_column(), version_column(), _user_fk(),
    sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
    sa.Column("type", enum_column(TokenType), nullable=False),
    sa.Column("new_email", sa.String(320)),
    sa.Column("is_used", sa.Boolean, nullable=False, default=False),
    sa.Column("used_at", UtcDateTime),
    sa.Column("requested_ip", sa.String(45)),
    sa.Column("used_ip", sa.String(45)),
    sa.Column("expires_at", UtcDateTime, nullable=False),
    sa.Column("created_at", UtcDateTime, nullable=False),
    sa.Index("ix_verification_tokens_user_type", "user_id", "type"),
)

auth_accounts = sa.Table(
    "auth_accounts", metadata,
    id_column(), version_column(), _user_fk(),
    sa.Column("provider", enum_column(AuthProvider), nullable=False),
    sa.Column("provider_account_id", sa.String(255), nullable=False),
    sa.Column("provider_email", sa.String(320)),
    sa.Column("provider_name", sa.String(255)),
    sa.Column("provider_avatar", sa.String(2048)),
    sa.Column("access_token", sa.Text),
    sa.Column("refresh_token", sa.Text),
    sa.Column("token_expires_at", UtcDateTime),
    sa.Column("scopes", JsonList, nullable=False),
    sa.Column("last_synced_at", UtcDateTime),
    sa.Column("created_at", UtcDateTime, nullable=False),
    sa.Column("updated_at", UtcDateTime, nullable=False),
    sa.UniqueConstraint("provider", "provider_account_id"),
    sa.Index("ix_auth_accounts_user_provider", "user_id", "provider"),
)

oauth_states = sa.Table(
    "oauth_states", metadata,
    id_column(), version_column(),
    sa.Column("state_hash", sa.String(64), nullable=False, unique=True),
    sa.Column("provider", enum_column(AuthProvider), nullable=False),
    sa.Column("code_verifier", sa.String(128), nullable=False),
    sa.Column("redirect_uri", sa.String(2048), nullable=False),
    sa.Column("link_user_id", sa.String(40), sa.ForeignKey("users.id", ondelete="CASCADE")),
    sa.Column("is_used", sa.Boolean, nullable=False, default=False),
    sa.Column("expires_at", UtcDateTime, nullable=False),
    sa.Column("created_at", UtcDateTime, nullable=False),
)
