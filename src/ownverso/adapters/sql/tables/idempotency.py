"""Idempotency keys of our own money-moving requests and the answers kept for replay."""

import sqlalchemy as sa

from ownverso.adapters.sql.tables.base import id_column, metadata, version_column
from ownverso.adapters.sql.types import JsonDict, UtcDateTime, enum_column
from ownverso.domain.idempotency import IdempotencyStatus

idempotency_records = sa.Table(
    "idempotency_records", metadata,
    id_column(), version_column(),
    sa.Column("user_id", sa.String(40), sa.ForeignKey("users.id", ondelete="CASCADE"),
              nullable=False),
    sa.Column("key", sa.String(255), nullable=False),
    sa.Column("method", sa.String(10), nullable=False),
    sa.Column("path", sa.String(2048), nullable=False),
    sa.Column("fingerprint", sa.String(64), nullable=False),
    sa.Column("status", enum_column(IdempotencyStatus), nullable=False),
    sa.Column("response_status", sa.Integer),
    sa.Column("response_body", sa.Text),
    sa.Column("response_headers", JsonDict, nullable=False),
    sa.Column("created_at", UtcDateTime, nullable=False),
    sa.Column("expires_at", UtcDateTime, nullable=False),
    sa.UniqueConstraint("user_id", "key"),
    sa.Index("ix_idempotency_records_expires_at", "expires_at"),
)
