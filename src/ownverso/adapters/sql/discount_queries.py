"""The read side of discount codes on SQL: one statement per page, one per total."""

import sqlalchemy as sa

from ownverso.adapters.sql.tables.discounts import discount_codes, discount_redemptions
from ownverso.domain.memberships.discounts import normalize_code
from ownverso.services.memberships.discount_queries import (
    DiscountCodeListQuery,
    DiscountQueries,
    RedemptionTotal,
)

c, r = discount_codes.c, discount_redemptions.c


def _value(enum_or_text) -> str:
    return getattr(enum_or_text, "value", enum_or_text)


class SqlDiscountQueries(DiscountQueries):
    def __init__(self, engine: sa.Engine):
        self.engine = engine

    def list_codes(self, query: DiscountCodeListQuery) -> tuple[list[dict], int]:
        clauses = [c.site_id == query.site_id]
        if query.is_active is not None:
            clauses.append(c.is_active == query.is_active)
        if query.search:
            # codes are stored upper-case: the search is too
            clauses.append(c.code.contains(normalize_code(query.search), autoescape=True))
        page = sa.select(discount_codes).where(*clauses) \
            .order_by(c.created_at.desc(), c.id.desc()).offset(query.offset)
        if query.limit is not None:
            page = page.limit(query.limit)
        total = sa.select(sa.func.count()).select_from(discount_codes).where(*clauses)
        with self.engine.connect() as connection:
            rows = [dict(row._mapping) for row in connection.execute(page)]
            return rows, connection.execute(total).scalar_one()

    def redemption_totals(self, code_id: str) -> list[RedemptionTotal]:
        groups = (r.status, r.currency, r.target_kind, r.target_id)
        query = sa.select(*groups, sa.func.count().label("redemptions"),
                          sa.func.coalesce(sa.func.sum(r.discount_amount), 0).label("amount")) \
            .where(r.code_id == code_id).group_by(*groups).order_by(*groups)
        with self.engine.connect() as connection:
            return [RedemptionTotal(status=_value(row.status), currency=row.currency,
                                    target_kind=_value(row.target_kind),
                                    target_id=row.target_id, redemptions=row.redemptions,
                                    discount_amount=int(row.amount))
                    for row in connection.execute(query)]
