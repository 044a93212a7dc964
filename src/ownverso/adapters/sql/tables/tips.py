"""Tables of tips."""

import sqlalchemy as sa

from ownverso.adapters.sql.tables.base import id_column, metadata, version_column
from ownverso.adapters.sql.types import UtcDateTime, enum_column
from ownverso.domain.commerce.tip import TipStatus

tips = sa.Table(
    "tips", metadata,
    id_column(), version_column(),
    sa.Column("tipper_id", sa.String(40), sa.ForeignKey("users.id", ondelete="CASCADE"),
              nullable=False),
    sa.Column("author_id", sa.String(40), sa.ForeignKey("users.id", ondelete="CASCADE"),
              nullable=False),
    sa.Column("site_id", sa.String(40), sa.ForeignKey("sites.id", ondelete="SET NULL")),
    sa.Column("amount", sa.Integer, nullable=False),
    sa.Column("currency", sa.String(3), nullable=False),
    sa.Column("message", sa.Text),
    sa.Column("is_anonymous", sa.Boolean, nullable=False),
    sa.Column("status", enum_column(TipStatus), nullable=False),
    sa.Column("checkout_session_id", sa.String(40),
              sa.ForeignKey("checkout_sessions.id", ondelete="SET NULL"), unique=True),
    sa.Column("created_at", UtcDateTime, nullable=False),
    sa.Column("paid_at", UtcDateTime, nullable=False),
    sa.Column("refunded_at", UtcDateTime),
    sa.Index("ix_tips_author_created", "author_id", "created_at"),
    sa.Index("ix_tips_site_created", "site_id", "created_at"),
    sa.Index("ix_tips_tipper_created", "tipper_id", "created_at"),
)
