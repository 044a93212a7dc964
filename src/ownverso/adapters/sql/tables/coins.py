"""Tables of reader coins: wallets, their append-only ledger, coin packages and what authors
earn from coin unlocks."""

import sqlalchemy as sa

from ownverso.adapters.sql.tables.base import id_column, metadata, version_column
from ownverso.adapters.sql.types import JsonDict, UtcDateTime, enum_column
from ownverso.domain.commerce.coins import LedgerKind

coin_wallets = sa.Table(
    "coin_wallets", metadata,
    id_column(), version_column(),
    sa.Column("user_id", sa.String(40), sa.ForeignKey("users.id", ondelete="CASCADE"),
              nullable=False, unique=True),
    sa.Column("paid_balance", sa.Integer, nullable=False, default=0),
    sa.Column("bonus_balance", sa.Integer, nullable=False, default=0),
    sa.Column("entry_count", sa.Integer, nullable=False, default=0),
    sa.Column("created_at", UtcDateTime, nullable=False),
    sa.Column("updated_at", UtcDateTime, nullable=False),
    sa.CheckConstraint("paid_balance >= 0 AND bonus_balance >= 0", name="balances_positive"),
)

# Append-only: rows are inserted, never updated or deleted (a refund is a new row).
coin_ledger = sa.Table(
    "coin_ledger", metadata,
    id_column(), version_column(),
    sa.Column("wallet_id", sa.String(40), sa.ForeignKey("coin_wallets.id", ondelete="CASCADE"),
              nullable=False),
    sa.Column("user_id", sa.String(40), nullable=False),
    sa.Column("sequence", sa.Integer, nullable=False),
    sa.Column("kind", enum_column(LedgerKind), nullable=False),
    sa.Column("amount", sa.Integer, nullable=False),
    sa.Column("paid_amount", sa.Integer, nullable=False),
    sa.Column("bonus_amount", sa.Integer, nullable=False),
    sa.Column("balance_after", sa.Integer, nullable=False),
    sa.Column("source_type", sa.String(32), nullable=False),
    sa.Column("source_id", sa.String(40), nullable=False),
    sa.Column("description", sa.String(200)),
    sa.Column("created_at", UtcDateTime, nullable=False),
    sa.UniqueConstraint("wallet_id", "sequence"),
    sa.UniqueConstraint("wallet_id", "source_type", "source_id", "kind"),
)

coin_packages = sa.Table(
    "coin_packages", metadata,
    id_column(), version_column(),
    sa.Column("name", sa.String(100), nullable=False),
    sa.Column("coins", sa.Integer, nullable=False),
    sa.Column("bonus_coins", sa.Integer, nullable=False, default=0),
    sa.Column("prices", JsonDict, nullable=False),
    sa.Column("is_active", sa.Boolean, nullable=False, default=True),
    sa.Column("display_order", sa.Integer, nullable=False, default=0),
    sa.Column("created_at", UtcDateTime, nullable=False),
    sa.Column("updated_at", UtcDateTime, nullable=False),
    sa.Index("ix_coin_packages_active_order", "is_active", "display_order"),
)

coin_earnings = sa.Table(
    "coin_earnings", metadata,
    id_column(), version_column(),
    sa.Column("author_id", sa.String(40), sa.ForeignKey("users.id", ondelete="CASCADE"),
              nullable=False),
    sa.Column("site_id", sa.String(40), sa.ForeignKey("sites.id", ondelete="CASCADE"),
              nullable=False),
    sa.Column("chapter_id", sa.String(40), sa.ForeignKey("chapters.id", ondelete="SET NULL")),
    sa.Column("reader_id", sa.String(40), nullable=False),
    sa.Column("ledger_entry_id", sa.String(40),
              sa.ForeignKey("coin_ledger.id", ondelete="RESTRICT"), nullable=False,
              unique=True),
    sa.Column("coins", sa.Integer, nullable=False),
    sa.Column("paid_coins", sa.Integer, nullable=False),
    sa.Column("bonus_coins", sa.Integer, nullable=False),
    sa.Column("money_value", sa.Integer, nullable=False),
    sa.Column("currency", sa.String(3), nullable=False),
    sa.Column("created_at", UtcDateTime, nullable=False),
    sa.Index("ix_coin_earnings_author_created", "author_id", "created_at"),
    sa.Index("ix_coin_earnings_site_created", "site_id", "created_at"),
)
