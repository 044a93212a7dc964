"""Tables of payments' refunds (by their author or an administrator) and disputes."""

import sqlalchemy as sa

from ownverso.adapters.sql.tables.base import id_column, metadata, version_column
from ownverso.adapters.sql.types import JsonList, UtcDateTime, enum_column
from ownverso.domain.payments.dispute import DisputeStatus
from ownverso.domain.payments.refund import PaymentRefundStatus

payment_refunds = sa.Table(
    "payment_refunds", metadata,
    id_column(), version_column(),
    sa.Column("payment_id", sa.String(40), sa.ForeignKey("payments.id", ondelete="CASCADE"),
              nullable=False),
    sa.Column("sequence", sa.Integer, nullable=False),
    sa.Column("amount", sa.Integer, nullable=False),
    sa.Column("currency", sa.String(3), nullable=False),
    sa.Column("reason", sa.String(500), nullable=False),
    sa.Column("status", enum_column(PaymentRefundStatus), nullable=False),
    sa.Column("gateway_refund_id", sa.String(255)),
    sa.Column("failure_code", sa.String(64)),
    sa.Column("coins_shortfall", sa.Integer, nullable=False),
    sa.Column("requested_by", sa.String(40), sa.ForeignKey("users.id", ondelete="SET NULL")),
    sa.Column("attempted_at", UtcDateTime, nullable=False),
    sa.Column("created_at", UtcDateTime, nullable=False),
    sa.Column("completed_at", UtcDateTime),
    sa.UniqueConstraint("payment_id", "sequence", name="uq_payment_refunds_payment_id_sequence"),
)

payment_disputes = sa.Table(
    "payment_disputes", metadata,
    id_column(), version_column(),
    sa.Column("payment_id", sa.String(40), sa.ForeignKey("payments.id", ondelete="CASCADE"),
              nullable=False),
    sa.Column("reason", sa.String(200), nullable=False),
    sa.Column("amount", sa.Integer, nullable=False),
    sa.Column("currency", sa.String(3), nullable=False),
    sa.Column("status", enum_column(DisputeStatus), nullable=False),
    sa.Column("evidence", JsonList, nullable=False),
    sa.Column("evidence_note", sa.Text),
    sa.Column("evidence_due_by", UtcDateTime),
    sa.Column("opened_at", UtcDateTime, nullable=False),
    sa.Column("resolved_at", UtcDateTime),
    sa.Column("resolved_by", sa.String(40), sa.ForeignKey("users.id", ondelete="SET NULL")),
    sa.UniqueConstraint("payment_id", name="uq_payment_disputes_payment_id"),
)
