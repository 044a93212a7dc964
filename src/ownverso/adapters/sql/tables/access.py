"""Tables of the paywall: chapter entitlements (bought or coin-unlocked chapters) and the
scheduled unlocks of SCHEDULED_FREE chapters."""

import sqlalchemy as sa

from ownverso.adapters.sql.tables.base import id_column, metadata, version_column
from ownverso.adapters.sql.types import UtcDateTime, enum_column
from ownverso.domain.access.inputs import EntitlementKind, EntitlementState
from ownverso.domain.publishing.scheduled_unlock import UnlockStatus
from ownverso.domain.publishing.values import ChapterAccessLevel

chapter_entitlements = sa.Table(
    "chapter_entitlements", metadata,
    id_column(), version_column(),
    sa.Column("user_id", sa.String(40), sa.ForeignKey("users.id", ondelete="CASCADE"),
              nullable=False),
    sa.Column("chapter_id", sa.String(40), sa.ForeignKey("chapters.id", ondelete="CASCADE"),
              nullable=False),
    sa.Column("kind", enum_column(EntitlementKind), nullable=False),
    sa.Column("state", enum_column(EntitlementState), nullable=False),
    sa.Column("source_id", sa.String(40)),
    sa.Column("created_at", UtcDateTime, nullable=False),
    sa.Column("updated_at", UtcDateTime, nullable=False),
    sa.UniqueConstraint("user_id", "chapter_id", "kind"),
    sa.Index("ix_chapter_entitlements_chapter", "chapter_id"),
)

scheduled_unlocks = sa.Table(
    "scheduled_unlocks", metadata,
    id_column(), version_column(),
    sa.Column("chapter_id", sa.String(40), sa.ForeignKey("chapters.id", ondelete="CASCADE"),
              nullable=False, unique=True),
    sa.Column("unlock_at", UtcDateTime, nullable=False),
    sa.Column("timezone", sa.String(64), nullable=False),
    sa.Column("original_access_level", enum_column(ChapterAccessLevel), nullable=False),
    sa.Column("original_minimum_tier_id", sa.String(40)),
    sa.Column("status", enum_column(UnlockStatus), nullable=False),
    sa.Column("unlocked_at", UtcDateTime),
    sa.Column("error_message", sa.String(500)),
    sa.Column("created_at", UtcDateTime, nullable=False),
    sa.Column("updated_at", UtcDateTime, nullable=False),
    sa.Index("ix_scheduled_unlocks_status_unlock_at", "status", "unlock_at"),
)
