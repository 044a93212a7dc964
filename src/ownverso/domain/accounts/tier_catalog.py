"""The default limits of each platform tier, as the migration seeds them."""

from ownverso.domain.accounts.tiers import GIB, UNLIMITED, PlatformTier

_FEATURES = ("has_custom_domain", "has_scheduled_publishing", "has_one_time_purchases",
             "has_advanced_discounts", "has_advanced_analytics", "has_cohort_analysis",
             "has_churn_prediction", "has_ab_testing", "has_api_access",
             "has_featured_placement", "has_priority_support", "has_dedicated_manager",
             "has_onboarding_call")

# tier: (series, chapters/series, subscribers, tiers, storage GiB, bandwidth GiB, broadcasts,
#        languages, translation words, writing tokens, covers, custom domains, featured slots,
#        support hours, history days, features on)
_ROWS = {
    PlatformTier.FREE: (3, 500, 1000, 3, 1, 10, 2, 1, 10_000, 20_000, 3, 0, 0, 72, 7, ()),
    PlatformTier.STARTER: (10, 2000, 5000, 5, 10, 100, 8, 3, 100_000, 200_000, 20, 1, 0, 48, 30,
                           ("has_custom_domain", "has_scheduled_publishing",
                            "has_one_time_purchases")),
    PlatformTier.GROWTH: (50, 5000, 25_000, 10, 50, 500, 30, 10, 500_000, 1_000_000, 100, 3,
                          2, 24, 90, _FEATURES[:9]),
    PlatformTier.PROFESSIONAL: (UNLIMITED, UNLIMITED, 100_000, 25, 200, 2000, 100, 30,
                                2_000_000, 5_000_000, 500, 10, 5, 8, 365, _FEATURES[:11]),
    PlatformTier.ENTERPRISE: (UNLIMITED, UNLIMITED, UNLIMITED, UNLIMITED, 1000, 10_000,
                              UNLIMITED, UNLIMITED, UNLIMITED, UNLIMITED, UNLIMITED, 50, 20, 2,
                              UNLIMITED, _FEATURES),
}


def default_tier_limits() -> list[dict]:
    """Rows for the ``tier_limits`` table, one per tier."""
    rows = []
    for tier, spec in _ROWS.items():
        (series, chapters, subs, tiers, storage, bandwidth, broadcasts, langs, words, tokens,
         covers, domains, slots, hours, history, on) = spec
        row = {
            "id": f"tier_{tier.lower()}", "tier": tier.value, "max_series": series,
            "max_chapters_per_series": chapters, "max_total_chapters": None,
            "max_subscribers": subs, "max_subscription_tiers": tiers,
            "storage_limit": storage * GIB, "bandwidth_limit": bandwidth * GIB,
            "email_broadcasts_per_month": broadcasts, "newsletter_subscribers": None,
            "translation_languages": langs, "translation_words_per_month": words,
            "writing_tokens_per_month": tokens, "cover_generations_per_month": covers,
            "tiktok_videos_per_month": None, "custom_domain_count": domains,
            "api_access_level": "full" if "has_api_access" in on else None,
            "featured_slots_per_month": slots, "support_response_hours": hours,
            "onboarding_minutes": 60 if "has_onboarding_call" in on else None,
            "version_history_days": history,
        }
        row.update({name: name in on for name in _FEATURES})
        rows.append(row)
    return rows


# Features added after migration 0001 (whose seed is ``default_tier_limits`` above, left as it
# was): the tiers that have each one. The migration adding the column sets it from here.
LATER_FEATURES: dict[str, frozenset[PlatformTier]] = {
    "has_custom_css": frozenset(set(PlatformTier) - {PlatformTier.FREE}),  # 0003
}


def later_features(tier: str) -> dict[str, bool]:
    """``{"has_custom_css": True, …}`` for one tier."""
    return {name: PlatformTier(tier) in tiers for name, tiers in LATER_FEATURES.items()}
