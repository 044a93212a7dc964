"""The payment gateway."""

from __future__ import annotations

import abc
from dataclasses import dataclass, field


# -- payments -----------------------------------------------------------------------------
@dataclass
class Checkout:
    id: str
    amount: int  # smallest currency unit
    currency: str
    status: str  # open, complete, expired
    url: str
    metadata: dict = field(default_factory=dict)


class PaymentGateway(abc.ABC):
    name: str

    @abc.abstractmethod
    def create_checkout(self, *, amount: int, currency: str, description: str,
                        metadata: dict, success_url: str, cancel_url: str,
                        idempotency_key: str) -> Checkout: ...

    @abc.abstractmethod
    def get_checkout(self, checkout_id: str) -> Checkout: ...

    @abc.abstractmethod
    def sync_plan(self, *, plan_key: str, name: str, amount: int, currency: str,
                  interval: str) -> str:
        """Create or update the gateway's recurring plan for ``plan_key`` and return its id
        (the same key always answers the same id)."""
