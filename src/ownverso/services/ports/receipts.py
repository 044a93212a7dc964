"""Rendering a payment's receipt for its payer (a PDF in production)."""

from __future__ import annotations

import abc
from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class Receipt:
    """What a receipt states; amounts in the smallest currency unit."""

    payment_id: str
    merchant: str  # the site (and its author), or "Ownverso" for what the platform sells
    item: str
    payer: str
    amount: int
    currency: str
    status: str
    paid_at: datetime
    gateway: str
    gateway_payment_id: str
    refunded_amount: int = 0
    refunded_at: datetime | None = None


class ReceiptRenderer(abc.ABC):
    content_type: str
    extension: str

    @abc.abstractmethod
    def render(self, receipt: Receipt) -> bytes: ...
