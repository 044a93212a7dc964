"""Incoming payment webhook events, stored once per (gateway, event id)."""

import sqlalchemy as sa

from ownverso.adapters.sql.tables.base import id_column, metadata, version_column
from ownverso.adapters.sql.types import UtcDateTime, enum_column
from ownverso.domain.payments.webhook_event import WebhookGateway, WebhookStatus

webhook_events = sa.Table(
    "webhook_events", metadata,
    id_column(), version_column(),
    sa.Column("gateway", enum_column(WebhookGateway), nullable=False),
    sa.Column("event_id", sa.String(255), nullable=False),
    sa.Column("author_id", sa.String(40), sa.ForeignKey("users.id", ondelete="CASCADE")),
    sa.Column("event_type", sa.String(255), nullable=False),
    sa.Column("object_id", sa.String(255)),
    sa.Column("payload", sa.Text, nullable=False),
    sa.Column("signature_ok", sa.Boolean, nullable=False),
    sa.Column("received_at", UtcDateTime, nullable=False),
    sa.Column("status", enum_column(WebhookStatus), nullable=False),
    sa.Column("attempts", sa.Integer, nullable=False),
    sa.Column("next_attempt_at", UtcDateTime),
    sa.Column("last_error", sa.Text),
    sa.Column("processed_at", UtcDateTime),
    sa.UniqueConstraint("gateway", "event_id"),
    sa.Index("ix_webhook_events_status_next_attempt", "status", "next_attempt_at"),
    sa.Index("ix_webhook_events_received", "received_at"),
    sa.Index("ix_webhook_events_author_received", "author_id", "received_at"),
)
