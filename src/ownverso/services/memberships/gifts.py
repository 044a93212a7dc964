"""Gift subscriptions: buy months of a tier for someone's email, list the gifts given and
received, show a gift by its claim code, and claim it.

Buying opens a GIFT checkout (no discount code is taken on gifts); once it is paid the
``GiftFulfiller`` records the gift and it is delivered by email on its date (``GiftDelivery``).
Claiming needs a signed-in account whose verified email is the recipient's (403
``not_the_recipient`` otherwise); the first claim wins under a row lock on the gift. The
months start a new gifted subscription (taking a tier seat, even past the tier's cap: the
gift was paid for), or, when the reader already subscribes to the site (on any tier), they
are added after the paid period and the gateway's next charge moves with it.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from ownverso.domain.checkout.session import CheckoutKind, CheckoutSession
from ownverso.domain.memberships.gift import (
    Gift,
    GiftOrder,
    GiftStatus,
    gift_price,
    normalize_claim_code,
)
from ownverso.domain.memberships.subscription import Subscription
from ownverso.domain.memberships.tier import Tier
from ownverso.domain.sites.site import Site
from ownverso.services.checkout.sessions import CheckoutService
from ownverso.services.context import Actor
from ownverso.services.emails import EmailSender
from ownverso.services.errors import (
    Conflict,
    NotFound,
    PermissionDenied,
    Unavailable,
    ValidationFailed,
    domain_rules,
)
from ownverso.services.memberships.gift_delivery import months_text
from ownverso.services.memberships.subscription_checkout import check_room, subscribable_tier
from ownverso.services.memberships.subscription_support import (
    SubscriptionView,
    check_reader,
    gateway_of,
    slot_of,
    take_seat,
    views,
    visible_site,
)
from ownverso.services.memberships.tier_access import tier_not_found
from ownverso.services.payments.gateway_router import GatewayRouter
from ownverso.services.ports import (
    Clock,
    IdGenerator,
    IntegrityConflict,
    UnitOfWork,
)

NEWEST = ("-created_at", "id")
SEEN_BY_RECIPIENT = [GiftStatus.DELIVERED, GiftStatus.EXPIRED]  # pending ones are a surprise


@dataclass(frozen=True)
class GiftView:
    """A gift with its tier and site."""

    gift: Gift
    tier: Tier | None
    site: Site | None


@dataclass(frozen=True)
class GiftClaim:
    gift: GiftView
    subscription: SubscriptionView


def gift_not_found() -> NotFound:
    return NotFound("No such gift.", code="gift_not_found")


def gift_views(uow: UnitOfWork, gifts: list[Gift]) -> list[GiftView]:
    """Two queries for any number of gifts."""
    tier_ids, site_ids = sorted({g.tier_id for g in gifts}), sorted({g.site_id for g in gifts})
    tiers = {t.id: t for t in uow.tiers.list(id__in=tier_ids)} if tier_ids else {}
    sites = {s.id: s for s in uow.sites.list(id__in=site_ids)} if site_ids else {}
    return [GiftView(g, tiers.get(g.tier_id), sites.get(g.site_id)) for g in gifts]


def _newest_first(gifts: list[Gift]) -> list[Gift]:
    by_id = sorted(gifts, key=lambda g: g.id)
    return sorted(by_id, key=lambda g: g.created_at, reverse=True)


class GiftService:
    def __init__(self, *, uow: Callable[[], UnitOfWork], clock: Clock, ids: IdGenerator,
                 gateways: GatewayRouter, checkout: CheckoutService, emails: EmailSender):
        self.uow, self.clock, self.ids = uow, clock, ids
        self.gateways, self.checkout, self.emails = gateways, checkout, emails

    # -- buying -------------------------------------------------------------------------------
    def buy(self, *, actor: Actor, site_id: str, tier_id: str, recipient_email: str,
            months: int = 1, recipient_name: str | None = None, gift_message: str | None = None,
            delivery_date: datetime | None = None, anonymous: bool = False) -> CheckoutSession:
        """An OPEN checkout for the gift (a paid tier only; no discount codes on gifts): pay
        at its ``checkout_url``. ``anonymous`` leaves the giver's name out of the email."""
        now = self.clock.now()
        with self.uow() as uow:
            check_reader(uow, actor.user_id)
            giver = uow.users.get(actor.user_id)
            assert giver is not None
            site, tier = self._giftable(uow, actor, site_id, tier_id)
            with domain_rules():
                order = GiftOrder.check(
                    now=now, giver_email=giver.email, recipient_email=recipient_email,
                    months=months, recipient_name=recipient_name, gift_message=gift_message,
                    delivery_date=delivery_date,
                    giver_name=None if anonymous else giver.display_name)
            check_room(uow, tier, now)
            session = self._session(actor, site, tier, order, giver.email, now)
            uow.checkout_sessions.add(session)
            uow.commit()
        return self.checkout.collect(session.id)

    @staticmethod
    def _giftable(uow: UnitOfWork, actor: Actor, site_id: str, tier_id: str
                  ) -> tuple[Site, Tier]:
        site = visible_site(uow, site_id)
        if site.author_id == actor.user_id:
            raise ValidationFailed("Authors do not buy gifts of their own site.",
                                   code="own_site", fields={"site_id": ["Your own site."]})
        tier = subscribable_tier(uow, site.id, tier_id, lock=True)
        if tier.is_free:
            raise ValidationFailed("A free tier needs no gift.", code="free_tier",
                                   fields={"tier_id": ["A free tier."]})
        return site, tier

    def _session(self, actor: Actor, site: Site, tier: Tier, order: GiftOrder,
                 giver_email: str, now: datetime) -> CheckoutSession:
        price = gift_price(monthly_price=tier.monthly_price, annual_price=tier.annual_price,
                           months=order.months)
        when = order.delivery_date.isoformat() if order.delivery_date else None
        return CheckoutSession.open(
            now=now, id=self.ids.new_id("cs"), kind=CheckoutKind.GIFT, user_id=actor.user_id,
            site_id=site.id, tier_id=tier.id, amount=price, original_amount=price,
            currency=tier.currency,
            payload={"months": order.months, "recipient_email": order.recipient_email,
                     "recipient_name": order.recipient_name,
                     "gift_message": order.gift_message, "delivery_date": when,
                     "giver_name": order.giver_name, "giver_email": giver_email,
                     "tier_name": tier.name, "site_name": site.name})

    # -- lists --------------------------------------------------------------------------------
    def given(self, *, actor: Actor, offset: int = 0, limit: int | None = None
              ) -> tuple[list[GiftView], int]:
        """The gifts I bought, newest first."""
        with self.uow() as uow:
            gifts = uow.gifts.list(giver_id=actor.user_id, order_by=NEWEST, offset=offset,
                                   limit=limit)
            return gift_views(uow, gifts), uow.gifts.count(giver_id=actor.user_id)

    def received(self, *, actor: Actor, offset: int = 0, limit: int | None = None
                 ) -> tuple[list[GiftView], int]:
        """Gifts I claimed, and gifts delivered to my verified email not yet claimed (open
        or expired), newest first. A gift still waiting for its delivery date is not shown."""
        with self.uow() as uow:
            user = uow.users.get(actor.user_id)
            claimed = {"recipient_id": actor.user_id}
            waiting = {"recipient_email": user.email.lower(), "recipient_id__isnull": True,
                       "status__in": SEEN_BY_RECIPIENT} if user and user.email_verified \
                else None
            end = None if limit is None else offset + limit
            found = uow.gifts.list(order_by=NEWEST, limit=end, **claimed)
            total = uow.gifts.count(**claimed)
            if waiting:
                found += uow.gifts.list(order_by=NEWEST, limit=end, **waiting)
                total += uow.gifts.count(**waiting)
            return gift_views(uow, _newest_first(found)[offset:end]), total

    # -- claiming -----------------------------------------------------------------------------
    def info(self, *, claim_code: str) -> GiftView:
        """What a claim code holds (public: never the recipient's email)."""
        with self.uow() as uow:
            gift = uow.gifts.get_by(claim_code=normalize_claim_code(claim_code))
            if gift is None:
                raise gift_not_found()
            return gift_views(uow, [gift])[0]

    def claim(self, *, actor: Actor, claim_code: str) -> GiftClaim:
        """Start (or extend) my subscription with the gift: 403 ``not_the_recipient`` or
        ``email_not_verified``, 409 ``gift_already_claimed``, ``gift_expired``,
        ``gift_not_delivered``, ``cannot_extend`` (a paused or past-due subscription)."""
        now = self.clock.now()
        with self.uow() as uow:
            gift = uow.gifts.get_by(claim_code=normalize_claim_code(claim_code),
                                    for_update=True)
            if gift is None:
                raise gift_not_found()
            user = self._claimant(uow, actor, gift)
            with domain_rules():
                gift.check_claimable(now)
            site = uow.sites.get(gift.site_id)
            if site is None or site.author_id == user.id:
                raise ValidationFailed("Authors do not claim gifts of their own site.",
                                       code="own_site", fields={"claim_code": ["Own site."]})
            sub = self._grant(uow, gift, user.id, now)
            with domain_rules():
                gift.claim(recipient_id=user.id, subscription_id=sub.id, now=now)
            self._thank(uow, gift, site)
            try:
                uow.commit()
            except IntegrityConflict:
                raise Conflict("Your subscription to this site changed meanwhile; try again.",
                               code="claim_conflict") from None
            return GiftClaim(gift_views(uow, [gift])[0], views(uow, [sub])[0])

    def _claimant(self, uow: UnitOfWork, actor: Actor, gift: Gift):
        check_reader(uow, actor.user_id)
        user = uow.users.get(actor.user_id)
        assert user is not None
        if not gift.is_for(user.email):
            raise PermissionDenied("This gift was sent to another email address.",
                                   code="not_the_recipient")
        if not user.email_verified:
            raise PermissionDenied("Verify your email address to claim this gift.",
                                   code="email_not_verified")
        return user

    def _grant(self, uow: UnitOfWork, gift: Gift, reader_id: str, now: datetime
               ) -> Subscription:
        """Extend the reader's live subscription to the site, or start a gifted one."""
        sub = uow.reader_subscriptions.get_by(live_slot=slot_of(reader_id, gift.site_id),
                                              for_update=True)
        if sub is not None:
            with domain_rules():
                period_end = sub.extend(months=gift.months, now=now)
            if sub.gateway_subscription_id:
                self._reschedule(uow, sub, period_end)
            return sub
        tier = uow.tiers.get_by(id=gift.tier_id, for_update=True)
        if tier is None:
            raise tier_not_found()
        sub = Subscription(id=self.ids.new_id("sub"), reader_id=reader_id,
                           site_id=gift.site_id, tier_id=tier.id,
                           original_price=tier.monthly_price, currency=tier.currency)
        with domain_rules():
            sub.start_gift(now=now, months=gift.months)
        take_seat(tier)
        uow.reader_subscriptions.add(sub)
        return sub

    def _reschedule(self, uow: UnitOfWork, sub: Subscription, next_charge_at: datetime) -> None:
        assert sub.gateway_subscription_id is not None
        try:
            gateway_of(uow, self.gateways, sub).reschedule(
                subscription_ref=sub.gateway_subscription_id, next_charge_at=next_charge_at)
        except Exception:
            raise Unavailable("The payment gateway is not answering; try again.",
                              code="gateway_unavailable") from None

    def _thank(self, uow: UnitOfWork, gift: Gift, site: Site) -> None:
        tier = uow.tiers.get(gift.tier_id)
        self.emails.send_after_commit(
            uow, to=gift.giver_email, template="gift_claimed",
            name=gift.giver_name or "there", recipient=gift.recipient_name or gift.recipient_email,
            months=months_text(gift.months), tier=tier.name if tier else "membership",
            site=site.name)
