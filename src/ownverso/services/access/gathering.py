"""What the access rule needs, read from the database in a fixed number of queries.

One chapter: the chapter, its series, its site, the viewer (user, collaborator role), the
site's tiers, the viewer's subscriptions to the site and their entitlements to the chapter:
eight reads for a signed-in viewer, four for an anonymous one, whatever the number of tiers,
subscriptions or entitlements. Many chapters of one series: the same reads, the entitlements
of every chapter in one of them. Subscriptions come from the database, never from the token.
The pages a viewer may see of a comic chapter: one more read (``allowed_pages``).
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from ownverso.domain.access import (
    AccessDecision,
    ChapterFacts,
    EntitlementFacts,
    SeriesFacts,
    SiteFacts,
    SubscriptionFacts,
    TierFacts,
    ViewerFacts,
    decide,
    preview_count,
)
from ownverso.domain.memberships.tier import Tier
from ownverso.domain.publishing.chapter import Chapter
from ownverso.domain.publishing.chapter_images import ChapterImage
from ownverso.domain.publishing.series import Series
from ownverso.domain.sites.permissions import OWNER
from ownverso.domain.sites.site import Site
from ownverso.domain.sites.values import CollaboratorStatus
from ownverso.services.context import Actor
from ownverso.services.errors import NotFound
from ownverso.services.ports import UnitOfWork


def chapter_not_found() -> NotFound:
    return NotFound("No such chapter.", code="chapter_not_found")


def tier_facts(tier: Tier) -> TierFacts:
    """A tier as the rule sees it; a private tier still grants, but is never offered."""
    return TierFacts(id=tier.id, name=tier.name, monthly_price=tier.monthly_price,
                     annual_price=tier.annual_price, currency=tier.currency,
                     display_order=tier.display_order,
                     early_access_days=tier.early_access_days,
                     is_active=tier.is_active and tier.is_public)


@dataclass(frozen=True)
class SiteContext:
    """Everything but the chapter: one series, its site, one viewer and what they hold."""

    series: Series
    site: Site
    viewer: ViewerFacts
    tiers: tuple[TierFacts, ...] = ()
    subscriptions: tuple[SubscriptionFacts, ...] = ()
    entitlements: dict[str, tuple[EntitlementFacts, ...]] = field(default_factory=dict)

    def decide(self, chapter: Chapter, now: datetime) -> AccessDecision:
        facts = ChapterFacts.of(chapter, coin_price=chapter.coin_price)
        return decide(chapter=facts, series=SeriesFacts.of(self.series),
                      site=SiteFacts.of(self.site), viewer=self.viewer, tiers=self.tiers,
                      subscriptions=self.subscriptions,
                      entitlements=self.entitlements.get(chapter.id, ()), now=now)


def viewer_facts(uow: UnitOfWork, actor: Actor | None, site: Site) -> ViewerFacts:
    """Status, admin role and site role as stored now (two reads; none when anonymous)."""
    if actor is None:
        return ViewerFacts.anonymous()
    user = uow.users.get(actor.user_id)
    if user is None:
        return ViewerFacts.anonymous()
    role = None
    if site.author_id == user.id:
        role = OWNER
    else:
        membership = uow.collaborators.get_by(site_id=site.id, user_id=user.id,
                                              status=CollaboratorStatus.ACTIVE)
        role = membership.role.value if membership else None
    return ViewerFacts.of(user_id=user.id, status=user.status, is_admin=user.role.is_admin,
                          site_role=role)


def site_context(uow: UnitOfWork, actor: Actor | None, series: Series, site: Site,
                 chapter_ids: Sequence[str]) -> SiteContext:
    """The viewer, the site's tiers, the viewer's subscriptions to the site (started ones:
    an unpaid checkout holds no access) and their entitlements to ``chapter_ids``."""
    viewer = viewer_facts(uow, actor, site)
    tiers = tuple(tier_facts(t) for t in uow.tiers.list(site_id=site.id))
    if viewer.user_id is None:
        return SiteContext(series=series, site=site, viewer=viewer, tiers=tiers)
    subscriptions = tuple(s.facts() for s in uow.reader_subscriptions.list(
        reader_id=viewer.user_id, site_id=site.id) if s.status is not None)
    entitlements: dict[str, tuple[EntitlementFacts, ...]] = {}
    if chapter_ids:
        for held in uow.chapter_entitlements.list(user_id=viewer.user_id,
                                                  chapter_id__in=list(chapter_ids)):
            entitlements[held.chapter_id] = (*entitlements.get(held.chapter_id, ()),
                                             held.facts())
    return SiteContext(series=series, site=site, viewer=viewer, tiers=tiers,
                       subscriptions=subscriptions, entitlements=entitlements)


@dataclass(frozen=True)
class Gathered:
    """A chapter, where it lives, and the decision for one viewer."""

    chapter: Chapter
    series: Series
    site: Site
    decision: AccessDecision

    @property
    def is_public(self) -> bool:
        """Published on a visible series of a visible site: what anyone could find."""
        return (self.chapter.is_published and SeriesFacts.of(self.series).is_visible
                and SiteFacts.of(self.site).is_visible)


def gather(uow: UnitOfWork, actor: Actor | None, chapter_id: str, *,
           now: datetime) -> Gathered:
    """The decision for one chapter; 404 where it does not exist for this viewer (rule 1:
    unpublished or hidden, unless staff; deleted, for everyone)."""
    chapter = uow.chapters.get(chapter_id) if chapter_id else None
    if chapter is None or chapter.is_deleted:
        raise chapter_not_found()
    series = uow.series.get(chapter.series_id)
    site = uow.sites.get(chapter.site_id)
    if series is None or series.is_deleted or site is None or site.is_deleted:
        raise chapter_not_found()
    decision = site_context(uow, actor, series, site, [chapter.id]).decide(chapter, now)
    if not decision.exists:
        raise chapter_not_found()
    return Gathered(chapter=chapter, series=series, site=site, decision=decision)


def allowed_pages(uow: UnitOfWork, found: Gathered) -> list[ChapterImage]:
    """The pages of a comic chapter this viewer may see, in reading order, in one read: all
    of them when granted, else the first ``preview_count`` (for comics, preview paragraphs
    count pages). No read, and none, for other chapters."""
    if not found.series.content_type.is_comic:
        return []
    limit = None if found.decision.granted else preview_count(found.chapter, found.series)
    if limit is not None and limit <= 0:
        return []
    return uow.chapter_images.list(chapter_id=found.chapter.id, order_by=["position"],
                                   limit=limit)


def decide_many(uow: UnitOfWork, actor: Actor | None, series: Series, site: Site,
                chapters: Sequence[Chapter], *, now: datetime) -> dict[str, AccessDecision]:
    """Decisions for many chapters of one series, for one viewer, in the reads of one."""
    context = site_context(uow, actor, series, site, [c.id for c in chapters])
    return {c.id: context.decide(c, now) for c in chapters}
