"""Tables of the platform's usage-fee invoices to authors and their yearly number counters."""

import sqlalchemy as sa

from ownverso.adapters.sql.tables.base import id_column, metadata, version_column
from ownverso.adapters.sql.types import JsonDict, UtcDateTime, enum_column
from ownverso.domain.billing.platform_invoice import PlatformInvoiceStatus

platform_invoices = sa.Table(
    "platform_invoices", metadata,
    id_column(), version_column(),
    sa.Column("number", sa.String(32), nullable=False),
    sa.Column("author_id", sa.String(40), sa.ForeignKey("users.id", ondelete="CASCADE"),
              nullable=False),
    sa.Column("period_start", UtcDateTime, nullable=False),
    sa.Column("period_end", UtcDateTime, nullable=False),
    sa.Column("currency", sa.String(3), nullable=False),
    sa.Column("gross_revenue", sa.BigInteger, nullable=False),
    sa.Column("fee_bps", sa.Integer, nullable=False),
    sa.Column("fee_amount", sa.BigInteger, nullable=False),
    sa.Column("gst_bps", sa.Integer, nullable=False),
    sa.Column("gst_amount", sa.BigInteger, nullable=False),
    sa.Column("total_amount", sa.BigInteger, nullable=False),
    sa.Column("transaction_count", sa.Integer, nullable=False),
    sa.Column("breakdown", JsonDict, nullable=False),
    sa.Column("status", enum_column(PlatformInvoiceStatus), nullable=False),
    sa.Column("issued_at", UtcDateTime, nullable=False),
    sa.Column("due_date", UtcDateTime, nullable=False),
    sa.Column("paid_at", UtcDateTime),
    sa.Column("payment_method", sa.String(50)),
    sa.Column("payment_reference", sa.String(255)),
    sa.Column("reminders_sent", sa.Integer, nullable=False),
    sa.Column("last_reminder_at", UtcDateTime),
    sa.Column("gateway_checkout_id", sa.String(255)),
    sa.Column("checkout_url", sa.Text),
    sa.Column("checkout_attempts", sa.Integer, nullable=False, server_default="0"),
    sa.Column("created_at", UtcDateTime, nullable=False),
    sa.Column("updated_at", UtcDateTime, nullable=False),
    sa.UniqueConstraint("number", name="uq_platform_invoices_number"),
    sa.UniqueConstraint("author_id", "period_start", "currency",
                        name="uq_platform_invoices_author_id_period_start_currency"),
    sa.Index("ix_platform_invoices_status_due", "status", "due_date"),
    sa.Index("ix_platform_invoices_period", "period_start"),
)

platform_invoice_counters = sa.Table(
    "platform_invoice_counters", metadata,
    id_column(), version_column(),
    sa.Column("year", sa.Integer, nullable=False),
    sa.Column("last_number", sa.Integer, nullable=False),
    sa.UniqueConstraint("year", name="uq_platform_invoice_counters_year"),
)
