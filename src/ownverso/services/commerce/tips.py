"""Tips: a reader tips an author, or one of the author's sites, through a TIP checkout; the
author lists the tips received (messages shown, an anonymous tipper's identity never), a site's
team lists the site's tips, and the tipper lists the tips sent.

Tipping opens an OPEN checkout holding the checked order (amount within the currency's bounds
from settings, message, anonymous flag); nothing is written about the tip until it is paid:
then ``TipFulfiller`` records it and notifies the author (``services/commerce/tip_fulfilment``).
"""

from collections.abc import Callable
from dataclasses import dataclass

from ownverso.domain.checkout.session import CheckoutKind, CheckoutSession
from ownverso.domain.commerce.tip import Tip, TipOrder, parse_tip_bounds
from ownverso.domain.identity.user import User
from ownverso.domain.sites.permissions import Permission
from ownverso.domain.sites.site import Site
from ownverso.services.checkout.sessions import CheckoutService
from ownverso.services.context import Actor
from ownverso.services.errors import (
    NotFound,
    PermissionDenied,
    ValidationFailed,
    domain_rules,
)
from ownverso.services.memberships.subscription_support import RESTRICTED, visible_site
from ownverso.services.ports import Clock, IdGenerator, UnitOfWork
from ownverso.services.sites.access import require

NEWEST = ("-created_at", "-id")  # ties (one clock tick): the later id first


@dataclass(frozen=True)
class TipView:
    """A tip with the people and site it names. ``tipper`` is None when the viewer may not
    know who sent it (an anonymous tip, seen by its author or the site's team)."""

    tip: Tip
    tipper: User | None
    author: User | None
    site: Site | None

    @property
    def tipper_name(self) -> str | None:
        return self.tipper.display_name if self.tipper else None

    @property
    def author_name(self) -> str | None:
        return self.author.display_name if self.author else None


def author_not_found() -> NotFound:
    return NotFound("No such author.", code="author_not_found")


def tip_views(uow: UnitOfWork, tips: list[Tip], *, reveal_anonymous: bool) -> list[TipView]:
    """Two queries for any number of tips. ``reveal_anonymous`` only for the tipper's own."""
    shown = {t.tipper_id for t in tips if reveal_anonymous or not t.is_anonymous}
    user_ids = sorted(shown | {t.author_id for t in tips})
    site_ids = sorted({t.site_id for t in tips if t.site_id})
    users = {u.id: u for u in uow.users.list(id__in=user_ids)} if user_ids else {}
    sites = {s.id: s for s in uow.sites.list(id__in=site_ids)} if site_ids else {}
    return [TipView(tip=t,
                    tipper=users.get(t.tipper_id) if t.tipper_id in shown else None,
                    author=users.get(t.author_id),
                    site=sites.get(t.site_id) if t.site_id else None) for t in tips]


class TipService:
    def __init__(self, *, uow: Callable[[], UnitOfWork], clock: Clock, ids: IdGenerator,
                 checkout: CheckoutService, tip_bounds: str):
        self.uow, self.clock, self.ids, self.checkout = uow, clock, ids, checkout
        self.bounds = parse_tip_bounds(tip_bounds)

    # -- tipping ------------------------------------------------------------------------------
    def tip(self, *, actor: Actor, amount: int, currency: str, author_id: str | None = None,
            site_id: str | None = None, message: str | None = None,
            is_anonymous: bool = False) -> CheckoutSession:
        """An OPEN TIP checkout to pay at its ``checkout_url`` (404 author_not_found,
        site_not_found; 422 recipient_required, site_not_of_author, own_tip,
        unsupported_currency, amount_out_of_bounds with the bounds, invalid_tip_message)."""
        now = self.clock.now()
        with self.uow() as uow:
            tipper = uow.users.get(actor.user_id)
            if tipper is None or tipper.status in RESTRICTED:
                raise PermissionDenied("This account cannot tip.", code="account_restricted")
            author, site = self._recipient(uow, author_id, site_id)
            with domain_rules():
                order = TipOrder.check(
                    tipper_id=actor.user_id, author_id=author.id,
                    site_id=site.id if site else None, amount=amount, currency=currency,
                    bounds=self.bounds, message=message, is_anonymous=is_anonymous)
            session = CheckoutSession.open(
                now=now, id=self.ids.new_id("cs"), kind=CheckoutKind.TIP,
                user_id=actor.user_id, site_id=order.site_id, amount=order.amount,
                original_amount=order.amount, currency=order.currency,
                payload={**order.to_payload(), "author_name": author.display_name,
                         "site_name": site.name if site else None})
            uow.checkout_sessions.add(session)
            uow.commit()
        return self.checkout.collect(session.id)

    @staticmethod
    def _recipient(uow: UnitOfWork, author_id: str | None, site_id: str | None
                   ) -> tuple[User, Site | None]:
        if not author_id and not site_id:
            message = "Name the author or the site to tip."
            raise ValidationFailed(message, code="recipient_required",
                                   fields={"author_id": [message], "site_id": [message]})
        site = visible_site(uow, site_id) if site_id else None
        if site is not None:
            if author_id and author_id != site.author_id:
                raise ValidationFailed("This site belongs to another author.",
                                       code="site_not_of_author",
                                       fields={"site_id": ["Not this author's site."]})
            author_id = site.author_id
        author = uow.users.get(author_id)
        if author is None or author.status in RESTRICTED \
                or uow.author_profiles.get_by(user_id=author.id) is None:
            raise author_not_found()
        return author, site

    # -- lists --------------------------------------------------------------------------------
    def received(self, *, actor: Actor, offset: int = 0, limit: int | None = None
                 ) -> tuple[list[TipView], int]:
        """Every tip to me (to me or to any of my sites), newest first; anonymous tippers
        are not named."""
        return self._page({"author_id": actor.user_id}, offset, limit, reveal=False)

    def for_site(self, *, actor: Actor, site_id: str, offset: int = 0,
                 limit: int | None = None) -> tuple[list[TipView], int]:
        """Tips to one site, newest first, for its team with ANALYTICS_READ or
        MONETIZATION_MANAGE (no role: 404, neither permission: 403)."""
        with self.uow() as uow:
            try:
                require(uow, actor, site_id, Permission.ANALYTICS_READ)
            except PermissionDenied:
                require(uow, actor, site_id, Permission.MONETIZATION_MANAGE)
        return self._page({"site_id": site_id}, offset, limit, reveal=False)

    def sent(self, *, actor: Actor, offset: int = 0, limit: int | None = None
             ) -> tuple[list[TipView], int]:
        """The tips I sent, newest first (anonymous ones too: they were mine)."""
        return self._page({"tipper_id": actor.user_id}, offset, limit, reveal=True)

    def _page(self, filters: dict, offset: int, limit: int | None, *, reveal: bool
              ) -> tuple[list[TipView], int]:
        with self.uow() as uow:
            tips = uow.tips.list(order_by=NEWEST, offset=offset, limit=limit, **filters)
            return tip_views(uow, tips, reveal_anonymous=reveal), uow.tips.count(**filters)
