"""The read side of discount codes: a site's list (with search) and the redemption totals
behind a code's stats, in SQL and in memory alike."""

import abc
from dataclasses import dataclass


@dataclass(frozen=True)
class DiscountCodeListQuery:
    site_id: str
    is_active: bool | None = None
    search: str | None = None  # part of the code, any case
    offset: int = 0
    limit: int | None = None


@dataclass(frozen=True)
class RedemptionTotal:
    """Redemptions of one code sharing a status, currency and target, and what they took."""

    status: str
    currency: str
    target_kind: str
    target_id: str
    redemptions: int
    discount_amount: int


class DiscountQueries(abc.ABC):
    """One statement for a page, one for its total; one for a code's totals."""

    @abc.abstractmethod
    def list_codes(self, query: DiscountCodeListQuery) -> tuple[list[dict], int]:
        """Rows as dicts with the ``DiscountCode`` field names, newest first, and the total
        matching."""

    @abc.abstractmethod
    def redemption_totals(self, code_id: str) -> list[RedemptionTotal]:
        """The code's redemptions grouped by status, currency, target kind and target id."""
