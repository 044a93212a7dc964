"""Reading a chapter through the paywall: every use case that hands chapter text to a reader
asks the access rule first (``services.access.gathering``) and sends only what it allows.

Anonymous viewers are welcome (``viewer=None``). A chapter that does not exist for the viewer
(unpublished or hidden, unless they are staff; deleted) is a 404; a denied one is an answer
with the first paragraphs and the ways to unlock it.
"""

from collections.abc import Callable
from typing import Protocol

from ownverso.domain.access import AccessDecision, preview_count, preview_html
from ownverso.domain.checkout.session import CheckoutSession, CheckoutStatus
from ownverso.domain.memberships.values import BillingCycle
from ownverso.services.access.gathering import (
    Gathered,
    allowed_pages,
    chapter_not_found,
    gather,
)
from ownverso.services.access.pages import PageLinks, PageView
from ownverso.services.access.views import (
    AccessCheck,
    PublicView,
    Reading,
    UnlockMethod,
    UnlockOutcome,
    UnlockResult,
)
from ownverso.services.context import Actor
from ownverso.services.errors import PermissionDenied, Unavailable, ValidationFailed
from ownverso.services.ports import Clock, ContentUrlSigner, UnitOfWork


class SubscriptionStarter(Protocol):
    """Opens a subscription checkout (the memberships module's ``SubscribeService``)."""

    def start(self, *, actor: Actor, site_id: str, tier_id: str,
              billing_cycle: BillingCycle = BillingCycle.MONTHLY,
              discount_code: str | None = None) -> CheckoutSession: ...


class ChapterBuyer(Protocol):
    """Opens a one-time purchase checkout (the commerce module's ``PurchaseService``)."""

    def buy(self, *, actor: Actor, product_id: str | None = None,
            chapter_id: str | None = None,
            discount_code: str | None = None) -> CheckoutSession: ...


class CoinSpent(Protocol):
    coins_spent: int
    balance: int
    decision: AccessDecision  # after the unlock


class CoinUnlocker(Protocol):
    """Spends coins on a chapter, once (the commerce module's ``CoinUnlockService``)."""

    def unlock(self, *, actor: Actor, chapter_id: str) -> CoinSpent: ...


def reading_of(found: Gathered, pages: tuple[PageView, ...] = ()) -> Reading:
    """The whole text when granted; else the first paragraphs of the sanitized HTML (the
    chapter's preview count, else the series'), never the author's note. ``pages``: those
    the viewer may see (``allowed_pages``), already signed."""
    chapter, decision = found.chapter, found.decision
    if decision.granted:
        return Reading(chapter=chapter, decision=decision, content_html=chapter.content_html,
                       is_preview=False, preview_paragraphs=None,
                       author_note_html=chapter.author_note_html, pages=pages)
    paragraphs = preview_count(chapter, found.series)
    return Reading(chapter=chapter, decision=decision,
                   content_html=preview_html(chapter.content_html, paragraphs),
                   is_preview=True, preview_paragraphs=paragraphs,
                   paywall_message=chapter.paywall_message, pages=pages)


def check_unlock(decision: AccessDecision, *, method: str, tier_id: str | None,
                 billing_cycle: str) -> None:
    """403 for a restricted account; 422 for an unknown method or cycle, or, to subscribe, a
    tier that is not among the decision's unlock options (``tier_does_not_unlock``)."""
    if decision.reason == "account_restricted":
        raise PermissionDenied("This account cannot unlock chapters.",
                               code="account_restricted")
    for name, value, allowed in (("method", method, UnlockMethod),
                                 ("billing_cycle", billing_cycle, BillingCycle)):
        if value not in set(allowed):
            raise ValidationFailed(f"Unknown {name.replace('_', ' ')}.", code=f"invalid_{name}",
                                   fields={name: [f"One of: {', '.join(allowed)}."]})
    if method != UnlockMethod.SUBSCRIBE:
        return
    offered = [t.tier_id for t in decision.unlock_options.tiers]
    if not tier_id or tier_id not in offered:
        raise ValidationFailed(
            "This tier does not unlock this chapter.", code="tier_does_not_unlock",
            fields={"tier_id": [f"One of: {', '.join(offered)}." if offered
                                else "No tier unlocks this chapter."]})


class ReaderService:
    def __init__(self, *, uow: Callable[[], UnitOfWork], clock: Clock,
                 subscribe: SubscriptionStarter | None = None,
                 buy: ChapterBuyer | None = None, coins: CoinUnlocker | None = None,
                 signer: ContentUrlSigner | None = None, page_url_ttl: int = 600):
        self.uow, self.clock, self.subscribe = uow, clock, subscribe
        self.buy, self.coins = buy, coins
        self.links = PageLinks(signer, page_url_ttl) if signer is not None else None

    def _gather(self, viewer: Actor | None, chapter_id: str) -> Gathered:
        with self.uow() as uow:
            return gather(uow, viewer, chapter_id, now=self.clock.now())

    def _gather_pages(self, viewer: Actor | None,
                      chapter_id: str) -> tuple[Gathered, tuple[PageView, ...]]:
        """The decision and the pages it allows, with links signed only for those."""
        with self.uow() as uow:
            found = gather(uow, viewer, chapter_id, now=self.clock.now())
            images = allowed_pages(uow, found) if self.links is not None else []
        return found, self.links.views(images) if images else ()

    def read(self, *, viewer: Actor | None, chapter_id: str) -> Reading:
        """The chapter for this viewer: in full, or a preview with the ways to unlock it;
        a comic's pages (all, or the preview's) with links valid for a few minutes."""
        return reading_of(*self._gather_pages(viewer, chapter_id))

    def access_check(self, *, viewer: Actor | None, chapter_id: str) -> AccessCheck:
        """The decision alone, without any content."""
        return AccessCheck(chapter_id=chapter_id,
                           decision=self._gather(viewer, chapter_id).decision)

    def public(self, *, viewer: Actor | None, chapter_id: str) -> PublicView:
        """A published chapter of a visible series as the public finds it (drafts are 404
        here even for staff); its text only when this viewer may read it in full; a comic's
        pages as ``read`` gives them."""
        found, pages = self._gather_pages(viewer, chapter_id)
        if not found.is_public:
            raise chapter_not_found()
        return PublicView(chapter=found.chapter, decision=found.decision, pages=pages)

    def unlock(self, *, actor: Actor, chapter_id: str, method: UnlockMethod,
               tier_id: str | None = None,
               billing_cycle: BillingCycle = BillingCycle.MONTHLY,
               discount_code: str | None = None) -> UnlockResult:
        """Make the chapter readable. Already readable: ``already_unlocked``, nothing is
        started. SUBSCRIBE: ``tier_id`` must be one of the decision's unlock options (422
        ``tier_does_not_unlock``), then a subscription checkout opens for it (``checkout_open``
        with its URL; ``unlocked`` when there was nothing to pay, or ``subscribed`` when the
        new subscription reads it only later, at ``readable_at``). PURCHASE: a one-time
        purchase checkout for the chapter (the same as ``POST /chapters/{id}/purchase``).
        COINS: the chapter's coin price is spent at once (402 ``insufficient_coins``)."""
        found = self._gather(actor, chapter_id)
        decision = found.decision
        if decision.granted:
            return UnlockResult(status=UnlockOutcome.ALREADY_UNLOCKED, chapter_id=chapter_id,
                                decision=decision)
        check_unlock(decision, method=method, tier_id=tier_id, billing_cycle=billing_cycle)
        if method == UnlockMethod.COINS:
            return self._spend_coins(actor, chapter_id)
        checkout = self._open_checkout(actor, found, method, tier_id, billing_cycle,
                                       discount_code)
        if checkout.status != CheckoutStatus.COMPLETE:
            return UnlockResult(status=UnlockOutcome.CHECKOUT_OPEN, chapter_id=chapter_id,
                                decision=decision, checkout=checkout)
        after = self._gather(actor, chapter_id).decision
        return UnlockResult(status=UnlockOutcome.UNLOCKED if after.granted
                            else UnlockOutcome.SUBSCRIBED, chapter_id=chapter_id,
                            decision=after, checkout=checkout)

    def _open_checkout(self, actor: Actor, found: Gathered, method: str, tier_id: str | None,
                       billing_cycle: BillingCycle, discount_code: str | None
                       ) -> CheckoutSession:
        if method == UnlockMethod.PURCHASE:
            if self.buy is None:
                raise Unavailable("Buying chapters is not available.",
                                  code="checkout_unavailable")
            return self.buy.buy(actor=actor, chapter_id=found.chapter.id,
                                discount_code=discount_code)
        if self.subscribe is None:
            raise Unavailable("Subscribing is not available.", code="checkout_unavailable")
        return self.subscribe.start(actor=actor, site_id=found.site.id, tier_id=tier_id or "",
                                    billing_cycle=BillingCycle(billing_cycle),
                                    discount_code=discount_code)

    def _spend_coins(self, actor: Actor, chapter_id: str) -> UnlockResult:
        if self.coins is None:
            raise Unavailable("Coins are not available.", code="coins_unavailable")
        spent = self.coins.unlock(actor=actor, chapter_id=chapter_id)
        return UnlockResult(status=UnlockOutcome.UNLOCKED if spent.coins_spent
                            else UnlockOutcome.ALREADY_UNLOCKED, chapter_id=chapter_id,
                            decision=spent.decision, coins_spent=spent.coins_spent,
                            coin_balance=spent.balance)
