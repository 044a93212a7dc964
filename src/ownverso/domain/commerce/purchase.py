"""A one-time purchase of a product or a single chapter.

It is written PENDING when the reader opens its checkout and, for a limited product, holds
one unit of stock while it stays PENDING (``services/commerce/purchases.py``). The paid
checkout makes it SUCCEEDED (delivered at once: a download or the chapter); an unpaid one
EXPIRED, a refused one FAILED, and either gives the unit back.

    PENDING --succeed--> SUCCEEDED --refund--> REFUNDED
    PENDING --expire---> EXPIRED
    PENDING --fail-----> FAILED
"""

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from ownverso.domain.entity import Entity
from ownverso.domain.errors import InvalidTransition, RuleViolation


class PurchaseStatus(StrEnum):
    PENDING = "PENDING"
    SUCCEEDED = "SUCCEEDED"
    FAILED = "FAILED"
    EXPIRED = "EXPIRED"
    REFUNDED = "REFUNDED"


class PurchaseItem(StrEnum):
    PRODUCT = "PRODUCT"
    CHAPTER = "CHAPTER"


@dataclass(eq=False, kw_only=True)
class Purchase(Entity):
    buyer_id: str
    site_id: str
    author_id: str
    product_id: str | None = None
    chapter_id: str | None = None
    amount: int = 0  # what the buyer pays, after the discount
    original_amount: int = 0
    discount_amount: int = 0
    currency: str = "INR"
    discount_code_id: str | None = None
    status: PurchaseStatus = PurchaseStatus.PENDING
    checkout_session_id: str | None = None
    failure_code: str | None = None
    delivered_at: datetime | None = None
    download_count: int = 0
    last_downloaded_at: datetime | None = None
    downloads_reset_at: datetime | None = None  # the last approved download reset
    refunded_at: datetime | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None

    @classmethod
    def pending(cls, *, now: datetime, **values) -> "Purchase":
        purchase = cls(**values, status=PurchaseStatus.PENDING, created_at=now, updated_at=now)
        purchase.validate()
        return purchase

    def validate(self) -> None:
        if (self.product_id is None) == (self.chapter_id is None):
            raise RuleViolation("A purchase is of one product or one chapter.",
                                code="invalid_purchase_item",
                                fields={"product_id": ["Exactly one of product or chapter."]})
        if self.amount < 0 or self.original_amount < self.amount or self.discount_amount < 0:
            raise RuleViolation("Amounts are 0 or more, the discount within the price.",
                                code="invalid_purchase_amount",
                                fields={"amount": ["Invalid amounts."]})

    @property
    def item(self) -> PurchaseItem:
        return PurchaseItem.PRODUCT if self.product_id else PurchaseItem.CHAPTER

    @property
    def is_pending(self) -> bool:
        return self.status == PurchaseStatus.PENDING

    @property
    def holds_stock(self) -> bool:
        """A unit of a limited product is held while pending and taken once succeeded."""
        return self.status in (PurchaseStatus.PENDING, PurchaseStatus.SUCCEEDED)

    def _leave(self, expected: PurchaseStatus, action: str) -> None:
        if self.status != expected:
            raise InvalidTransition(f"Cannot {action} a {self.status} purchase.",
                                    code=f"purchase_{self.status.lower()}",
                                    fields={"status": [self.status.value]})

    def succeed(self, *, now: datetime) -> None:
        """Paid and delivered at once."""
        self._leave(PurchaseStatus.PENDING, "complete")
        self.status, self.delivered_at, self.updated_at = PurchaseStatus.SUCCEEDED, now, now

    def expire(self, *, now: datetime) -> None:
        self._leave(PurchaseStatus.PENDING, "expire")
        self.status, self.updated_at = PurchaseStatus.EXPIRED, now

    def fail(self, *, now: datetime, code: str | None = None) -> None:
        self._leave(PurchaseStatus.PENDING, "fail")
        self.status, self.failure_code, self.updated_at = PurchaseStatus.FAILED, code, now

    def refund(self, *, now: datetime) -> None:
        self._leave(PurchaseStatus.SUCCEEDED, "refund")
        self.status, self.refunded_at, self.updated_at = PurchaseStatus.REFUNDED, now, now
