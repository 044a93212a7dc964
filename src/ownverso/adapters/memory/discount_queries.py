"""The read side of discount codes on the in-memory suite (the same answers as the SQL one)."""

from collections import defaultdict

from ownverso.adapters.memory.persistence import InMemoryDatabase, state_of
from ownverso.domain.memberships.discounts import DiscountCode, normalize_code
from ownverso.domain.memberships.redemption import DiscountRedemption
from ownverso.services.memberships.discount_queries import (
    DiscountCodeListQuery,
    DiscountQueries,
    RedemptionTotal,
)


class InMemoryDiscountQueries(DiscountQueries):
    def __init__(self, db: InMemoryDatabase):
        self.db = db

    def list_codes(self, query: DiscountCodeListQuery) -> tuple[list[dict], int]:
        search = normalize_code(query.search or "")
        found = [d for d in self.db.all(DiscountCode)
                 if d.site_id == query.site_id
                 and (query.is_active is None or d.is_active is query.is_active)
                 and search in d.code]
        found.sort(key=lambda d: (d.created_at, d.id), reverse=True)
        end = None if query.limit is None else query.offset + query.limit
        return [state_of(d) for d in found[query.offset:end]], len(found)

    def redemption_totals(self, code_id: str) -> list[RedemptionTotal]:
        groups: dict = defaultdict(lambda: [0, 0])
        for x in self.db.all(DiscountRedemption):
            if x.code_id == code_id:
                bucket = groups[(str(x.status), x.currency, str(x.target_kind), x.target_id)]
                bucket[0] += 1
                bucket[1] += x.discount_amount
        return [RedemptionTotal(status=k[0], currency=k[1], target_kind=k[2], target_id=k[3],
                                redemptions=n, discount_amount=amount)
                for k, (n, amount) in sorted(groups.items())]
