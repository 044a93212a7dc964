"""The read side of products: the team's list, the public shop, the administrators' list and
the site's stats, one statement per page and one per total (rows, not aggregates)."""

import abc
from dataclasses import dataclass, field
from datetime import datetime

from ownverso.domain.commerce.values import ProductType


@dataclass(frozen=True)
class ProductListQuery:
    site_id: str | None = None
    author_id: str | None = None
    product_type: ProductType | None = None
    is_active: bool | None = None
    search: str | None = None  # in the name or slug, case-insensitive
    listed_at: datetime | None = None  # the public shop: active, not on hold, in its window
    sort: str = "display"  # display | newest | price_asc | price_desc
    offset: int = 0
    limit: int | None = None


@dataclass(frozen=True)
class ProductStats:
    products: int
    active_products: int
    limited_products: int
    sold_out_products: int
    units_sold: int
    orders: int = 0  # SUCCEEDED purchases of the site's products
    revenue: list = field(default_factory=list)  # [{currency, amount, orders}]


@dataclass(frozen=True)
class RevenueTotal:
    """SUCCEEDED purchases of products in one currency: how many, and what they paid."""

    currency: str
    orders: int
    amount: int


def revenue_of(totals: list[RevenueTotal]) -> tuple[int, list[dict]]:
    """Orders across currencies and the revenue per currency, as the schemas show them."""
    return sum(t.orders for t in totals), [
        {"currency": t.currency, "amount": t.amount, "orders": t.orders}
        for t in sorted(totals, key=lambda t: t.currency)]


class ProductQueries(abc.ABC):
    @abc.abstractmethod
    def list_products(self, query: ProductListQuery) -> tuple[list[dict], int]:
        """Rows of the products table (every column) and the total before the page."""

    @abc.abstractmethod
    def site_stats(self, site_id: str) -> ProductStats: ...

    @abc.abstractmethod
    def revenue(self, *, site_id: str, product_id: str | None = None) -> list[RevenueTotal]:
        """SUCCEEDED purchases of the site's products (or one product), per currency: one
        aggregate statement."""
