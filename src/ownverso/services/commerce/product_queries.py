"""The read side of products: the team's list, the public shop, the administrators' list and
the site's stats, one statement per page and one per total (rows, not aggregates)."""

import abc
from dataclasses import dataclass
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


class ProductQueries(abc.ABC):
    @abc.abstractmethod
    def list_products(self, query: ProductListQuery) -> tuple[list[dict], int]:
        """Rows of the products table (every column) and the total before the page."""

    @abc.abstractmethod
    def site_stats(self, site_id: str) -> ProductStats: ...
