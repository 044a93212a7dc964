"""Tables of payments and their event logs."""

import sqlalchemy as sa

from ownverso.adapters.sql.tables.base import id_column, metadata, version_column
from ownverso.adapters.sql.types import JsonDict, UtcDateTime, enum_column
from ownverso.domain.payments.payment import PaymentStatus, PaymentType

payments = sa.Table(
    "payments", metadata,
    id_column(), version_column(),
    sa.Column("reader_id", sa.String(40), sa.ForeignKey("users.id", ondelete="CASCADE"),
              nullable=False),
    sa.Column("author_id", sa.String(40), sa.ForeignKey("users.id", ondelete="CASCADE")),
    sa.Column("site_id", sa.String(40), sa.ForeignKey("sites.id", ondelete="SET NULL")),
    sa.Column("type", enum_column(PaymentType), nullable=False),
    sa.Column("status", enum_column(PaymentStatus), nullable=False),
    sa.Column("gross_amount", sa.Integer, nullable=False),
    sa.Column("gateway_fee", sa.Integer),
    sa.Column("net_amount", sa.Integer),
    sa.Column("currency", sa.String(3), nullable=False),
    sa.Column("gateway", sa.String(32), nullable=False),
    sa.Column("gateway_payment_id", sa.String(255), nullable=False),
    sa.Column("gateway_payment_ref", sa.String(255)),
    sa.Column("checkout_session_id", sa.String(40),
              sa.ForeignKey("checkout_sessions.id", ondelete="SET NULL")),
    sa.Column("subscription_id", sa.String(40),
              sa.ForeignKey("reader_subscriptions.id", ondelete="SET NULL")),
    sa.Column("purchase_id", sa.String(40), sa.ForeignKey("purchases.id", ondelete="SET NULL")),
    sa.Column("payer_hidden", sa.Boolean, nullable=False),
    sa.Column("refunded_amount", sa.Integer, nullable=False),
    sa.Column("refunded_at", UtcDateTime),
    sa.Column("failure_code", sa.String(64)),
    sa.Column("failure_message", sa.String(500)),
    sa.Column("description", sa.String(500)),
    sa.Column("disputed_at", UtcDateTime),
    sa.Column("event_count", sa.Integer, nullable=False),
    sa.Column("processed_at", UtcDateTime),
    sa.Column("created_at", UtcDateTime, nullable=False),
    sa.Column("updated_at", UtcDateTime, nullable=False),
    sa.UniqueConstraint("gateway", "gateway_payment_id",
                        name="uq_payments_gateway_gateway_payment_id"),
    sa.Index("ix_payments_author_created", "author_id", "created_at"),
    sa.Index("ix_payments_gateway_payment_ref", "gateway", "gateway_payment_ref"),
    sa.Index("ix_payments_reader_created", "reader_id", "created_at"),
    sa.Index("ix_payments_subscription", "subscription_id"),
    sa.Index("ix_payments_purchase", "purchase_id"),
)

payment_events = sa.Table(
    "payment_events", metadata,
    id_column(), version_column(),
    sa.Column("payment_id", sa.String(40), sa.ForeignKey("payments.id", ondelete="CASCADE"),
              nullable=False),
    sa.Column("sequence", sa.Integer, nullable=False),
    sa.Column("event_type", sa.String(50), nullable=False),
    sa.Column("previous_status", enum_column(PaymentStatus)),
    sa.Column("new_status", enum_column(PaymentStatus), nullable=False),
    sa.Column("amount", sa.Integer),
    sa.Column("metadata", JsonDict, nullable=False),
    sa.Column("created_at", UtcDateTime, nullable=False),
    sa.UniqueConstraint("payment_id", "sequence", name="uq_payment_events_payment_id_sequence"),
)
