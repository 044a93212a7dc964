"""The table of authors' monthly payout statements (one per author, gateway, currency and
month)."""

import sqlalchemy as sa

from ownverso.adapters.sql.tables.base import id_column, metadata, version_column
from ownverso.adapters.sql.types import JsonDict, UtcDateTime, enum_column
from ownverso.domain.payments.payout import PayoutStatus

author_payouts = sa.Table(
    "author_payouts", metadata,
    id_column(), version_column(),
    sa.Column("author_id", sa.String(40), sa.ForeignKey("users.id", ondelete="CASCADE"),
              nullable=False),
    sa.Column("period_start", UtcDateTime, nullable=False),
    sa.Column("period_end", UtcDateTime, nullable=False),
    sa.Column("gateway", sa.String(32), nullable=False),
    sa.Column("currency", sa.String(3), nullable=False),
    sa.Column("gross_revenue", sa.BigInteger, nullable=False),
    sa.Column("refunded_amount", sa.BigInteger, nullable=False),
    sa.Column("charged_back_amount", sa.BigInteger, nullable=False),
    sa.Column("gateway_fees", sa.BigInteger, nullable=False),
    sa.Column("platform_fees", sa.BigInteger, nullable=False),
    sa.Column("net_payout", sa.BigInteger, nullable=False),
    sa.Column("transaction_count", sa.Integer, nullable=False),
    sa.Column("breakdown", JsonDict, nullable=False),
    sa.Column("invoice_number", sa.String(32)),
    sa.Column("status", enum_column(PayoutStatus), nullable=False),
    sa.Column("completed_at", UtcDateTime, nullable=False),
    sa.Column("created_at", UtcDateTime, nullable=False),
    sa.Column("updated_at", UtcDateTime, nullable=False),
    sa.UniqueConstraint("author_id", "gateway", "currency", "period_start",
                        name="uq_author_payouts_author_id_gateway_currency_period_start"),
    sa.Index("ix_author_payouts_author_period", "author_id", "period_start"),
    sa.Index("ix_author_payouts_period", "period_start"),
)
