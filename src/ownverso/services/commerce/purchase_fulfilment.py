"""A paid PURCHASE checkout: the pending purchase becomes SUCCEEDED and is delivered (a
product's unit is sold, with its license key when the product is licensed; a chapter's
permanent PURCHASE entitlement written); a closed one
gives its purchase back (EXPIRED or FAILED), which returns its held unit of stock."""

from datetime import datetime

from ownverso.domain.access.entitlement import ChapterEntitlement
from ownverso.domain.access.inputs import EntitlementKind
from ownverso.domain.checkout.session import CheckoutKind, CheckoutSession, CheckoutStatus
from ownverso.domain.commerce.product import Product
from ownverso.domain.commerce.purchase import Purchase
from ownverso.services.checkout.fulfilment import Fulfiller
from ownverso.services.commerce.license_keys import LicenseKeys
from ownverso.services.commerce.licenses import issue_for_purchase
from ownverso.services.commerce.product_access import product_not_found
from ownverso.services.commerce.purchases import already_owned, purchase_not_found, sold_out
from ownverso.services.errors import domain_rules
from ownverso.services.ports import IdGenerator, UnitOfWork
from ownverso.services.referrals.qualification import record_reader_revenue


def session_purchase(uow: UnitOfWork, session: CheckoutSession) -> Purchase | None:
    return uow.purchases.get_by(checkout_session_id=session.id, for_update=True)


class PurchaseFulfiller(Fulfiller):
    kind = CheckoutKind.PURCHASE

    def __init__(self, *, ids: IdGenerator, keys: LicenseKeys):
        self.ids, self.keys = ids, keys

    def describe(self, session: CheckoutSession) -> str:
        payload = session.payload
        where = f" on {payload['site_name']}" if payload.get("site_name") else ""
        return f"{payload.get('item_name') or 'Purchase'}{where}"

    def fulfil(self, uow: UnitOfWork, session: CheckoutSession, now: datetime) -> str:
        purchase = session_purchase(uow, session)
        if purchase is None:
            raise purchase_not_found()
        product = None
        if purchase.product_id:
            product = self._sell_unit(uow, purchase.product_id, now)
        else:
            self._entitle(uow, purchase, now)
        with domain_rules():
            purchase.succeed(now=now)
        if product is not None:
            issue_for_purchase(uow, purchase, product, keys=self.keys, ids=self.ids, now=now)
        if purchase.amount > 0:
            record_reader_revenue(uow, author_id=purchase.author_id, now=now,
                                  event="reader_purchase")
        return purchase.id

    @staticmethod
    def _sell_unit(uow: UnitOfWork, product_id: str, now: datetime) -> Product:
        """Under the product's row lock; a unit that is no longer there (a late payment of a
        purchase past its window) refuses the sale rather than going below zero."""
        product = uow.products.get_by(id=product_id, for_update=True)
        if product is None:
            raise product_not_found()
        if product.total_quantity is not None and product.sold_count >= product.total_quantity:
            raise sold_out()
        product.sold_count += 1
        product.updated_at = now
        return product

    def _entitle(self, uow: UnitOfWork, purchase: Purchase, now: datetime) -> None:
        """The chapter's PURCHASE entitlement: written, or granted again when an earlier one
        was refunded or charged back; 409 ``already_owned`` while one still counts."""
        assert purchase.chapter_id is not None
        held = uow.chapter_entitlements.get_by(user_id=purchase.buyer_id,
                                               chapter_id=purchase.chapter_id,
                                               kind=EntitlementKind.PURCHASE, for_update=True)
        if held is None:
            uow.chapter_entitlements.add(ChapterEntitlement.grant(
                id=self.ids.new_id("ent"), user_id=purchase.buyer_id,
                chapter_id=purchase.chapter_id, kind=EntitlementKind.PURCHASE,
                source_id=purchase.id, now=now))
        elif held.counts:
            raise already_owned()
        else:
            held.regrant(source_id=purchase.id, now=now)

    def release(self, uow: UnitOfWork, session: CheckoutSession, now: datetime) -> None:
        purchase = session_purchase(uow, session)
        if purchase is None or not purchase.is_pending:
            return
        if session.status == CheckoutStatus.FAILED:
            purchase.fail(now=now, code=session.failure_code)
        else:
            purchase.expire(now=now)
