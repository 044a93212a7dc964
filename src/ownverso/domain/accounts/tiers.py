"""Platform tiers (what an author pays Ownverso) and the limits each one sets."""

from dataclasses import dataclass
from enum import StrEnum

from ownverso.domain.entity import Entity

GIB = 1024**3


class PlatformTier(StrEnum):
    FREE = "FREE"
    STARTER = "STARTER"
    GROWTH = "GROWTH"
    PROFESSIONAL = "PROFESSIONAL"
    ENTERPRISE = "ENTERPRISE"


@dataclass(eq=False, kw_only=True)
class TierLimits(Entity):
    """One row per tier, seeded by a migration and editable by admins. -1 means unlimited."""

    tier: PlatformTier
    max_series: int
    max_chapters_per_series: int
    max_total_chapters: int | None
    max_subscribers: int
    max_subscription_tiers: int
    storage_limit: int
    bandwidth_limit: int
    email_broadcasts_per_month: int
    newsletter_subscribers: int | None
    translation_languages: int
    translation_words_per_month: int
    writing_tokens_per_month: int
    cover_generations_per_month: int
    tiktok_videos_per_month: int | None
    has_custom_domain: bool
    custom_domain_count: int
    has_scheduled_publishing: bool
    has_one_time_purchases: bool
    has_advanced_discounts: bool
    has_advanced_analytics: bool
    has_cohort_analysis: bool
    has_churn_prediction: bool
    has_ab_testing: bool
    has_api_access: bool
    api_access_level: str | None
    has_featured_placement: bool
    featured_slots_per_month: int
    support_response_hours: int | None
    has_priority_support: bool
    has_dedicated_manager: bool
    has_onboarding_call: bool
    onboarding_minutes: int | None
    version_history_days: int
    has_custom_css: bool = False  # added by migration 0003


UNLIMITED = -1


def remaining(limit: int | None, used: int) -> int | None:
    """What is left under a limit; None when the limit is unlimited or absent."""
    if limit is None or limit == UNLIMITED:
        return None
    return max(limit - used, 0)
