"""Tables of authors' payment gateway connections (secrets as ciphertext only) and of the
author's gateway settings (the default)."""

import sqlalchemy as sa

from ownverso.adapters.sql.tables.base import id_column, metadata, version_column
from ownverso.adapters.sql.types import UtcDateTime, enum_column
from ownverso.domain.payments.gateway_config import (
    ConnectionStatus,
    GatewayMode,
    GatewayProvider,
    SecretKind,
    StripeAccountType,
)

payment_gateway_connections = sa.Table(
    "payment_gateway_connections", metadata,
    id_column(), version_column(),
    sa.Column("author_id", sa.String(40), sa.ForeignKey("users.id", ondelete="CASCADE"),
              nullable=False),
    sa.Column("provider", enum_column(GatewayProvider), nullable=False),
    sa.Column("status", enum_column(ConnectionStatus), nullable=False),
    sa.Column("mode", enum_column(GatewayMode), nullable=False),
    sa.Column("key_id", sa.String(64)),
    sa.Column("account_id", sa.String(64)),
    sa.Column("account_type", enum_column(StripeAccountType)),
    sa.Column("business_id", sa.String(64)),
    sa.Column("secret_kind", enum_column(SecretKind)),
    sa.Column("secret_ciphertext", sa.Text),
    sa.Column("secret_hint", sa.String(8)),
    sa.Column("webhook_secret_ciphertext", sa.Text),
    sa.Column("webhook_secret_hint", sa.String(8)),
    sa.Column("webhook_secret_set_at", UtcDateTime),
    sa.Column("verified", sa.Boolean, nullable=False),
    sa.Column("verified_at", UtcDateTime),
    sa.Column("charges_enabled", sa.Boolean, nullable=False),
    sa.Column("payouts_enabled", sa.Boolean, nullable=False),
    sa.Column("details_submitted", sa.Boolean, nullable=False),
    sa.Column("connected_at", UtcDateTime, nullable=False),
    sa.Column("disconnected_at", UtcDateTime),
    sa.Column("last_webhook_at", UtcDateTime),
    sa.Column("last_webhook_ok_at", UtcDateTime),
    sa.Column("webhook_failure_count", sa.Integer, nullable=False),
    sa.Column("created_at", UtcDateTime, nullable=False),
    sa.Column("updated_at", UtcDateTime, nullable=False),
    sa.UniqueConstraint("author_id", "provider"),
)

payment_gateway_settings = sa.Table(
    "payment_gateway_settings", metadata,
    id_column(), version_column(),
    sa.Column("author_id", sa.String(40), sa.ForeignKey("users.id", ondelete="CASCADE"),
              nullable=False, unique=True),
    sa.Column("default_gateway", enum_column(GatewayProvider)),
    sa.Column("renewals_by_gateway", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("created_at", UtcDateTime, nullable=False),
    sa.Column("updated_at", UtcDateTime, nullable=False),
)
