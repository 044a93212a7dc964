"""The read side of products on SQL: one statement per page, one per total."""

import sqlalchemy as sa

from ownverso.adapters.sql.tables.commerce import products
from ownverso.adapters.sql.tables.purchases import purchases
from ownverso.services.commerce.product_queries import (
    ProductListQuery,
    ProductQueries,
    ProductStats,
    RevenueTotal,
)

c = products.c
ORDERS = {
    "display": (c.is_featured.desc(), c.display_order, c.created_at, c.id),
    "newest": (c.created_at.desc(), c.id.desc()),
    "price_asc": (c.price, c.display_order, c.id),
    "price_desc": (c.price.desc(), c.display_order, c.id),
}


def _clauses(query: ProductListQuery) -> list:
    clauses = []
    for name in ("site_id", "author_id", "product_type", "is_active"):
        value = getattr(query, name)
        if value is not None:
            clauses.append(c[name] == value)
    if query.search:
        clauses.append(sa.or_(c.name.icontains(query.search, autoescape=True),
                              c.slug.icontains(query.search, autoescape=True)))
    if query.listed_at is not None:
        now = query.listed_at
        clauses += [c.is_active.is_(True), c.admin_hold.is_(False),
                    sa.or_(c.available_from.is_(None), c.available_from <= now),
                    sa.or_(c.available_until.is_(None), c.available_until > now)]
    return clauses


class SqlProductQueries(ProductQueries):
    def __init__(self, engine: sa.Engine):
        self.engine = engine

    def list_products(self, query: ProductListQuery) -> tuple[list[dict], int]:
        clauses = _clauses(query)
        page = sa.select(products).where(*clauses).order_by(*ORDERS[query.sort]) \
            .offset(query.offset)
        if query.limit is not None:
            page = page.limit(query.limit)
        total = sa.select(sa.func.count()).select_from(products).where(*clauses)
        with self.engine.connect() as connection:
            rows = [dict(row._mapping) for row in connection.execute(page)]
            return rows, connection.execute(total).scalar_one()

    def site_stats(self, site_id: str) -> ProductStats:
        limited = c.total_quantity.is_not(None)
        count_if = lambda clause: sa.func.count().filter(clause)  # noqa: E731
        query = sa.select(
            sa.func.count().label("products"),
            count_if(c.is_active.is_(True)).label("active_products"),
            count_if(limited).label("limited_products"),
            count_if(limited & (c.sold_count >= c.total_quantity)).label("sold_out_products"),
            sa.func.coalesce(sa.func.sum(c.sold_count), 0).label("units_sold"),
        ).where(c.site_id == site_id)
        with self.engine.connect() as connection:
            row = connection.execute(query).one()
        return ProductStats(**{k: int(v) for k, v in row._mapping.items()})

    def revenue(self, *, site_id: str, product_id: str | None = None) -> list[RevenueTotal]:
        p = purchases.c
        clauses = [p.site_id == site_id, p.status == "SUCCEEDED",
                   p.product_id == product_id if product_id else p.product_id.is_not(None)]
        query = sa.select(p.currency, sa.func.count().label("orders"),
                          sa.func.coalesce(sa.func.sum(p.amount), 0).label("amount")) \
            .where(*clauses).group_by(p.currency)
        with self.engine.connect() as connection:
            return [RevenueTotal(currency=row.currency, orders=int(row.orders),
                                 amount=int(row.amount))
                    for row in connection.execute(query)]
