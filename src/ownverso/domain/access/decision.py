"""The access rule: may this viewer read this chapter now, why, and how could they.

``decide`` is the one place the paywall is decided; every endpoint that returns chapter
content asks it. The rules apply in the order of issue 4 (1 to 7); the first that speaks wins.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from ownverso.domain.access.inputs import (
    ChapterFacts,
    EntitlementFacts,
    EntitlementKind,
    SeriesFacts,
    SiteFacts,
    SubscriptionFacts,
    TierFacts,
    ViewerFacts,
)
from ownverso.domain.publishing.values import ChapterAccessLevel

FREE, SUBSCRIBERS = ChapterAccessLevel.FREE, ChapterAccessLevel.SUBSCRIBERS
SPECIFIC_TIER, SCHEDULED_FREE = ChapterAccessLevel.SPECIFIC_TIER, ChapterAccessLevel.SCHEDULED_FREE

GRANT_REASONS = frozenset({"author", "collaborator", "admin", "free", "early_access_subscriber",
                           "subscriber", "tier", "purchase", "coin_unlock", "scheduled_free"})
DENY_REASONS = frozenset({"not_found", "account_restricted", "subscription_required",
                          "tier_required", "early_access", "purchase_required"})


@dataclass(frozen=True, kw_only=True)
class TierOption:
    """A tier that would grant the chapter; ``available_at`` None: as soon as subscribed."""

    tier_id: str
    name: str
    monthly_price: int
    annual_price: int | None
    currency: str
    available_at: datetime | None = None


@dataclass(frozen=True, kw_only=True)
class UnlockOptions:
    tiers: tuple[TierOption, ...] = ()
    purchase_price: int | None = None
    currency: str | None = None  # of the purchase price
    coin_price: int | None = None
    free_at: datetime | None = None  # when it becomes free for everyone


NO_OPTIONS = UnlockOptions()


@dataclass(frozen=True, kw_only=True)
class AccessDecision:
    exists: bool  # False: the caller answers 404
    granted: bool
    reason: str
    readable_at: datetime | None = None  # when it is (or was) readable for this viewer
    unlock_options: UnlockOptions = field(default=NO_OPTIONS)

    @property
    def shows_preview(self) -> bool:
        """Denied but visible: the caller sends the first paragraphs only."""
        return self.exists and not self.granted


def decide(*, chapter: ChapterFacts, series: SeriesFacts, site: SiteFacts, viewer: ViewerFacts,
           tiers: Sequence[TierFacts], subscriptions: Iterable[SubscriptionFacts],
           entitlements: Iterable[EntitlementFacts], now: datetime) -> AccessDecision:
    """Rules 1-7 of the paywall, in order. Pure: everything it needs is passed in.

    ``tiers`` are the site's tiers (active or not); ``subscriptions`` the viewer's, of which
    only those to one of these tiers count; ``entitlements`` the viewer's.
    """
    staff = _staff_reason(viewer, site)
    if not (chapter.is_published and series.is_visible and site.is_visible):  # rule 1
        if staff:
            return AccessDecision(exists=True, granted=True, reason=staff)
        return AccessDecision(exists=False, granted=False, reason="not_found")
    if staff:  # rule 2
        return AccessDecision(exists=True, granted=True, reason=staff)
    if viewer.is_restricted:  # rule 3
        return AccessDecision(exists=True, granted=False, reason="account_restricted")
    by_id = {t.id: t for t in tiers}
    live = [by_id[s.tier_id] for s in subscriptions
            if s.tier_id in by_id and s.is_live(now)]
    options = _options(chapter, series, tiers, by_id)
    for entitlement in entitlements:  # rule 4
        if entitlement.chapter_id == chapter.id and entitlement.counts:
            reason = ("coin_unlock" if entitlement.kind == EntitlementKind.COIN_UNLOCK
                      else "purchase")
            return AccessDecision(exists=True, granted=True, reason=reason,
                                  unlock_options=options)
    if chapter.access_level == FREE:  # rule 5
        return _rolling(chapter, series, live, options, now)
    return _gated(chapter, live, by_id, options, now)  # rules 6 and 7


def _staff_reason(viewer: ViewerFacts, site: SiteFacts) -> str | None:
    """Author, collaborator (an active role on the site) or admin; None for readers.
    A collaborator only counts with content rights."""
    if viewer.user_id is None:
        return None
    if viewer.is_author_of(site):
        return "author"
    if viewer.site_role is not None and viewer.has_content_rights:
        return "collaborator"
    if viewer.is_admin:
        return "admin"
    return None


# -- rule 5: the rolling release of free chapters ---------------------------------------------
def _public_at(chapter: ChapterFacts, series: SeriesFacts) -> datetime | None:
    """When a FREE chapter is readable by everyone (None: at once, no early access). A free
    date ends early access too: a SCHEDULED_FREE chapter the unlock job turned FREE stays
    readable by everyone, as it was from its free date on."""
    if series.early_access_days <= 0 or chapter.published_at is None:
        return None
    public_at = chapter.published_at + timedelta(days=series.early_access_days)
    free_at = chapter.scheduled_free_at
    return min(public_at, free_at) if free_at is not None else public_at


def early_access_at(chapter: ChapterFacts, series: SeriesFacts,
                    tier: TierFacts) -> datetime | None:
    """When a subscriber of ``tier`` reads a FREE chapter: max(P, P + E - T)."""
    public_at = _public_at(chapter, series)
    if public_at is None or chapter.published_at is None:
        return None
    return max(chapter.published_at, public_at - timedelta(days=max(tier.early_access_days, 0)))


def _rolling(chapter: ChapterFacts, series: SeriesFacts, live: list[TierFacts],
             options: UnlockOptions, now: datetime) -> AccessDecision:
    public_at = _public_at(chapter, series)
    if public_at is None or now >= public_at:
        return AccessDecision(exists=True, granted=True, reason="free", readable_at=public_at,
                              unlock_options=options)
    mine = [at for tier in live if (at := early_access_at(chapter, series, tier)) is not None]
    readable_at = min([*mine, public_at])
    if now >= readable_at:
        return AccessDecision(exists=True, granted=True, reason="early_access_subscriber",
                              readable_at=readable_at, unlock_options=options)
    return AccessDecision(exists=True, granted=False, reason="early_access",
                          readable_at=readable_at, unlock_options=options)


# -- rules 6 and 7: subscribers, a tier, scheduled free ------------------------------------
def _minimum(chapter: ChapterFacts, by_id: dict[str, TierFacts]) -> TierFacts | None:
    return by_id.get(chapter.minimum_tier_id) if chapter.minimum_tier_id else None


def _needs_tier(chapter: ChapterFacts) -> bool:
    return chapter.access_level == SPECIFIC_TIER or (
        chapter.access_level == SCHEDULED_FREE and chapter.minimum_tier_id is not None)


def _grants(tier: TierFacts, chapter: ChapterFacts, by_id: dict[str, TierFacts]) -> bool:
    """Whether a live subscription to ``tier`` reads this gated chapter."""
    if _needs_tier(chapter):
        minimum = _minimum(chapter, by_id)  # an unknown minimum tier grants nobody
        return minimum is not None and tier.ranks_at_least(minimum)
    return not tier.is_free


def _gated(chapter: ChapterFacts, live: list[TierFacts], by_id: dict[str, TierFacts],
           options: UnlockOptions, now: datetime) -> AccessDecision:
    free_at = chapter.scheduled_free_at if chapter.access_level == SCHEDULED_FREE else None
    if free_at is not None and now >= free_at:
        return AccessDecision(exists=True, granted=True, reason="scheduled_free",
                              readable_at=free_at, unlock_options=options)
    needs_tier = _needs_tier(chapter)
    if any(_grants(tier, chapter, by_id) for tier in live):
        return AccessDecision(exists=True, granted=True,
                              reason="tier" if needs_tier else "subscriber",
                              unlock_options=options)
    if not options.tiers and (options.purchase_price or options.coin_price):
        reason = "purchase_required"
    else:
        reason = "tier_required" if needs_tier else "subscription_required"
    return AccessDecision(exists=True, granted=False, reason=reason, readable_at=free_at,
                          unlock_options=options)


# -- the ways to unlock -----------------------------------------------------------------------
def _option(tier: TierFacts, available_at: datetime | None = None) -> TierOption:
    return TierOption(tier_id=tier.id, name=tier.name, monthly_price=tier.monthly_price,
                      annual_price=tier.annual_price, currency=tier.currency,
                      available_at=available_at)


def _tier_options(chapter: ChapterFacts, series: SeriesFacts, tiers: Sequence[TierFacts],
                  by_id: dict[str, TierFacts]) -> tuple[TierOption, ...]:
    """The active tiers that would grant it, cheapest first; for a FREE chapter in early
    access, those that read it before everyone, each with its time."""
    offered = sorted((t for t in tiers if t.is_active), key=lambda t: t.rank)
    if chapter.access_level == FREE:
        public_at = _public_at(chapter, series)
        if public_at is None:
            return ()
        timed = [(t, early_access_at(chapter, series, t)) for t in offered]
        return tuple(_option(t, at) for t, at in timed if at is not None and at < public_at)
    return tuple(_option(t) for t in offered if _grants(t, chapter, by_id))


def _options(chapter: ChapterFacts, series: SeriesFacts, tiers: Sequence[TierFacts],
             by_id: dict[str, TierFacts]) -> UnlockOptions:
    price = chapter.price if chapter.price and chapter.price > 0 else None
    coins = chapter.coin_price if chapter.coin_price and chapter.coin_price > 0 else None
    if chapter.access_level == FREE:
        free_at, price, coins = _public_at(chapter, series), None, None
    elif chapter.access_level == SCHEDULED_FREE:
        free_at = chapter.scheduled_free_at
    else:
        free_at = None
    return UnlockOptions(tiers=_tier_options(chapter, series, tiers, by_id),
                         purchase_price=price, currency=chapter.currency if price else None,
                         coin_price=coins, free_at=free_at)
