"""Tables of the referrals module."""

import sqlalchemy as sa

from ownverso.adapters.sql.tables.base import id_column, metadata, version_column
from ownverso.adapters.sql.types import UtcDateTime, enum_column
from ownverso.domain.referrals.referral import ReferralStatus


def _user_fk(name: str) -> sa.Column:
    return sa.Column(name, sa.String(40), sa.ForeignKey("users.id", ondelete="CASCADE"),
                     nullable=False)


def _attribution() -> list[sa.Column]:
    return [sa.Column("landing_page", sa.String(2048)),
            sa.Column("utm_source", sa.String(255)),
            sa.Column("utm_medium", sa.String(255)),
            sa.Column("utm_campaign", sa.String(255)),
            sa.Column("referrer_url", sa.String(2048))]


referral_accounts = sa.Table(
    "referral_accounts", metadata,
    id_column(), version_column(),
    _user_fk("user_id"),
    sa.Column("code", sa.String(12), nullable=False),
    sa.Column("reward_months", sa.SmallInteger, nullable=False),
    sa.Column("created_at", UtcDateTime, nullable=False),
    sa.Column("updated_at", UtcDateTime, nullable=False),
    sa.Column("regenerated_at", UtcDateTime),
    sa.UniqueConstraint("user_id"),
    sa.UniqueConstraint("code"),
)

referral_clicks = sa.Table(
    "referral_clicks", metadata,
    id_column(), version_column(),
    _user_fk("referrer_id"),
    sa.Column("code", sa.String(12), nullable=False),
    sa.Column("clicked_at", UtcDateTime, nullable=False),
    *_attribution(),
    sa.Index("ix_referral_clicks_referrer_clicked", "referrer_id", "clicked_at"),
)

referrals = sa.Table(
    "referrals", metadata,
    id_column(), version_column(),
    _user_fk("referrer_id"),
    sa.Column("referrer_code", sa.String(12), nullable=False),
    _user_fk("referee_id"),
    sa.Column("status", enum_column(ReferralStatus), nullable=False),
    sa.Column("qualified_at", UtcDateTime),
    sa.Column("qualification_event", sa.String(40)),
    sa.Column("qualification_reason", sa.String(255)),
    sa.Column("referrer_reward", sa.String(40)),
    sa.Column("referrer_reward_value", sa.Integer),
    sa.Column("referrer_reward_applied_at", UtcDateTime),
    sa.Column("referee_reward", sa.String(40)),
    sa.Column("referee_reward_value", sa.Integer),
    sa.Column("referee_reward_applied_at", UtcDateTime),
    sa.Column("rewarded_by", sa.String(40)),
    *_attribution(),
    sa.Column("clicked_at", UtcDateTime),
    sa.Column("signed_up_at", UtcDateTime),
    sa.Column("converted_at", UtcDateTime),
    sa.Column("expires_at", UtcDateTime),
    sa.Column("created_at", UtcDateTime, nullable=False),
    sa.Column("updated_at", UtcDateTime, nullable=False),
    sa.UniqueConstraint("referee_id"),
    sa.Index("ix_referrals_referrer_status", "referrer_id", "status"),
    sa.Index("ix_referrals_referrer_code", "referrer_code"),
    sa.Index("ix_referrals_status_expires", "status", "expires_at"),
    sa.Index("ix_referrals_created", "created_at"),
)
