"""The paywall: who may read a chapter now, why, and how to unlock it (issue 4)."""

from ownverso.domain.access.decision import (
    AccessDecision,
    TierOption,
    UnlockOptions,
    decide,
    early_access_at,
)
from ownverso.domain.access.inputs import (
    ChapterFacts,
    EntitlementFacts,
    EntitlementKind,
    EntitlementState,
    SeriesFacts,
    SiteFacts,
    SubscriptionFacts,
    SubscriptionStatus,
    TierFacts,
    ViewerFacts,
)
from ownverso.domain.access.preview import preview_count, preview_html

__all__ = [
    "AccessDecision",
    "ChapterFacts",
    "EntitlementFacts",
    "EntitlementKind",
    "EntitlementState",
    "SeriesFacts",
    "SiteFacts",
    "SubscriptionFacts",
    "SubscriptionStatus",
    "TierFacts",
    "TierOption",
    "UnlockOptions",
    "ViewerFacts",
    "decide",
    "early_access_at",
    "preview_count",
    "preview_html",
]
