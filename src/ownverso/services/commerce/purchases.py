"""One-time purchases: a reader buys a product or a single chapter through a PURCHASE
checkout, and lists what they bought.

Opening writes a PENDING purchase with its OPEN checkout in one unit of work (with the
discount code's reserved use); ``PurchaseFulfiller`` (``purchase_fulfilment.py``) makes it
SUCCEEDED once paid, and gives it back (EXPIRED or FAILED) when the checkout closes unpaid.

Stock never oversells. A limited product's units are ``sold_count`` (SUCCEEDED purchases)
plus the PENDING purchases still inside their checkout window; both are read under a row lock
on the product (``SELECT ... FOR UPDATE``), so concurrent buyers queue on the product row and
``sold + held <= total_quantity`` always holds; the loser is 409 ``sold_out``. A pending
purchase past its window no longer holds its unit (the expiry job then closes it EXPIRED); if
such a late one is paid anyway, the fulfiller refuses it when no unit is left (the checkout
FAILS with ``sold_out``, never a negative stock). Nothing about stock is stored besides
``sold_count``: what is held is derived from the purchases (index on product and status).
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from ownverso.domain.checkout.session import CHECKOUT_WINDOW, CheckoutKind, CheckoutSession
from ownverso.domain.commerce.product import Product
from ownverso.domain.commerce.purchase import Purchase, PurchaseStatus
from ownverso.domain.errors import InvalidTransition
from ownverso.domain.memberships.discount_values import TargetKind
from ownverso.domain.publishing.chapter import Chapter
from ownverso.services.access.gathering import gather
from ownverso.services.checkout.sessions import CheckoutService
from ownverso.services.commerce.license_keys import LicenseKeys
from ownverso.services.commerce.licenses import LicenseView, owned_licenses
from ownverso.services.commerce.product_access import product_not_found
from ownverso.services.context import Actor
from ownverso.services.errors import (
    Conflict,
    NotFound,
    PermissionDenied,
    ValidationFailed,
)
from ownverso.services.memberships.discount_redemptions import reserve_code
from ownverso.services.memberships.subscription_support import RESTRICTED
from ownverso.services.ports import Clock, IdGenerator, UnitOfWork

NEWEST = ("-created_at", "-id")


def purchase_not_found() -> NotFound:
    return NotFound("No such purchase.", code="purchase_not_found")


def sold_out() -> Conflict:
    return Conflict("This product is sold out.", code="sold_out",
                    fields={"product_id": ["Sold out."]})


def already_owned(field: str = "chapter_id") -> Conflict:
    return Conflict("You already own this.", code="already_owned", fields={field: ["Owned."]})


def held_units(uow: UnitOfWork, product_id: str, now: datetime) -> int:
    """Units held by pending purchases still inside their checkout window."""
    return uow.purchases.count(product_id=product_id, status=PurchaseStatus.PENDING,
                               created_at__gt=now - CHECKOUT_WINDOW)


@dataclass(frozen=True)
class PurchaseView:
    """A purchase with what it bought (the product or the chapter, when they still exist)
    and the license key sold with a licensed product."""

    purchase: Purchase
    product: Product | None
    chapter: Chapter | None
    license: LicenseView | None = None

    @property
    def item_type(self) -> str:
        return self.purchase.item.value

    @property
    def item_name(self) -> str | None:
        if self.product is not None:
            return self.product.name
        return self.chapter.title if self.chapter is not None else None


def purchase_views(uow: UnitOfWork, purchases: list[Purchase], *,
                   keys: LicenseKeys | None = None,
                   now: datetime | None = None) -> list[PurchaseView]:
    """Two queries for any number of purchases; with ``keys`` and ``now`` (their buyer's
    reads) a third brings their licenses, keys shown."""
    product_ids = sorted({p.product_id for p in purchases if p.product_id})
    chapter_ids = sorted({p.chapter_id for p in purchases if p.chapter_id})
    products = {p.id: p for p in uow.products.list(id__in=product_ids)} if product_ids else {}
    chapters = {c.id: c for c in uow.chapters.list(id__in=chapter_ids)} if chapter_ids else {}
    licenses = owned_licenses(uow, purchases, products, keys=keys, now=now) \
        if keys is not None and now is not None else {}
    return [PurchaseView(purchase=p, product=products.get(p.product_id or ""),
                         chapter=chapters.get(p.chapter_id or ""), license=licenses.get(p.id))
            for p in purchases]


@dataclass(frozen=True)
class _Item:
    """What is being bought, priced, with the lock already taken (products)."""

    site_id: str
    author_id: str
    price: int
    currency: str
    name: str
    target_kind: TargetKind
    target_id: str
    product_id: str | None = None
    chapter_id: str | None = None


class PurchaseService:
    def __init__(self, *, uow: Callable[[], UnitOfWork], clock: Clock, ids: IdGenerator,
                 checkout: CheckoutService, keys: LicenseKeys):
        self.uow, self.clock, self.ids, self.checkout = uow, clock, ids, checkout
        self.keys = keys  # shows the buyer the license keys of their purchases

    # -- buying -------------------------------------------------------------------------------
    def buy(self, *, actor: Actor, product_id: str | None = None,
            chapter_id: str | None = None, discount_code: str | None = None
            ) -> CheckoutSession:
        """A PURCHASE checkout for one product or one chapter: OPEN with the gateway's URL,
        or COMPLETE at once when nothing is due (a free product, a 100% code). Asking again
        while the same purchase is pending answers its open checkout. 404 product_not_found,
        chapter_not_found; 409 sold_out, already_owned, product_unavailable,
        product_has_no_file; 422 own_item, not_for_sale, already_readable, invalid_target and
        the discount code's refusals; 403 account_restricted."""
        if bool(product_id) == bool(chapter_id):
            message = "Name one product or one chapter."
            raise ValidationFailed(message, code="invalid_target",
                                   fields={"product_id": [message], "chapter_id": [message]})
        now = self.clock.now()
        with self.uow() as uow:
            buyer = uow.users.get(actor.user_id)
            if buyer is None or buyer.status in RESTRICTED:
                raise PermissionDenied("This account cannot buy.", code="account_restricted")
            same = self._same_pending(uow, actor.user_id, product_id, chapter_id,
                                      discount_code, now)
            if same is not None:
                return same
            item = self._product(uow, actor, product_id, now) if product_id \
                else self._chapter(uow, actor, chapter_id or "", now)
            session = self._open(uow, actor, item, discount_code, now)
            if session.amount == 0:
                self.checkout.settle_free(uow, session)
            uow.commit()
        return session if not session.is_open else self.checkout.collect(session.id)

    def _same_pending(self, uow: UnitOfWork, buyer_id: str, product_id: str | None,
                      chapter_id: str | None, code: str | None, now: datetime
                      ) -> CheckoutSession | None:
        filters = {"product_id": product_id} if product_id else {"chapter_id": chapter_id}
        for purchase in uow.purchases.list(buyer_id=buyer_id, status=PurchaseStatus.PENDING,
                                           created_at__gt=now - CHECKOUT_WINDOW, **filters):
            session = uow.checkout_sessions.get(purchase.checkout_session_id or "")
            if session is not None and session.is_open and not session.is_stale(now) \
                    and session.payload.get("discount_code") == code:
                return session
        return None

    @staticmethod
    def _owned(uow: UnitOfWork, buyer_id: str, **item: str) -> bool:
        return uow.purchases.count(buyer_id=buyer_id, status=PurchaseStatus.SUCCEEDED,
                                   **item) > 0

    def _product(self, uow: UnitOfWork, actor: Actor, product_id: str,
                 now: datetime) -> _Item:
        product = uow.products.get_by(id=product_id, for_update=True)
        site = uow.sites.get(product.site_id) if product else None
        if product is None or site is None or site.is_deleted \
                or not site.is_visible_to_public or not product.is_listed(now):
            raise product_not_found()
        if product.author_id == actor.user_id:
            raise ValidationFailed("Authors do not buy their own products.", code="own_item",
                                   fields={"product_id": ["Your own product."]})
        if self._owned(uow, actor.user_id, product_id=product.id):
            raise already_owned("product_id")
        try:
            product.check_sellable(now, quantity=held_units(uow, product.id, now) + 1)
        except InvalidTransition as error:
            if error.code == "product_sold_out":
                raise sold_out() from None
            raise Conflict(error.message, code=error.code, fields=error.fields) from None
        return _Item(site_id=product.site_id, author_id=product.author_id,
                     price=product.price, currency=product.currency, name=product.name,
                     target_kind=TargetKind.PRODUCT, target_id=product.id,
                     product_id=product.id)

    def _chapter(self, uow: UnitOfWork, actor: Actor, chapter_id: str,
                 now: datetime) -> _Item:
        found = gather(uow, actor, chapter_id, now=now)
        chapter, decision = found.chapter, found.decision
        if chapter.author_id == actor.user_id or found.site.author_id == actor.user_id:
            raise ValidationFailed("Authors do not buy their own chapters.", code="own_item",
                                   fields={"chapter_id": ["Your own chapter."]})
        if decision.reason == "account_restricted":
            raise PermissionDenied("This account cannot buy.", code="account_restricted")
        if decision.granted:
            if decision.reason == "purchase":
                raise already_owned()
            raise ValidationFailed("You can already read this chapter.",
                                   code="already_readable",
                                   fields={"chapter_id": [f"Readable ({decision.reason})."]})
        price = decision.unlock_options.purchase_price
        if not price:
            raise ValidationFailed("This chapter is not sold on its own.",
                                   code="not_for_sale", fields={"chapter_id": ["No price."]})
        return _Item(site_id=chapter.site_id, author_id=found.site.author_id, price=price,
                     currency=decision.unlock_options.currency or chapter.currency,
                     name=chapter.title or "Chapter", target_kind=TargetKind.CHAPTER,
                     target_id=chapter.id, chapter_id=chapter.id)

    def _open(self, uow: UnitOfWork, actor: Actor, item: _Item, code: str | None,
              now: datetime) -> CheckoutSession:
        site = uow.sites.get(item.site_id)
        session = CheckoutSession.open(
            now=now, id=self.ids.new_id("cs"), kind=CheckoutKind.PURCHASE,
            user_id=actor.user_id, site_id=item.site_id, amount=item.price,
            original_amount=item.price, currency=item.currency,
            payload={"item_type": item.target_kind.value, "product_id": item.product_id,
                     "chapter_id": item.chapter_id, "item_name": item.name,
                     "site_name": site.name if site else None, "discount_code": code})
        if code:
            discount, quote, _ = reserve_code(
                uow, site_id=item.site_id, code=code, reader_id=actor.user_id,
                target_kind=item.target_kind, target_id=item.target_id, billing_cycle=None,
                amount=item.price, currency=item.currency, now=now, checkout_id=session.id)
            session.discount_code_id = discount.id
            session.amount = quote.final_amount
            session.discount_amount = item.price - quote.final_amount
        purchase = Purchase.pending(
            now=now, id=self.ids.new_id("pur"), buyer_id=actor.user_id, site_id=item.site_id,
            author_id=item.author_id, product_id=item.product_id, chapter_id=item.chapter_id,
            amount=session.amount, original_amount=item.price,
            discount_amount=session.discount_amount, currency=item.currency,
            discount_code_id=session.discount_code_id, checkout_session_id=session.id)
        session.payload["purchase_id"] = purchase.id
        uow.checkout_sessions.add(session)
        uow.purchases.add(purchase)
        return session

    # -- reading ------------------------------------------------------------------------------
    def mine(self, *, actor: Actor, status: PurchaseStatus | None = None, offset: int = 0,
             limit: int | None = None) -> tuple[list[PurchaseView], int]:
        """My purchases, newest first (optionally of one status)."""
        filters: dict = {"buyer_id": actor.user_id}
        if status:
            filters["status"] = PurchaseStatus(status)
        with self.uow() as uow:
            items = uow.purchases.list(order_by=NEWEST, offset=offset, limit=limit, **filters)
            return (purchase_views(uow, items, keys=self.keys, now=self.clock.now()),
                    uow.purchases.count(**filters))

    def one(self, *, actor: Actor, purchase_id: str) -> PurchaseView:
        """One of my purchases; anyone else's is 404."""
        with self.uow() as uow:
            purchase = uow.purchases.get(purchase_id) if purchase_id else None
            if purchase is None or purchase.buyer_id != actor.user_id:
                raise purchase_not_found()
            return purchase_views(uow, [purchase], keys=self.keys, now=self.clock.now())[0]
