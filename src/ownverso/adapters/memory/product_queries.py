"""The read side of products on the in-memory suite (the same answers as the SQL one)."""

from ownverso.adapters.memory.persistence import InMemoryDatabase, state_of
from ownverso.domain.commerce.product import Product
from ownverso.domain.commerce.purchase import Purchase, PurchaseStatus
from ownverso.services.commerce.product_queries import (
    ProductListQuery,
    ProductQueries,
    ProductStats,
    RevenueTotal,
)

ORDERS = {
    "display": lambda p: (not p.is_featured, p.display_order, p.created_at, p.id),
    "price_asc": lambda p: (p.price, p.display_order, p.id),
    "price_desc": lambda p: (-p.price, p.display_order, p.id),
}


def _matches(p: Product, query: ProductListQuery) -> bool:
    for name in ("site_id", "author_id", "product_type", "is_active"):
        value = getattr(query, name)
        if value is not None and getattr(p, name) != value:
            return False
    search = (query.search or "").lower()
    if search and search not in p.name.lower() and search not in p.slug:
        return False
    return query.listed_at is None or p.is_listed(query.listed_at)


class InMemoryProductQueries(ProductQueries):
    def __init__(self, db: InMemoryDatabase):
        self.db = db

    def list_products(self, query: ProductListQuery) -> tuple[list[dict], int]:
        found = [p for p in self.db.all(Product) if _matches(p, query)]
        if query.sort == "newest":
            found.sort(key=lambda p: (p.created_at, p.id), reverse=True)
        else:
            found.sort(key=ORDERS[query.sort])
        end = None if query.limit is None else query.offset + query.limit
        return [state_of(p) for p in found[query.offset:end]], len(found)

    def site_stats(self, site_id: str) -> ProductStats:
        mine = [p for p in self.db.all(Product) if p.site_id == site_id]
        return ProductStats(
            products=len(mine), active_products=sum(p.is_active for p in mine),
            limited_products=sum(p.is_limited for p in mine),
            sold_out_products=sum(p.is_sold_out for p in mine),
            units_sold=sum(p.sold_count for p in mine))

    def revenue(self, *, site_id: str, product_id: str | None = None) -> list[RevenueTotal]:
        totals: dict[str, list[int]] = {}
        for p in self.db.all(Purchase):
            if p.site_id == site_id and p.status == PurchaseStatus.SUCCEEDED and \
                    p.product_id and (product_id is None or p.product_id == product_id):
                total = totals.setdefault(p.currency, [0, 0])
                total[0] += 1
                total[1] += p.amount
        return [RevenueTotal(currency=c, orders=n, amount=a) for c, (n, a) in totals.items()]
