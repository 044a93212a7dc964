"""A checkout session: our record of one payment a reader started.

It names what is being bought (``kind`` and ``payload``), the amount after any discount, the
gateway checkout that collects it, and the outcome. Fulfilment runs once: the first
``complete`` wins and later deliveries of the same success find it COMPLETE.

    OPEN --complete--> COMPLETE      (paid: the subscription, gift ... exists, ``result_id``)
    OPEN --expire----> EXPIRED       (not paid within its window: reservations return)
    OPEN --fail------> FAILED        (paid but could not be fulfilled, ``failure_code``)
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum

from ownverso.domain.entity import Entity
from ownverso.domain.errors import InvalidTransition

CHECKOUT_WINDOW = timedelta(minutes=30)


class CheckoutKind(StrEnum):
    SUBSCRIPTION = "SUBSCRIPTION"
    GIFT = "GIFT"
    PURCHASE = "PURCHASE"  # a product or a chapter, once
    TIP = "TIP"
    COINS = "COINS"  # a coin package for the reader's wallet


class CheckoutStatus(StrEnum):
    OPEN = "OPEN"
    COMPLETE = "COMPLETE"
    EXPIRED = "EXPIRED"
    FAILED = "FAILED"


@dataclass(eq=False, kw_only=True)
class CheckoutSession(Entity):
    kind: CheckoutKind
    user_id: str
    site_id: str | None = None
    tier_id: str | None = None  # a subscription's or gift's tier (it holds a seat while open)
    status: CheckoutStatus = CheckoutStatus.OPEN
    amount: int = 0  # what the reader pays now, smallest currency unit
    original_amount: int = 0  # before the discount
    discount_amount: int = 0
    currency: str = "INR"
    discount_code_id: str | None = None
    payload: dict = field(default_factory=dict)  # what is bought: tier, cycle, months ...
    gateway: str | None = None
    gateway_checkout_id: str | None = None
    checkout_url: str | None = None
    result_id: str | None = None  # the subscription, gift ... it produced
    failure_code: str | None = None
    expires_at: datetime | None = None
    completed_at: datetime | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None

    @classmethod
    def open(cls, *, now: datetime, **values) -> "CheckoutSession":
        return cls(**values, status=CheckoutStatus.OPEN, expires_at=now + CHECKOUT_WINDOW,
                   created_at=now, updated_at=now)

    @property
    def is_open(self) -> bool:
        return self.status == CheckoutStatus.OPEN

    def is_stale(self, now: datetime) -> bool:
        """Open past its window: the expiry job (or a poll) closes it."""
        return self.is_open and self.expires_at is not None and now >= self.expires_at

    def _leave_open(self, action: str) -> None:
        if not self.is_open:
            raise InvalidTransition(f"Cannot {action} a {self.status} checkout.",
                                    code=f"checkout_{self.status.lower()}",
                                    fields={"status": self.status.value})

    def complete(self, *, now: datetime, result_id: str) -> None:
        self._leave_open("complete")
        self.status, self.result_id = CheckoutStatus.COMPLETE, result_id
        self.completed_at = self.updated_at = now

    def expire(self, *, now: datetime) -> None:
        self._leave_open("expire")
        self.status, self.updated_at = CheckoutStatus.EXPIRED, now

    def fail(self, *, now: datetime, code: str) -> None:
        self._leave_open("fail")
        self.status, self.failure_code, self.updated_at = CheckoutStatus.FAILED, code, now
