"""A reader asks what a code does to a price on a site, before any checkout.

The price comes from what is bought: a tier on a billing cycle (its price for the cycle, in
its currency), a chapter or a product (its price and currency; the ``amount`` a quote may
carry is unused). Nothing is reserved: the checkout reserves the
use, under a lock, when it opens (``discount_redemptions.reserve_code``)."""

from dataclasses import dataclass
from datetime import datetime

from ownverso.domain.memberships.discount_values import Quote, TargetKind
from ownverso.domain.memberships.discounts import DiscountCode
from ownverso.domain.memberships.values import BillingCycle
from ownverso.domain.sites.site import Site
from ownverso.services.context import Actor
from ownverso.services.errors import Conflict, NotFound, ValidationFailed
from ownverso.services.memberships.discount_redemptions import FIELD, quote_code
from ownverso.services.memberships.tier_access import tier_not_found
from ownverso.services.ports import UnitOfWork
from ownverso.services.sites.access import role_on, site_not_found


@dataclass(frozen=True)
class CodeQuote:
    """A valid code and what it does to the price of one target."""

    code: DiscountCode
    quote: Quote
    currency: str
    target_kind: TargetKind
    target_id: str

    valid = True


@dataclass(frozen=True)
class _Priced:
    kind: TargetKind
    id: str
    cycle: BillingCycle | None
    amount: int
    currency: str


def _refuse(message: str, code: str, field: str = FIELD) -> ValidationFailed:
    return ValidationFailed(message, code=code, fields={field: [message]})


def _site(uow: UnitOfWork, actor: Actor, site_id: str) -> Site:
    """A public site, or any site of the caller's team."""
    site = uow.sites.get(site_id) if site_id else None
    if site is None or site.is_deleted or not (site.is_visible_to_public
                                               or role_on(uow, actor, site)):
        raise site_not_found()
    return site


def _tier_price(uow: UnitOfWork, site: Site, tier_id: str,
                billing_cycle: BillingCycle | str | None) -> _Priced:
    tier = uow.tiers.get(tier_id)
    if tier is None or tier.site_id != site.id:
        raise tier_not_found()
    if not tier.is_active:
        raise Conflict("This tier takes no new subscribers.", code="tier_unavailable",
                       fields={"tier_id": ["Inactive."]})
    cycle = BillingCycle(billing_cycle or BillingCycle.MONTHLY)
    if cycle not in tier.billing_cycles:
        raise _refuse(f"This tier is not offered on that billing cycle ({cycle}).",
                      "cycle_not_offered", "billing_cycle")
    if tier.is_free:
        raise _refuse("A free tier takes no discount code.", "not_applicable")
    return _Priced(TargetKind.TIER, tier.id, cycle, tier.price_for(cycle), tier.currency)


def _chapter_price(uow: UnitOfWork, site: Site, chapter_id: str) -> _Priced:
    chapter = uow.chapters.get(chapter_id)
    if chapter is None or chapter.site_id != site.id or chapter.deleted_at is not None:
        raise NotFound("No such chapter.", code="chapter_not_found")
    if chapter.price is None:
        raise _refuse("This chapter is not sold on its own.", "not_applicable")
    return _Priced(TargetKind.CHAPTER, chapter.id, None, chapter.price, chapter.currency)


def _product_price(uow: UnitOfWork, site: Site, product_id: str) -> _Priced:
    product = uow.products.get(product_id)
    if product is None or product.site_id != site.id:
        raise NotFound("No such product.", code="product_not_found")
    if product.price <= 0:
        raise _refuse("A free product takes no discount code.", "not_applicable")
    return _Priced(TargetKind.PRODUCT, product.id, None, product.price, product.currency)


def validate_code(uow: UnitOfWork, *, actor: Actor, site_id: str, code: str,
                  tier_id: str | None = None, billing_cycle: BillingCycle | str | None = None,
                  chapter_id: str | None = None, product_id: str | None = None,
                  amount: int | None = None, now: datetime) -> CodeQuote:
    """Exactly one of ``tier_id`` (with ``billing_cycle``, MONTHLY by default),
    ``chapter_id`` or ``product_id``; the errors are those of ``quote_code`` (422, or 409
    ``code_exhausted``), 404 for an unknown site, tier, chapter or product."""
    chosen = [name for name, value in (("tier_id", tier_id), ("chapter_id", chapter_id),
                                       ("product_id", product_id)) if value]
    if len(chosen) != 1:
        raise _refuse("Name one tier, chapter or product.", "invalid_target", "tier_id")
    site = _site(uow, actor, site_id)
    if product_id:
        priced = _product_price(uow, site, product_id)
    elif tier_id:
        priced = _tier_price(uow, site, tier_id, billing_cycle)
    else:
        priced = _chapter_price(uow, site, chapter_id)
    discount, quote = quote_code(uow, site_id=site.id, code=code, reader_id=actor.user_id,
                                 target_kind=priced.kind, target_id=priced.id,
                                 billing_cycle=priced.cycle, amount=priced.amount,
                                 currency=priced.currency, now=now)
    return CodeQuote(code=discount, quote=quote, currency=priced.currency,
                     target_kind=priced.kind, target_id=priced.id)
